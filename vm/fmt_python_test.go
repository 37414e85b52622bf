package vm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os/exec"
	"strings"
	"testing"
)

// TestFormattingAgainstPython runs random printf-style and str.format
// format strings (valid and not, ASCII and not) through Weft and through
// python3 with the same arguments, and requires the same result or the
// same exception type and message. Skipped without python3.
func TestFormattingAgainstPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not on PATH")
	}
	n := 1500
	if testing.Short() {
		n = 200
	}
	r := rand.New(rand.NewSource(7))
	pct := []string{"%", "%", "%", "d", "s", "r", "x", "f", ".2", "5", "-", "+", "0", " ", "#", "é", "a", "(k)", "*", "%%", "日", "e", "c", "i"}
	brace := []string{"{", "}", "{}", "{0}", "{1}", "{k}", ":", "!r", "!s", "!x", ">8", ".3", "é", "{{", "}}", "[0]", ".real", ",", "^5", "日本", "{:{}}", "d", "f"}
	gen := func(parts []string) string {
		var b strings.Builder
		for i := r.Intn(6) + 1; i > 0; i-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		return b.String()
	}
	vm := New(Options{})
	args := []Value{Int(42), Float(-3.5), NewStr("héllo"), Int(7)}
	kw := NewDict(0)
	kw.SetStr("k", NewStr("v"))
	var formats []string
	var weft []string
	for i := 0; i < n; i++ {
		pf, bf := gen(pct), gen(brace)
		formats = append(formats, pf, bf)
		var pr Value
		var err error
		if strings.Contains(pf, "(k)") {
			pr, err = vm.strMod(NewStr(pf), kw)
		} else {
			pr, err = vm.strMod(NewStr(pf), tupleOf(args...))
		}
		weft = append(weft, fmtOutcome(vm, pr, err))
		s, err := vm.StrFormat(bf, args, kw)
		var br Value
		if err == nil {
			br = NewStr(s)
		}
		weft = append(weft, fmtOutcome(vm, br, err))
	}
	js, _ := json.Marshal(formats)
	script := `import json, sys
fs = json.loads(sys.stdin.readline())
args = (42, -3.5, "héllo", 7)
for i, f in enumerate(fs):
    try:
        if i % 2 == 0:
            r = f % ({"k": "v"} if "(k)" in f else args)
        else:
            r = f.format(*args, k="v")
        print(json.dumps(repr(r)))
    except Exception as e:
        print(json.dumps(type(e).__name__ + ": " + str(e)))
`
	cmd := exec.Command("python3", "-c", script)
	cmd.Stdin = strings.NewReader(string(js) + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	bad := 0
	for i := 0; sc.Scan(); i++ {
		var want string
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if i < len(weft) && weft[i] != want {
			bad++
			if bad <= 10 {
				t.Errorf("%q: weft %s, python3 %s", formats[i], weft[i], want)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d formats differ", bad, len(formats))
	}
	ok := 0
	for _, w := range weft {
		if strings.HasPrefix(w, "'") || strings.HasPrefix(w, "\"") {
			ok++
		}
	}
	if ok < len(weft)/10 {
		t.Fatalf("only %d of %d formats succeeded: the generator makes too few valid ones", ok, len(weft))
	}
	t.Logf("%d formats, %d formatted, the rest raised the same exception", len(weft), ok)
}

// fmtOutcome renders a formatting result as the python3 side does: the
// repr of the string, or "Type: message" of the exception.
func fmtOutcome(vm *VM, v Value, err error) string {
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Exc() != nil {
			msg, _ := vm.StrOf(e)
			return e.Class.Name + ": " + msg
		}
		return fmt.Sprint("Go error: ", err)
	}
	s, _ := vm.Repr(v)
	return s
}
