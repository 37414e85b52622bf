#!/usr/bin/env python3
"""Regenerate the CPython-checked scoping corpus for compiler/resolve.

Writes random programs with nested functions, classes, lambdas,
comprehensions, walruses, global/nonlocal and name mangling, keeps those
CPython 3.11 compiles, and records for each one what CPython decided:

    scope QUALNAME cells=a,b frees=c locals=x,y gen=0|1
    ref LINE NAME FAMILY[,FAMILY]

FAMILY is how CPython accessed NAME on LINE (fast, deref, classderef,
global, name); at module level every access counts as "name". Locals are
sorted (the resolver orders them differently from co_varnames).

Usage: python3 gen.py [SEED] [COUNT]   (run from this folder)
"""
import collections
import dis
import glob
import os
import random
import sys
import types

NAMES = ['a', 'b', 'c', 'x', '__p', 'super', '__class__', 'len']
# Names the compiler uses without a source occurrence.
IMPLICIT = {'__module__', '__qualname__', '__name__', '__classcell__', '__annotations__'}
FAMILY = {
    'LOAD_FAST': 'fast', 'STORE_FAST': 'fast', 'DELETE_FAST': 'fast',
    'LOAD_DEREF': 'deref', 'STORE_DEREF': 'deref', 'DELETE_DEREF': 'deref',
    'LOAD_CLASSDEREF': 'classderef',
    'LOAD_GLOBAL': 'global', 'STORE_GLOBAL': 'global', 'DELETE_GLOBAL': 'global',
    'LOAD_NAME': 'name', 'STORE_NAME': 'name', 'DELETE_NAME': 'name',
}


def program(rng):
    lines = []

    def ind(d):
        return '    ' * d

    def expr(depth):
        r = rng.random()
        n = rng.choice(NAMES)
        if depth > 2 or r < 0.4:
            return 'super()' if n == 'super' else n
        if r < 0.5:
            params = rng.choice(['', 'a', 'x, b=' + n])
            return f'(lambda {params}: {expr(depth + 1)})'
        if r < 0.6:
            t = rng.choice(['a', 'x', 'c'])
            return f'[{expr(depth + 1)} for {t} in {expr(depth + 1)}]'
        if r < 0.67:
            t = rng.choice(['a', 'x'])
            return f'({expr(depth + 1)} for {t} in {expr(depth + 1)} if {expr(depth + 1)})'
        if r < 0.72:
            t = rng.choice(['a', 'b'])
            return f'{{{expr(depth + 1)}: {n} for {t} in {expr(depth + 1)}}}'
        if r < 0.8:
            return f'({rng.choice(["a", "b", "x", "c"])} := {expr(depth + 1)})'
        if r < 0.85:
            return f'(yield {n})'
        return f'{n}.attr'

    def block(d, depth, kind):
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            n = rng.choice(NAMES[:5])
            if r < 0.2:
                lines.append(f'{ind(d)}{n} = {expr(0)}')
            elif r < 0.3:
                lines.append(f'{ind(d)}print({expr(0)})')
            elif r < 0.34:
                lines.append(f'{ind(d)}global {n}')
            elif r < 0.38 and kind == 'def':
                lines.append(f'{ind(d)}nonlocal {n}')
            elif r < 0.44:
                lines.append(f'{ind(d)}{n} += 1')
            elif r < 0.47:
                lines.append(f'{ind(d)}del {n}')
            elif r < 0.52:
                lines.append(f'{ind(d)}import {n}.sub')
            elif r < 0.55:
                lines.append(f'{ind(d)}{n}: int = {expr(0)}')
            elif depth < 4 and r < 0.68:
                args = rng.choice(['', 'a', 'self', 'x, *b', '__p, /, c=a, *, x', 'a, **c'])
                lines.append(f'{ind(d)}def {rng.choice(["f", "g", "__h", "a"])}({args}):')
                block(d + 1, depth + 1, 'def')
            elif depth < 4 and r < 0.78:
                lines.append(f'{ind(d)}class {rng.choice(["C", "D", "__E"])}:')
                block(d + 1, depth + 1, 'class')
            elif depth < 4 and r < 0.85:
                lines.append(f'{ind(d)}for {n} in {expr(0)}:')
                block(d + 1, depth + 1, kind)
            elif depth < 4 and r < 0.9:
                lines.append(f'{ind(d)}try:')
                block(d + 1, depth + 1, kind)
                lines.append(f'{ind(d)}except E as {n}:')
                block(d + 1, depth + 1, kind)
            elif depth < 4 and r < 0.95:
                lines.append(f'{ind(d)}with {expr(0)} as ({n}, {rng.choice(NAMES[:5])}):')
                block(d + 1, depth + 1, kind)
            else:
                lines.append(f'{ind(d)}{expr(0)}')

    block(0, 0, 'module')
    return '\n'.join(lines) + '\n'


def golden(src):
    co = compile(src, 'prog', 'exec')
    codes = []

    def walk(c):
        codes.append(c)
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                walk(k)
    walk(co)
    out = []
    for c in codes:
        if c is co:
            continue
        locs = sorted(c.co_varnames) if c.co_flags & 3 else []
        out.append('scope %s cells=%s frees=%s locals=%s gen=%d' % (
            c.co_qualname, ','.join(sorted(c.co_cellvars)), ','.join(sorted(c.co_freevars)),
            ','.join(locs), 1 if c.co_flags & 0x20 else 0))
    refs = collections.defaultdict(set)
    for c in codes:
        for ins in dis.get_instructions(c):
            fam = FAMILY.get(ins.opname)
            if fam is None or not ins.positions or not ins.positions.lineno:
                continue
            name = ins.argval
            if name in IMPLICIT:
                continue
            if name.startswith('_') and '__' in name[1:] and not name.endswith('__'):
                name = name[name.index('__', 1):]  # unmangle _C__x
            refs[(ins.positions.lineno, name)].add('name' if c is co else fam)
    for (line, name), fams in sorted(refs.items()):
        out.append('ref %d %s %s' % (line, name, ','.join(sorted(fams))))
    return '\n'.join(out) + '\n'


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    for old in glob.glob('prog*.weft') + glob.glob('prog*.golden'):
        os.remove(old)
    rng = random.Random(seed)
    kept = 0
    while kept < count:
        src = program(rng)
        try:
            g = golden(src)
        except SyntaxError:
            continue
        if 'def ' not in src and 'class ' not in src or src.count('\n') > 30:
            continue
        with open('prog%03d.weft' % kept, 'w') as f:
            f.write(src)
        with open('prog%03d.golden' % kept, 'w') as f:
            f.write(g)
        kept += 1


if __name__ == '__main__':
    main()
