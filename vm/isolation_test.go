package vm_test

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestTypesAndModulesStayPerVM checks that what one program changes in the
// types and modules Weft provides does not reach another VM of the same
// process (the language server evaluates snippets side by side). Types
// made by the Go code are one object for the process: changing them is a
// TypeError, for collections.Counter too (a Python class in CPython, so
// this one differs from CPython on purpose). Modules are imported afresh
// by each VM, so changing their attributes stays in the VM.
func TestTypesAndModulesStayPerVM(t *testing.T) {
	tamper := `import math
from collections import Counter, deque
for t, name in [(Counter, "__len__"), (deque, "__len__"), (int, "bit_length"), (Counter, "extra")]:
    try:
        setattr(t, name, lambda self: 99)
        print("set", t.__name__, name)
    except TypeError as e:
        print("TypeError:", e)
    try:
        delattr(t, name)
        print("deleted", t.__name__, name)
    except TypeError as e:
        print("TypeError:", e)
math.pi = 3
print(math.pi)
`
	got := runPrinting(t, tamper, vm.Options{})
	want := []string{
		"TypeError: cannot set '__len__' attribute of immutable type 'collections.Counter'",
		"TypeError: cannot set '__len__' attribute of immutable type 'collections.deque'",
		"TypeError: cannot set 'bit_length' attribute of immutable type 'int'",
		"TypeError: cannot set 'extra' attribute of immutable type 'collections.Counter'",
		"3",
	}
	for _, w := range want {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("the tampering program did not print %q; it printed:\n%s", w, got)
		}
	}
	check := `import math
from collections import Counter
c = Counter("abracadabra")
print(len(c), math.pi, hasattr(Counter, "extra"))
`
	if got, want := runPrinting(t, check, vm.Options{}), "5 3.141592653589793 False\n"; got != want {
		t.Errorf("a second VM printed %q, want %q", got, want)
	}
}
