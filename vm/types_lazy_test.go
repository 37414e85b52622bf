package vm

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// builtinTypes is every Go-made type reachable from object.
func builtinTypes() []*Type {
	seen := map[*Type]bool{}
	var all []*Type
	var walk func(t *Type)
	walk = func(t *Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		all = append(all, t)
		for _, s := range t.subclasses {
			walk(s)
		}
	}
	walk(ObjectType)
	return all
}

// TestBuiltinNamespacesDeferred checks, in a fresh process (the test binary
// run again), that the package inits leave the big builtin types'
// namespaces unfilled and make few objects, and that reading a namespace
// fills it.
func TestBuiltinNamespacesDeferred(t *testing.T) {
	if os.Getenv("WEFT_LAZY_TYPES_CHILD") != "" {
		var unfilled []string
		for _, typ := range builtinTypes() {
			if typ.unfilled.Load() {
				unfilled = append(unfilled, typ.Name)
			}
		}
		sort.Strings(unfilled)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("unfilled %s\n", strings.Join(unfilled, ","))
		fmt.Printf("objects %d\n", ms.HeapObjects)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBuiltinNamespacesDeferred$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WEFT_LAZY_TYPES_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var unfilled string
	var objects int
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "unfilled "); ok {
			unfilled = rest
		}
		fmt.Sscanf(line, "objects %d", &objects)
	}
	got := map[string]bool{}
	for _, name := range strings.Split(unfilled, ",") {
		got[name] = true
	}
	for _, name := range []string{"int", "float", "bool", "str", "list", "tuple", "dict", "set", "frozenset", "dict_keys", "range"} {
		if !got[name] {
			t.Errorf("%s's namespace was filled at start-up", name)
		}
	}
	t.Logf("unfilled at start-up: %s; %d heap objects", unfilled, objects)

	// Filled on first read, with what the registrations gave.
	for _, c := range []struct {
		typ  *Type
		name string
	}{{ListType, "append"}, {StrType, "maketrans"}, {IntType, "bit_length"}, {FrozenSetType, "union"}, {DictItemsType, "isdisjoint"}} {
		if _, ok := c.typ.Dict().GetStr(c.name); !ok {
			t.Errorf("%s.%s missing after the namespace was read", c.typ.Name, c.name)
		}
	}
	for _, typ := range builtinTypes() {
		if typ.Dict(); typ.unfilled.Load() || typ.later != nil {
			t.Errorf("%s still unfilled after Dict()", typ.Name)
		}
	}
}

// TestLaterFillsOnceInOrder checks a deferred type under concurrent first
// reads (run it with -race): each registration runs once, in order, and
// every reader sees all of them.
func TestLaterFillsOnceInOrder(t *testing.T) {
	typ := &Type{Name: "lazy", dict: NewDict(0), Builtin: true}
	typ.MRO = []*Type{typ}
	var calls []string
	typ.Later(func(t *Type) {
		calls = append(calls, "first")
		t.setMethod("a", Int(1))
		t.setMethod("b", Int(1))
	})
	typ.Later(func(t *Type) {
		calls = append(calls, "second")
		t.setMethod("b", Int(2)) // a later registration wins, as at init
	})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _ := typ.Lookup("b"); v != Int(2) {
				t.Errorf("b = %v, want 2", v)
			}
		}()
	}
	wg.Wait()
	if strings.Join(calls, ",") != "first,second" {
		t.Errorf("registrations ran as %v", calls)
	}
	// An eager registration after deferred ones runs them first.
	typ.Later(func(t *Type) { t.setMethod("c", Int(1)) })
	typ.setMethod("c", Int(3))
	if v, _ := typ.Lookup("c"); v != Int(3) {
		t.Errorf("c = %v, want the eager 3 set after the deferred 1", v)
	}
}

// firstUseProgram reads the methods of many builtin types, whose
// namespaces are filled on first use.
const firstUseProgram = `
from collections import deque, Counter, defaultdict
import threading, queue
s = "a,b,c".split(",")
s.append("d".upper())
d = {"x": 1}
d.setdefault("y", 2)
fs = frozenset({1, 2}).union({3})
q = queue.Queue()
q.put(deque([1, 2]).pop())
c = Counter("hello").most_common(1)
dd = defaultdict(list)
dd["k"].append(1)
lock = threading.Lock()
with lock:
    n = (255).bit_length() + (2.5).is_integer() + len(range(3).index(2).__repr__())
print(s, sorted(d.items()), sorted(fs), q.get(), c, dict(dd), n, str.maketrans("a", "b")[97])
`

// TestNamespacesFilledConcurrently runs, in a fresh process (the test
// binary again), eight VMs at once whose programs are the first to read
// the builtin types' namespaces: each must print what python3 does. Under
// -race it also checks that the filling is synchronised.
func TestNamespacesFilledConcurrently(t *testing.T) {
	if os.Getenv("WEFT_FIRST_USE_CHILD") == "" {
		want := pythonOutput(t, firstUseProgram)
		cmd := exec.Command(os.Args[0], "-test.run=^TestNamespacesFilledConcurrently$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "WEFT_FIRST_USE_CHILD="+want)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return
	}
	want := os.Getenv("WEFT_FIRST_USE_CHILD")
	var wg sync.WaitGroup
	outs := make([]strings.Builder, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each VM its own code: a code object caches per VM.
			_, code, diags := compiler.CompileFile(source.NewFile("first_use.weft", []byte(firstUseProgram)), compiler.Options{})
			if diags.HasErrors() {
				t.Error(diags)
				return
			}
			m := New(Options{Stdout: &outs[i]})
			if res := m.RunModule(code, "__main__"); res.Exception != nil {
				t.Errorf("VM %d raised %s", i, m.ExcStr(res.Exception))
			}
		}()
	}
	wg.Wait()
	for i := range outs {
		if got := outs[i].String(); got != want {
			t.Errorf("VM %d printed %q, python3 %q", i, got, want)
		}
	}
}

// TestGoTypesMRO checks the MROs newGoType builds whatever the order the
// package's variables were initialised in: each Go-made type comes first,
// then its base's MRO, ending in object.
func TestGoTypesMRO(t *testing.T) {
	for _, typ := range builtinTypes() {
		if typ == ObjectType {
			continue
		}
		mro := typ.MRO
		if len(mro) < 2 || mro[0] != typ || mro[len(mro)-1] != ObjectType {
			t.Errorf("%s: MRO %v", typ.Name, typeNames(mro))
			continue
		}
		if len(typ.Bases) == 1 && typ.Builtin {
			if want := typeNames(typ.Bases[0].MRO); fmt.Sprint(typeNames(mro[1:])) != fmt.Sprint(want) {
				t.Errorf("%s: MRO %v, its base's %v", typ.Name, typeNames(mro), want)
			}
		}
	}
}

func typeNames(ts []*Type) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return names
}
