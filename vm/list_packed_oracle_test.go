package vm

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	bc "github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

// TestPackedListsAgainstPython runs random sequences of list operations
// on lists that start packed (repeated bools, ints and strs, long splits)
// under python3 and under the VM, and requires the same output: every
// path of list_packed.go, and the unpacking of a list by a value of
// another kind at any point, must be invisible. The sequences come from
// a fixed seed, so a failure repeats; PACKED_SEED=N tries other ones (150
// seeds, 45,000 sequences, agreed when it was written).
func TestPackedListsAgainstPython(t *testing.T) {
	againstPython(t, "<packed>", packedListProgram(rand.New(rand.NewSource(envSeed("PACKED_SEED", 26))), 300))
}

// againstPython runs src under python3 and under the VM and fails the
// test at the first line of output that differs, showing the case that

// pythonOutput is what python3 prints running src (the test is skipped
// without python3).
func pythonOutput(t *testing.T, src string) string {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	cmd := exec.Command(python, "-")
	cmd.Stdin = strings.NewReader(src)
	cmd.Env = append(cmd.Environ(), "PYTHONIOENCODING=utf-8", "PYTHONHASHSEED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	return string(out)
}

// printed it (see caseAround). It returns the code the VM ran.
func againstPython(t *testing.T, name, src string) *bc.Code {
	t.Helper()
	want := pythonOutput(t, src)
	_, code, diags := compiler.CompileFile(source.NewFile(name, []byte(src)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var got bytes.Buffer
	m := New(Options{Stdout: &got, MaxInstructions: 200_000_000})
	if res := m.RunModule(code, "__main__"); res.Exception != nil {
		t.Fatalf("the VM raised %s", m.ExcStr(res.Exception))
	}
	wantLines, gotLines := strings.Split(want, "\n"), strings.Split(got.String(), "\n")
	for i := range wantLines {
		if i >= len(gotLines) || gotLines[i] != wantLines[i] {
			g := "<missing>"
			if i < len(gotLines) {
				g = gotLines[i]
			}
			t.Fatalf("line %d differs:\n   got %s\n  want %s\nin the program:\n%s", i+1, g, wantLines[i], caseAround(src, wantLines, i))
		}
	}
	if len(gotLines) != len(wantLines) {
		t.Fatalf("%d lines of output, want %d", len(gotLines), len(wantLines))
	}
	return code
}

// caseAround is the case of src that printed line i of out: each case
// prints its header first.
func caseAround(src string, out []string, i int) string {
	for ; i >= 0; i-- {
		if strings.HasPrefix(out[i], "case ") {
			header := "print(" + fmt.Sprintf("%q", out[i]) + ")"
			if at := strings.Index(src, header); at >= 0 {
				end := strings.Index(src[at+len(header):], "print(\"case ")
				if end < 0 {
					return src[at:]
				}
				return src[at : at+len(header)+end]
			}
		}
	}
	return "(not found)"
}

// packedListProgram writes n cases, each a packed list and up to eight
// operations on it, every one inside try so that errors print too.
func packedListProgram(r *rand.Rand, n int) string {
	seeds := []string{"[False] * %d", "[True] * %d", "[0] * %d", "[7] * %d", "[1, 0, 2] * %d",
		"('a b ' * %d).split()", "['s'] * %d", "('x,' * %d).split(',')"}
	values := []string{"True", "False", "0", "1", "-1024", "7167", "7168", "-1025", "10**20",
		"'x'", "''", "None", "1.5", "-3"}
	var b strings.Builder
	b.WriteString("def show(l):\n    print(len(l), l[:3], l[-3:], sum(1 for x in l if x))\n")
	for c := 0; c < n; c++ {
		size := []int{22, 32, 50, 64, 100}[r.Intn(5)]
		fmt.Fprintf(&b, "print(%q)\nl = %s\n", fmt.Sprintf("case %d", c), fmt.Sprintf(seeds[r.Intn(len(seeds))], size))
		for k := r.Intn(8) + 1; k > 0; k-- {
			v := values[r.Intn(len(values))]
			i := r.Intn(2*size+4) - size - 2
			j := r.Intn(2*size+4) - size - 2
			ops := []string{
				fmt.Sprintf("l[%d] = %s", i, v),
				fmt.Sprintf("l.append(%s)", v),
				fmt.Sprintf("l.insert(%d, %s)", i, v),
				fmt.Sprintf("print(l.pop(%d))", i),
				fmt.Sprintf("print(l.count(%s), %s in l)", v, v),
				fmt.Sprintf("print(l.index(%s))", v),
				"l.reverse()",
				"l.sort(key=repr)", // (a failing sort's partial order is timsort's galloping: list_sort.go)
				fmt.Sprintf("l.extend([%s, %s])", v, v),
				"l *= 2",
				fmt.Sprintf("del l[%d]", i),
				fmt.Sprintf("del l[%d:%d]", i, j),
				fmt.Sprintf("l[%d:%d] = [%s] * 3", i, j, v),
				fmt.Sprintf("print(l[%d:%d], l[%d])", i, j, i),
				"print(len(l), bool(l), l == list(l), l[::-7])",
				"print('-'.join(map(str, l))[:60])",
				"print(' '.join(l)[:60])",
				"print([x for x in l if x][:5])",
				"l = l + l[:3]",
				"l = l[:]",
				"show(l)",
			}
			fmt.Fprintf(&b, "try:\n    %s\nexcept Exception as e:\n    print(type(e).__name__, e)\n", ops[r.Intn(len(ops))])
		}
		b.WriteString("show(l)\nprint(l)\n")
	}
	return b.String()
}

// envSeed is the environment variable name as a number, or def.
func envSeed(name string, def int64) int64 {
	s := def
	fmt.Sscan(os.Getenv(name), &s)
	return s
}
