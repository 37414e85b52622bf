package vm

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// TestUserClassesStayInTheirVM: builtin classes are shared by every VM in
// the process (the language server runs many), so a user class must not
// be recorded on them: that kept every class of every evaluation alive
// for the life of the process, raced between concurrent evaluations, and
// let object.__subclasses__() in one VM see the classes of another.
func TestUserClassesStayInTheirVM(t *testing.T) {
	src := `from collections import namedtuple
class A:
    pass
class B(int):
    pass
P = namedtuple('P', 'x y')
print(A in object.__subclasses__(), B in int.__subclasses__(), P in tuple.__subclasses__())
`
	counts := func() [3]int {
		return [3]int{len(ObjectType.subclasses), len(IntType.subclasses), len(TupleType.subclasses)}
	}
	before := counts()
	for i := 0; i < 3; i++ {
		_, code, diags := compiler.CompileFile(source.NewFile("sub.weft", []byte(src)), compiler.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var out strings.Builder
		m := New(Options{Stdout: &out})
		if res := m.RunModule(code, "__main__"); res.Exception != nil {
			t.Fatal(m.FormatTraceback(res.Exception))
		}
		if out.String() != "True True True\n" {
			t.Errorf("run %d printed %q", i, out.String())
		}
	}
	if after := counts(); after != before {
		t.Errorf("subclass lists of object, int, tuple grew from %v to %v", before, after)
	}
}
