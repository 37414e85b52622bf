package vm

// Code generated from python3 3.11 results; the expected values are
// CPython's. the random module: seeded sequences equal CPython's.

import "testing"

func TestRandom(t *testing.T) {
	runCases(t, []snippetCase{
		{"import random\nrandom.seed(42)\n(random.random(), random.randint(1, 10), random.randrange(10), random.choice('abc'), random.uniform(1, 2))", "(0.6394267984578837, 1, 4, 'a', 1.2232107381488229)"},
		{"import random\nrandom.seed(1)\nl = list(range(10))\nrandom.shuffle(l)\n(l, random.randrange(0, 100, 5), random.sample(range(10), 3))", "([6, 8, 9, 7, 5, 3, 0, 4, 1, 2], 30, [1, 7, 0])"},
		{"import random\nrandom.seed('hello')\n(random.random(), random.getrandbits(40), random.getrandbits(100), random.randrange(10**30))", "(0.3537754404730722, 836072071631, 406508281469158846148920728989, 821717603841497105634323334247)"},
		{"import random\nr = random.Random(7)\n(r.random(), r.choices([1, 2, 3], k=5), r.choices('ab', weights=[1, 3], k=4))", "(0.32383276483316237, [1, 2, 1, 2, 2], ['a', 'b', 'a', 'b'])"},
		{"import random\nrandom.seed(2**70 + 5)\n(random.random(), random.randint(-5, 5), random.sample(range(1000), 5))", "(0.46679953776226335, 2, [640, 377, 357, 345, 11])"},
		{"import random\nrandom.seed(0)\n[random.randrange(3, 30, 4) for _ in range(5)] + [random.randrange(10, 0, -3) for _ in range(5)]", "[27, 15, 27, 15, 3, 4, 1, 1, 4, 1]"},
		{"import random\nrandom.seed(-3)\n(random.random(), random.getrandbits(0), random.getrandbits(32), random.getrandbits(64))", "(0.23796462709189137, 0, 2337446730, 6824468167912547177)"},
		{"import random\nrandom.choice([])", "!IndexError: Cannot choose from an empty sequence"},
		{"import random\nrandom.randint(3, 1)", "!ValueError: empty range for randrange() (3, 2, -1)"},
		{"import random\nrandom.randrange(0)", "!ValueError: empty range for randrange()"},
		{"import random\nrandom.randrange(1, 10, 0)", "!ValueError: zero step for randrange()"},
		{"import random\nrandom.sample([1], 2)", "!ValueError: Sample larger than population or is negative"},
		{"import random\nrandom.sample({1, 2}, 1)", "!TypeError: Population must be a sequence.  For dicts or sets, use sorted(d)."},
		{"import random\na = random.Random(5)\nb = random.Random(5)\n[a.random() for _ in range(3)] == [b.random() for _ in range(3)]", "True"},
		{"import random\nrandom.seed(9)\nx = random.random()\nrandom.seed(9)\nx == random.random()", "True"},
	})
}
