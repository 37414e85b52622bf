package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunPreemptAndTrace checks that weft run passes --preempt and --trace
// to the VM: two tasklets that never switch by themselves interleave under
// a time slice, and the trace file is Chrome trace-event JSON whose
// complete events carry a switch reason and Perfetto's fields.
func TestRunPreemptAndTrace(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "spin.weft")
	os.WriteFile(prog, []byte(`import stackless
log = []
def spin(name):
    log.append(name + " start")
    n = 0
    for i in range(3000):
        n += i
    log.append(name + " end")
stackless.tasklet(spin)("A")
stackless.tasklet(spin)("B")
stackless.run()
print(log)
`), 0o644)
	run := func(args ...string) string {
		var out, errOut bytes.Buffer
		if st := runMain(append([]string{"run"}, args...), &out, &errOut); st != 0 {
			t.Fatalf("weft run %v: status %d: %s", args, st, errOut.String())
		}
		return strings.TrimSpace(out.String())
	}
	if got, want := run(prog), "['A start', 'A end', 'B start', 'B end']"; got != want {
		t.Errorf("cooperative: got %s, want %s", got, want)
	}
	trace := filepath.Join(dir, "trace.json")
	if got, want := run("--preempt", "50", "--trace", trace, prog), "['A start', 'B start', 'A end', 'B end']"; got != want {
		t.Errorf("--preempt 50: got %s, want %s", got, want)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []map[string]any `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("trace is not JSON: %v", err)
	}
	reasons := map[string]int{}
	for _, e := range doc.TraceEvents {
		if e["ph"] != "X" {
			continue
		}
		for _, k := range []string{"ts", "dur", "pid", "tid"} {
			if _, ok := e[k].(float64); !ok {
				t.Fatalf("event lacks numeric %q: %v", k, e)
			}
		}
		args, _ := e["args"].(map[string]any)
		r, _ := args["reason"].(string)
		reasons[r]++
	}
	if reasons["preempt"] < 10 || reasons["run"] != 1 || reasons["exit"] != 1 {
		t.Errorf("switch reasons: %v", reasons)
	}
}
