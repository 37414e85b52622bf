package vm

// Code generated from python3 3.11 results; the expected values are
// CPython's. the collections module.

import "testing"

func TestCollections(t *testing.T) {
	runCases(t, []snippetCase{
		{"from collections import deque\nd = deque([1, 2, 3], maxlen=2)\n(d, repr(deque()), deque(maxlen=0), deque('ab'))", "(deque([2, 3], maxlen=2), 'deque([])', deque([], maxlen=0), deque(['a', 'b']))"},
		{"from collections import deque\ndeque().pop()", "!IndexError: pop from an empty deque"},
		{"from collections import deque\ndeque().popleft()", "!IndexError: pop from an empty deque"},
		{"from collections import deque\ndeque(maxlen=-1)", "!ValueError: maxlen must be non-negative"},
		{"from collections import deque\ndeque([], 'a')", "!TypeError: an integer is required"},
		{"from collections import deque\ndeque()[0]", "!IndexError: deque index out of range"},
		{"from collections import deque\nd = deque([1])\nd.remove(5)", "!ValueError: 5 is not in deque"},
		{"from collections import deque\ndeque([1]).index(5)", "!ValueError: 5 is not in deque"},
		{"from collections import deque\nd = deque(range(5))\nd.rotate(2)\nr = repr(d)\nd.rotate(-3)\n(r, d, d[0], d[-1], len(d), 3 in d)", "('deque([3, 4, 0, 1, 2])', deque([1, 2, 3, 4, 0]), 1, 0, 5, True)"},
		{"from collections import deque\nd = deque([1, 2])\nd.appendleft(0)\nd.extendleft([9, 8])\nr = (repr(d), d.count(1), d.maxlen)\nd[1] = 5\ndel d[0]\n(r, d, list(reversed(d)))", "(('deque([8, 9, 0, 1, 2])', 1, None), deque([5, 0, 1, 2]), [2, 1, 0, 5])"},
		{"from collections import deque\nd = deque([1, 2])\n(d == deque([1, 2]), d == [1, 2], bool(deque()), deque([1]) < deque([2]))", "(True, False, False, True)"},
		{"from collections import deque\nd = deque([1, 2], 3)\nd.extend([3, 4])\nr1 = repr(d)\nd.appendleft(9)\n(r1, d)", "('deque([2, 3, 4], maxlen=3)', deque([9, 2, 3], maxlen=3))"},
		{"from collections import deque\nd = deque([1, 2], 2)\nd.insert(0, 5)", "!IndexError: deque already at its maximum size"},
		{"from collections import deque\nd = deque([1, 2, 3])\nd.insert(1, 'x')\nd.reverse()\n(d, d.copy(), d.index('x'))", "(deque([3, 2, 'x', 1]), deque([3, 2, 'x', 1]), 2)"},
		{"from collections import deque\nd = deque([1, 2])\nfor x in d:\n    d.append(x)", "!RuntimeError: deque mutated during iteration"},
		{"from collections import deque\nd = deque()\nd += [1, 2]\nd.clear()\n(d, len(d))", "(deque([]), 0)"},
		{"from collections import deque\nd = deque([1])\nd.append(d)\nd", "deque([1, [...]])"},
		{"from collections import defaultdict\ndd = defaultdict(list)\ndd['a'].append(1)\n(dd, dd['b'], dict(dd), repr(defaultdict()), isinstance(dd, dict))", "(defaultdict(<class 'list'>, {'a': [1], 'b': []}), [], {'a': [1], 'b': []}, 'defaultdict(None, {})', True)"},
		{"from collections import defaultdict\ndefaultdict(1)", "!TypeError: first argument must be callable or None"},
		{"from collections import defaultdict\ndd = defaultdict(int, a=1)\ndd['x'] += 2\n(dd, dd.default_factory, dd.get('zz'), 'zz' in dd)", "(defaultdict(<class 'int'>, {'a': 1, 'x': 2}), <class 'int'>, None, False)"},
		{"from collections import defaultdict\ndd = defaultdict()\ndd[1]", "!KeyError: 1"},
		{"from collections import defaultdict\ndd = defaultdict(lambda: 'n/a', {1: 'one'})\n(dd[1], dd[2], len(dd), sorted(dd))", "('one', 'n/a', 2, [1, 2])"},
		{"from collections import defaultdict\ndd = defaultdict(set)\ndd['k'].add(1)\nc = dd.copy()\nc['k'].add(2)\n(type(c).__name__, c.default_factory, dd == {'k': {1, 2}}, list(dd.items()))", "('defaultdict', <class 'set'>, True, [('k', {1, 2})])"},
		{"from collections import defaultdict\ndd = defaultdict(int)\ndd.default_factory = list\ndd['q']", "[]"},
		{"from collections import Counter\nc = Counter('abracadabra')\n(c, c.most_common(2), c['z'], sorted(c.elements())[:4], c.total())", "(Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1}), [('a', 5), ('b', 2)], 0, ['a', 'a', 'a', 'a'], 11)"},
		{"from collections import Counter\nc = Counter(a=3, b=1)\nd = Counter(a=1, b=2)\n(c + d, c - d, c | d, c & d, -c, +c)", "(Counter({'a': 4, 'b': 3}), Counter({'a': 2}), Counter({'a': 3, 'b': 2}), Counter({'a': 1, 'b': 1}), Counter(), Counter({'a': 3, 'b': 1}))"},
		{"from collections import Counter\nc = Counter()\nc.update(['x', 'y', 'x'])\nc.update({'x': 5})\nc.subtract(x=1)\n(c, repr(Counter()), c == Counter(x=6, y=1))", "(Counter({'x': 6, 'y': 1}), 'Counter()', True)"},
		{"from collections import Counter\nc = Counter([1, 1, 2])\nr = (list(c.items()), len(c), c.most_common(), isinstance(c, dict))\ndel c[5]\nc[3] += 1\n(r, c)", "(([(1, 2), (2, 1)], 2, [(1, 2), (2, 1)], True), Counter({1: 2, 2: 1, 3: 1}))"},
		{"from collections import Counter\n(Counter(a=1) == {'a': 1}, Counter(a=1, b=0) == Counter(a=1), Counter('ab') != Counter('abb'))", "(True, True, True)"},
		{"from collections import Counter\nc = Counter(a=2)\nc += Counter(a=1, b=1)\nc -= Counter(b=5)\nc", "Counter({'a': 3})"},
		{"from collections import Counter\nCounter.fromkeys('ab')", "!NotImplementedError: Counter.fromkeys() is undefined.  Use Counter(iterable) instead."},
		{"from collections import Counter\nCounter('aab').most_common(0)", "[]"},
		{"from collections import Counter\nc = Counter({'x': 2, 'y': 3})\n(sorted(c), c.most_common(1), max(c, key=c.get))", "(['x', 'y'], [('y', 3)], 'y')"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\np = P(1, y=2)\n(p, p.x, p[1], p == (1, 2), p._asdict(), p._replace(x=5), P._fields, P._make([3, 4]), type(p), len(p))", "(P(x=1, y=2), 1, 2, True, {'x': 1, 'y': 2}, P(x=5, y=2), ('x', 'y'), P(x=3, y=4), <class '__main__.P'>, 2)"},
		{"from collections import namedtuple\nP = namedtuple('P', ['x', 'y'], defaults=[0])\n(P(1), P._field_defaults)", "(P(x=1, y=0), {'y': 0})"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x, y')\nP(1)", "!TypeError: P.__new__() missing 1 required positional argument: 'y'"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, 2, 3)", "!TypeError: P.__new__() takes 3 positional arguments but 4 were given"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, z=2)", "!TypeError: P.__new__() got an unexpected keyword argument 'z'"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, x=2)", "!TypeError: P.__new__() got multiple values for argument 'x'"},
		{"from collections import namedtuple\nnamedtuple('P', 'x x')", "!ValueError: Encountered duplicate field name: 'x'"},
		{"from collections import namedtuple\nnamedtuple('P', '_x')", "!ValueError: Field names cannot start with an underscore: '_x'"},
		{"from collections import namedtuple\nnamedtuple('1P', 'x')", "!ValueError: Type names and field names must be valid identifiers: '1P'"},
		{"from collections import namedtuple\nnamedtuple('P', 'def')", "!ValueError: Type names and field names cannot be a keyword: 'def'"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, 2)._replace(z=1)", "!ValueError: Got unexpected field names: ['z']"},
		{"from collections import namedtuple\nP = namedtuple('P', 'x y')\nx, y = P(3, 4)\n(x, y, P(1, 2) < P(1, 3), P(1, 2) + (3,), P(1, 2)[:1], repr(P), sorted([P(2, 1), P(1, 2)]))", "(3, 4, True, (1, 2, 3), (1,), \"<class '__main__.P'>\", [P(x=1, y=2), P(x=2, y=1)])"},
		{"from collections import namedtuple\nclass Q(namedtuple('Q', 'a b')):\n    def s(self):\n        return self.a + self.b\n(Q(1, 2).s(), Q(1, 2), isinstance(Q(1, 2), tuple))", "(3, Q(a=1, b=2), True)"},
		{"from collections import namedtuple\nP = namedtuple('P', 'a def _b a', rename=True)\nP._fields", "('a', '_1', '_2', '_3')"},
		{"from collections import namedtuple\nP = namedtuple('Point', 'x y')\n(P.__name__, P(1, 2).count(1), P(1, 2).index(2), list(P(5, 6)), str(P(1, 'a')))", "('Point', 1, 1, [5, 6], \"Point(x=1, y='a')\")"},
	})
}
