package vm

import (
	"strconv"
	"strings"
	"testing"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

var strSamples = []string{
	"''", "'abc'", "'ABC'", "'Abc'", "'123'", "'abc123'", "' '", "'\\t\\n'", "'a b'", "'ü'", "'ÄÖ'", "'12.5'", "'-1'",
	"'x_y'", "'ABC1'", "'abc!'", "'hello world'", "'HELLO World'", "\"it's a dog's life\"", "'3rd place'",
	"'ünïcödé'", "'mIxEd CaSe'", "'straße'", "'ΣΑΣ'", "'ΟΔΟΣ ΣΑΣ'", "'σας'", "'ǅ'", "'ǆ'", "'İ'", "'٣'", "'Ⅻ'", "'ﬁ'",
	"'éÉ'", "'ÀÉÎ'", "'àéî'", "'ŉ'", "'hello-world_foo bar'", "\"o'neil\"", "'x1y2z3'", "'²'", "'½'", "'一二三'",
	"'\\u2028'", "'\\x1c'", "'\\xa0'", "'  lead'", "'trail  '", "'Title Case Words'", "'ΑΣ.'", "'AΣ\\u0301b'",
	"'\\u0345'", "'ß'", "'ﬃ'", "'ᾳ'", "'Ǆ'", "'_ident'", "'1abc'", "'a-b'", "'ⅷ'", "'\\U0001d7ce'", "'ῼ'",
}

func TestStrPredicatesAndCaseAgainstPython(t *testing.T) {
	var exprs []string
	for _, s := range strSamples {
		for _, m := range []string{"isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper", "islower",
			"istitle", "isidentifier", "isprintable", "isascii", "upper", "lower", "capitalize", "title", "swapcase", "casefold"} {
			exprs = append(exprs, s+"."+m+"()")
		}
		exprs = append(exprs, "repr("+s+")", "ascii("+s+")", "len("+s+")", "str("+s+")")
	}
	oracleCheck(t, exprs)
}

func TestStrMethodsAgainstPython(t *testing.T) {
	exprs := []string{
		"'a,b,,c'.split(',')", "'a,b,,c'.split(',', 1)", "'a,b,,c'.rsplit(',', 1)", "'  a  b c  '.split()", "'  a  b c  '.split(None, 1)",
		"'  a  b c  '.rsplit(None, 1)", "'  a  b c  '.rsplit(maxsplit=1)", "''.split()", "''.split(',')", "'abc'.split('')",
		"'abc'.split(1)", "'a b'.split(sep=None)", "'a\\x1cb\\u2003c'.split()", "'aXbXc'.split('X', -5)", "'aXbXc'.rsplit('X', 0)",
		"'a b c'.split(maxsplit=0)", "'a b c'.split(' ', maxsplit=1)", "'abc'.split(x=1)", "'a b'.split(' ', 1, 2)",
		"'aaa'.split('aa')", "'aaa'.rsplit('aa')", "'éaéb'.split('a')",
		"','.join(['a', 'b'])", "','.join([])", "','.join(['a'])", "','.join('abc')", "','.join([1])", "','.join(['a', 1])",
		"','.join(1)", "''.join(('x', 'y'))", "'é'.join('ab')",
		"'  x  '.strip()", "'xxhixx'.strip('x')", "'  x  '.lstrip()", "'  x  '.rstrip()", "'abcba'.strip('ab')", "'a'.strip(1)",
		"'\\u2003x\\x1f'.strip()", "'éxé'.strip('é')", "'abc'.strip(None)",
		"'hello'.startswith('he')", "'hello'.startswith(('x', 'he'))", "'hello'.startswith('l', 2)", "'hello'.startswith('', 5)",
		"'hello'.startswith('', 6)", "'hello'.endswith('lo')", "'hello'.endswith('l', 0, 4)", "'hello'.endswith(('a', 'b'))",
		"'a'.startswith(1)", "'a'.startswith((1,))", "'hello'.endswith('hello', -10)", "'hello'.startswith('ell', -4, -1)",
		"'hello'.find('l')", "'hello'.rfind('l')", "'hello'.find('l', 3)", "'hello'.find('l', -2)", "'hello'.find('z')",
		"'hello'.find('')", "'hello'.find('', 5)", "'hello'.find('', 6)", "'hello'.rfind('')", "'hello'.rfind('', 2, 3)",
		"'hello'.index('e')", "'hello'.index('z')", "'hello'.rindex('z')", "'héllo'.find('l')", "'héllo'.rfind('l', 0, 3)",
		"'hello'.find('l', None, 3)", "'hello'.find('l', 1.5)", "'hello'.find(1)", "'hello'.find()", "'abc'.find('a', 1, 2, 3)",
		"'aaaa'.count('a')", "'aaaa'.count('aa')", "'aaaa'.count('')", "'aaaa'.count('', 2)", "'aaaa'.count('', 5)",
		"'aaaa'.count('a', 1, -1)", "'éaé'.count('é')", "'abc'.count()",
		"'aaa'.replace('a', 'b')", "'aaa'.replace('a', 'b', 2)", "'aaa'.replace('', '-')", "'aaa'.replace('', '-', 2)",
		"'aaa'.replace('a', '')", "'abc'.replace('x', 'y')", "'aaa'.replace('a', 'b', -1)", "'aaa'.replace('a', 'b', 0)",
		"'a'.replace('a')", "'a'.replace('a', 'b', count=1)", "'a'.replace(1, 'b')", "'éé'.replace('é', 'e')",
		"'42'.zfill(5)", "'-42'.zfill(5)", "'+42'.zfill(5)", "'abc'.zfill(2)", "''.zfill(3)", "'-'.zfill(3)", "'a'.zfill()",
		"'abc'.center(7)", "'abc'.center(6)", "'ab'.center(5)", "'ab'.center(6, '*')", "'abc'.ljust(6, '-')", "'abc'.rjust(6)",
		"'abc'.center(2)", "'a'.center(5, 'ab')", "'a'.center(5.0)", "'a'.center()", "'é'.center(4, 'ü')", "'a'.ljust(3, 1)",
		"'a=b=c'.partition('=')", "'a=b=c'.rpartition('=')", "'abc'.partition('x')", "'abc'.rpartition('x')", "'a'.partition('')",
		"'a'.partition(1)", "'éxé'.partition('x')",
		"'a\\nb\\r\\nc\\rd'.splitlines()", "'a\\nb\\r\\nc\\rd\\n'.splitlines(True)", "'a\\x0bb\\x0cc\\x1cd\\x85e\\u2028f'.splitlines()",
		"''.splitlines()", "'\\n'.splitlines()", "'a\\n\\nb'.splitlines(keepends=True)", "'a'.splitlines(1)", "'a'.splitlines('x')",
		"'a\\tb\\tc'.expandtabs()", "'a\\tb'.expandtabs(4)", "'ab\\tc\\n\\td'.expandtabs(tabsize=3)", "'a\\tb'.expandtabs(0)",
		"'a\\tb'.expandtabs(-1)", "'é\\tb'.expandtabs(4)",
		"'prefix_x'.removeprefix('prefix_')", "'x'.removeprefix('y')", "'x_suffix'.removesuffix('_suffix')", "'a'.removeprefix(1)",
		"'a'.removesuffix('')", "'abc'.upper(1)", "'abc'[1]", "'abc'[-1]", "'abc'[3]", "'abc'[-4]", "'abc'[1:]", "'abc'[::-1]",
		"'abcdef'[1:5:2]", "'abcdef'[::-2]", "'abcdef'[-2:1:-1]", "'héllo'[1]", "'héllo'[1:3]", "'héllo'[::-1]", "'abc'[1.0]",
		"'abc'[True]", "'abc'['a']", "'abc'[::0]", "'abc'[10**20]", "'abc'[-10**20:10**20]", "'abc'[None:None]", "'abc'[0:0]",
		"'a' in 'abc'", "'' in 'abc'", "'é' in 'héllo'", "1 in 'abc'", "'abc'.format_map({})", "'abc'.__len__()",
		"'ab'.__add__('c')", "'ab'.__add__(1)", "'ab'.__mul__(2)", "'ab'.__rmul__(2)", "'%s'.__mod__(1)", "'ab'.__getitem__(0)",
		"'ab'.__contains__('a')", "'ab'.__eq__('ab')", "'ab'.__lt__('b')", "'ab'.__lt__(1)", "'ab'.__repr__()",
		"'ab'.__str__()", "'ab'.__format__('>4')", "'ab'.__hash__() == hash('ab')",
		"str()", "str(1.5)", "str(object=2)", "str(b=1)", "str(10**5000)", "str('a', 'utf-8')", "str(1, 'utf-8')", "str(None)",
		"str(True)", "str(-0.0)", "str(1e16)",
		"'a'.count('a', 10**30)", "'abc'.find('c', -10**30)",
		"'héllo wörld héllo'.find('llo', 3)", "'héllo wörld héllo'.rfind('llo', 0, 10)", "'héllo wörld héllo'.find('ö')",
		"'héllo wörld héllo'.rfind('é')", "'héllo wörld héllo'.find('')", "'héllo'.rfind('', 1)", "'héllo'.index('x')",
		"str.maketrans('ab', 'xyz')", "str.maketrans(1, 'a')", "str.maketrans({'ab': 1})", "str.maketrans({1.5: 1})",
		"str.maketrans([1])", "str.maketrans('ab', 'xy', 'c')", "str.maketrans({'a': 'b', 98: None})", "str.maketrans('ab', 1)",
		"str.maketrans('a', 'b', 1)", "str.maketrans()", "'abc'.translate({97: 'X', 98: None, 99: 100})", "'abc'.translate({97: 1.5})",
		"'abc'.translate({97: 0x110000})", "'abc'.translate([None, 'x'])", "'abc'.translate('xyz')", "'abc'.translate(1)",
		"'hello'.translate(str.maketrans('lo', 'LO', 'h'))", "'ü'.translate({252: 'ue'})", "'abc'.maketrans('a', 'b')",
		"'ééé'.find('éé', 1)", "'ééé'.rfind('éé')", "'aé'.find('é', -1)", "'aé'.startswith('é', 1)", "'aéb'.endswith('é', 0, 2)",
	}
	oracleCheck(t, exprs)
}

// TestStrReprAgainstPython checks repr of strings over every BMP code point
// class by sampling.
func TestStrReprAgainstPython(t *testing.T) {
	var exprs []string
	for cp := 0; cp < 0x3100; cp += 7 {
		if cp >= 0xd800 && cp <= 0xdfff {
			continue
		}
		exprs = append(exprs, "repr('x' + chr("+strconv.Itoa(cp)+"))")
	}
	for _, cp := range []int{0, 7, 8, 9, 10, 11, 12, 13, 27, 31, 32, 34, 39, 92, 127, 128, 159, 160, 173, 255, 256, 0x2028,
		0x200b, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0xe0001, 0x10ffff, 0x0378, 0x0600} {
		exprs = append(exprs, "repr(chr("+strconv.Itoa(cp)+"))", "ascii(chr("+strconv.Itoa(cp)+"))")
	}
	exprs = append(exprs, "repr('a\\'b')", "repr('a\"b')", "repr('a\\'\"b')", "repr('\\\\')", "repr('')")
	oracleCheck(t, exprs)
}

// TestStrConcatAppend: repeated s += t reuses spare capacity without
// changing strings built earlier from the same buffer.
func TestStrConcatAppend(t *testing.T) {
	vm := New(Options{})
	s := NewStr(strings.Repeat("a", 300))
	var keep []*Str
	for i := 0; i < 2000; i++ {
		r, err := vm.BinaryOp(bc.OpAdd|bc.OpInplace, s, NewStr(strconv.Itoa(i%10)))
		if err != nil {
			t.Fatal(err)
		}
		s = r.(*Str)
		if i%100 == 0 {
			keep = append(keep, s)
		}
	}
	// A branch from an older string must not disturb the newer one.
	old := keep[3]
	oldText := strings.Clone(old.S)
	b, _ := vm.BinaryOp(bc.OpAdd, old, NewStr("BRANCH"))
	if !strings.HasSuffix(b.(*Str).S, "BRANCH") || old.S != oldText {
		t.Fatalf("branching changed a string")
	}
	for j, k := range keep {
		want := strings.Repeat("a", 300)
		for i := 0; i <= j*100; i++ {
			want += strconv.Itoa(i % 10)
		}
		if k.S != want {
			t.Fatalf("string %d changed", j)
		}
	}
	if s.Len() != 2300 || !s.IsASCII() {
		t.Fatalf("len %d", s.Len())
	}
}
