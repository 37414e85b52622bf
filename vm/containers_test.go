package vm

// containers_test.go: the harness of the table-driven tests of the
// containers, builtins and modules. A case is a small program whose last
// line is an expression; the result is repr(value), or "!Type: message"
// for an uncaught exception, with addresses replaced by "0x?". Expected
// values were produced by python3 (CPython 3.11).

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

type snippetCase struct {
	src, want string
}

var addrRE = regexp.MustCompile(` at 0x[0-9a-f]+`)

// evalSnippet runs src and renders its last expression's value.
func evalSnippet(t *testing.T, src string) string {
	t.Helper()
	file := source.NewFile("<test>", []byte(src))
	_, code, diags := compiler.CompileFile(file, compiler.Options{ReturnLastExpr: true})
	if diags.HasErrors() || code == nil {
		msg := "!compile error"
		for _, d := range diags {
			msg += ": " + d.String()
		}
		return msg
	}
	var out bytes.Buffer
	vm := New(Options{Stdout: &out, MaxInstructions: 50_000_000})
	res := vm.RunModule(code, "__main__")
	if e := res.Exception; e != nil {
		return "!" + e.Class.Name + ": " + vm.ExcStr(e)
	}
	if res.Value == nil {
		return "None"
	}
	s, err := vm.Repr(res.Value)
	if err != nil {
		return "!repr failed: " + err.Error()
	}
	return addrRE.ReplaceAllString(s, " at 0x?")
}

func runCases(t *testing.T, cases []snippetCase) {
	t.Helper()
	fails := 0
	for _, c := range cases {
		got := evalSnippet(t, c.src)
		if got != c.want {
			fails++
			if fails <= 40 {
				t.Errorf("%s\n   got %s\n  want %s", c.src, got, c.want)
			}
		}
	}
	if fails > 40 {
		t.Errorf("... %d failures in all", fails)
	}
}

func TestSliceIndices(t *testing.T) {
	vm := New(Options{})
	big := &BigInt{}
	big.V.SetString("100000000000000000000", 10)
	cases := []struct {
		start, stop, step Value
		n                 int64
		want              [4]int64
	}{
		{None, None, None, 5, [4]int64{0, 5, 1, 5}},
		{None, None, Int(-1), 5, [4]int64{4, -1, -1, 5}},
		{Int(-2), None, None, 5, [4]int64{3, 5, 1, 2}},
		{Int(1), Int(-1), Int(2), 6, [4]int64{1, 5, 2, 2}},
		{Int(10), Int(0), Int(-3), 5, [4]int64{4, 0, -3, 2}},
		{big, None, None, 5, [4]int64{5, 5, 1, 0}},
		{None, big, Int(1), 5, [4]int64{0, 5, 1, 5}},
		{Bool(true), Int(3), None, 5, [4]int64{1, 3, 1, 2}},
		{Int(-100), Int(100), Int(7), 10, [4]int64{0, 10, 7, 2}},
	}
	for _, c := range cases {
		a, b, s, n, err := vm.sliceIndices(&Slice{Start: c.start, Stop: c.stop, Step: c.step}, c.n)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if got := [4]int64{a, b, s, n}; got != c.want {
			t.Errorf("slice(%v, %v, %v).indices(%d) = %v, want %v", c.start, c.stop, c.step, c.n, got, c.want)
		}
	}
	if _, _, _, _, err := vm.sliceIndices(&Slice{Start: None, Stop: None, Step: Int(0)}, 3); err == nil || err.Error() != "ValueError: slice step cannot be zero" {
		t.Errorf("step 0: %v", err)
	}
}

func TestSortStableWithUserOrder(t *testing.T) {
	// A stable sort of many equal keys keeps the input order, across
	// runs and merges.
	vm := New(Options{})
	n := 500
	items := make([]Value, n)
	for i := range items {
		items[i] = &Tuple{Items: []Value{Int(i % 7), Int(i)}}
	}
	key := &Builtin{Name: "k", Fn: func(vm *VM, args []Value, kw []string) (Value, error) {
		return args[0].(*Tuple).Items[0], nil
	}}
	// Force the generic path by mixing in a float key.
	if err := vm.sortValues(items, key, false); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		a, b := items[i-1].(*Tuple).Items, items[i].(*Tuple).Items
		if a[0].(Int) > b[0].(Int) || a[0] == b[0] && a[1].(Int) > b[1].(Int) {
			t.Fatalf("not stable-sorted at %d: %v %v", i, a, b)
		}
	}
	floats := make([]Value, n)
	for i := range floats {
		floats[i] = Float(float64((i * 7919) % 1000))
	}
	floats[0] = Int(5)
	if err := vm.sortValues(floats, nil, true); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		r, _ := vm.Compare(floats[i-1], floats[i], bytecode.CmpLt)
		if r == Bool(true) {
			t.Fatalf("reverse sort out of order at %d", i)
		}
	}
}
