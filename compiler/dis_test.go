package compiler

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

var update = flag.Bool("update", false, "rewrite the golden disassembly files")

// TestDisGolden compiles every testdata/dis/*.weft and compares its
// disassembly with the .golden file next to it (go test -update rewrites
// them).
func TestDisGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/dis/*.weft")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/dis/*.weft files")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, code, diags := CompileFile(source.NewFile(filepath.Base(path), text), Options{})
			for _, d := range diags {
				t.Errorf("%s", d)
			}
			if code == nil {
				return
			}
			code.Walk(func(c *bytecode.Code) {
				if err := Verify(c); err != nil {
					t.Errorf("Verify: %v", err)
				}
			})
			got := disText(code)
			golden := strings.TrimSuffix(path, ".weft") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./compiler/... -update)", err)
			}
			if got != string(want) {
				t.Errorf("disassembly differs from %s (go test ./compiler/... -update rewrites it):\n%s", golden, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

// TestDisJSON checks the JSON shape: module first, every nested code
// object, exactly the documented keys, resolved arguments or null.
func TestDisJSON(t *testing.T) {
	src := "def f(a):\n    return [x for x in a if x < 2]\n"
	code := compileSource(t, src, Options{})
	data, err := bytecode.DisJSON(code)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string][]map[string]json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	fns := out["functions"]
	if len(out) != 1 || len(fns) != 3 {
		t.Fatalf("want 3 functions under one key, got %s", data)
	}
	wantKeys := []string{"cells", "frees", "instructions", "line", "locals", "max_stack", "name", "qualname"}
	for _, f := range fns {
		if len(f) != len(wantKeys) {
			t.Errorf("keys %v", f)
		}
		for _, k := range wantKeys {
			if _, ok := f[k]; !ok {
				t.Errorf("missing key %q", k)
			}
		}
	}
	var names []string
	for _, f := range fns {
		var q string
		json.Unmarshal(f["qualname"], &q)
		names = append(names, q)
	}
	if strings.Join(names, " ") != "<module> f f.<locals>.<listcomp>" {
		t.Errorf("order %v", names)
	}
	var instrs []map[string]any
	json.Unmarshal(fns[2]["instructions"], &instrs)
	var args []string
	for _, in := range instrs {
		if len(in) != 5 {
			t.Errorf("instruction keys %v", in)
		}
		a, _ := in["arg"].(string)
		if in["arg"] == nil {
			a = "null"
		}
		args = append(args, in["op"].(string)+" "+a)
	}
	got := strings.Join(args, "; ")
	for _, want := range []string{"LOAD_FAST .0", "STORE_FAST x", "LOAD_CONST 2", "COMPARE_OP <", "FOR_ITER to ", "LIST_APPEND 2", "RETURN_VALUE null"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
	if !bytes.Contains(data, []byte(`"max_stack": 4`)) {
		t.Errorf("no max_stack 4 in %s", data)
	}
}
