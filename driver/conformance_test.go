package driver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// knownFailures reads testdata/conformance/KNOWN_FAILURES: one program
// name per line ("name  # reason"). Those programs are skipped while they
// fail and reported as errors once they pass, so the list stays honest.
func knownFailures(t *testing.T, dir string) map[string]bool {
	known := map[string]bool{}
	data, err := os.ReadFile(filepath.Join(dir, "KNOWN_FAILURES"))
	if err != nil {
		return known
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			known[line] = true
		}
	}
	return known
}

// TestConformance runs every testdata/conformance program under Weft with
// the stack check on and compares stdout (and, for programs that end in an
// uncaught exception, the last stderr line) with what python3 printed; for
// a program python3 rejects with a SyntaxError, Weft's first error must
// carry the same message.
// conformancePrograms lists testdata/conformance/*.weft and the names in
// its KNOWN_FAILURES; it skips the test when there are none.
func conformancePrograms(t *testing.T) (files []string, known map[string]bool) {
	dir := filepath.Join("..", "testdata", "conformance")
	files, _ = filepath.Glob(filepath.Join(dir, "*.weft"))
	if len(files) == 0 {
		t.Skip("no conformance programs")
	}
	return files, knownFailures(t, dir)
}

func TestConformance(t *testing.T) {
	files, known := conformancePrograms(t)
	var codes, tight int
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".weft")
		t.Run(name, func(t *testing.T) {
			wantOut, err := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".out")
			if err != nil {
				t.Fatalf("missing expected output (run testdata/conformance/generate.sh): %v", err)
			}
			wantErr, _ := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".err")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			budgets := Budgets{MaxInstructions: 500_000_000}
			out, err := RunFile(ctx, path, nil, budgets, vm.Options{CheckStack: true})
			if err != nil {
				t.Fatal(err)
			}
			problem := compareRun(out, wantOut, wantErr)
			if problem == "" {
				problem = sameWithoutStackCheck(ctx, path, budgets, out)
			}
			if known[name] {
				if problem == "" {
					t.Errorf("%s now passes: remove it from KNOWN_FAILURES", name)
				} else {
					t.Skipf("known failure: %s", firstLine(problem))
				}
				return
			}
			if problem != "" {
				t.Error(problem)
			}
			if out.VM != nil {
				for _, v := range out.VM.StackViolations {
					t.Errorf("stack check: %s", v)
				}
				for c, observed := range out.VM.StackStats {
					codes++
					if observed == c.MaxStack {
						tight++
					}
					_ = c
				}
			}
		})
	}
	if codes > 0 {
		t.Logf("stack check: %d of %d executed code objects reached exactly MaxStack (%.1f%%)", tight, codes, 100*float64(tight)/float64(codes))
	}
}

var _ = bytecode.NOP

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// compareRun returns "" when the run matches the expectations, else a
// description of the difference.
func compareRun(out *Outcome, wantOut, wantErr []byte) string {
	if msg, ok := strings.CutPrefix(strings.TrimRight(string(wantErr), "\n"), "SyntaxError: "); ok {
		// python3 rejected the program: Weft must too, with the same
		// message first (it may report more, CPython stops there).
		for _, d := range out.Diagnostics {
			if d.Severity == source.Error {
				if d.Message != msg {
					return "syntax error: want " + quote(msg) + ", got " + quote(d.Message)
				}
				return ""
			}
		}
		return "no syntax error: want " + quote(msg)
	}
	if len(out.Diagnostics) > 0 && out.Diagnostics.HasErrors() {
		var b strings.Builder
		b.WriteString("compile errors:\n")
		for _, d := range out.Diagnostics {
			b.WriteString(d.String() + "\n")
		}
		return b.String()
	}
	var problems []string
	if !bytes.Equal(out.Stdout, wantOut) {
		problems = append(problems, "stdout differs:\n"+diffText(string(wantOut), string(out.Stdout)))
	}
	wantLine := strings.TrimRight(string(wantErr), "\n")
	if wantLine != out.ExcLine {
		if out.Traceback != "" && wantLine == "" {
			problems = append(problems, "unexpected exception:\n"+out.Traceback)
		} else {
			problems = append(problems, "last stderr line: want "+quote(wantLine)+", got "+quote(out.ExcLine)+"\n"+out.Traceback)
		}
	}
	return strings.Join(problems, "\n")
}

func quote(s string) string { return "\"" + s + "\"" }

// diffText shows the first differing line of two texts with context.
func diffText(want, got string) string {
	wl := strings.Split(want, "\n")
	gl := strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}

// sameWithoutStackCheck runs path again, with the budgets b of checked,
// the exec-only run, but without the stack check, which lets the
// interpreter's hot tier (vm/perf_hot.go) run, and reports how the run
// differs from checked: output, exception or the number of instructions
// executed (budgets and time slices count them, so the tiers must agree
// exactly).
func sameWithoutStackCheck(ctx context.Context, path string, b Budgets, checked *Outcome) string {
	out, err := RunFile(ctx, path, nil, b, vm.Options{})
	if err != nil {
		return err.Error()
	}
	switch {
	case string(out.Stdout) != string(checked.Stdout):
		return fmt.Sprintf("without the stack check stdout differs:\n%s", out.Stdout)
	case out.ExcLine != checked.ExcLine:
		return fmt.Sprintf("without the stack check the exception is %q, with it %q", out.ExcLine, checked.ExcLine)
	case out.VM != nil && checked.VM != nil && out.VM.Instructions() != checked.VM.Instructions():
		return fmt.Sprintf("without the stack check %d instructions ran, with it %d", out.VM.Instructions(), checked.VM.Instructions())
	}
	return ""
}
