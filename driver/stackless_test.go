package driver

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/vm"
)

// preemptLine is the "# preempt: N" header line that runs a program under
// weft run --preempt N.
var preemptLine = regexp.MustCompile(`(?m)^# preempt: (\d+)$`)

// stacklessStderr lists, per program, regular expressions its formatted
// traceback must match (the header lines above the traceback that the last
// stderr line does not show).
var stacklessStderr = map[string][]string{
	"tasklet_exception": {
		`(?m)^Exception in tasklet 'bad' \(spawned at \S*tasklet_exception\.weft:27\):\nTraceback \(most recent call last\):\n  File "\S*tasklet_exception\.weft", line 28, in <module>\n`,
		`(?m)^  File "\S*tasklet_exception\.weft", line 16, in bad\n    raise ValueError\("bad failed"\)\nValueError: bad failed\n\z`,
	},
	"throw_never_run": {
		`(?m)^Exception in tasklet 'never' \(spawned at \S*throw_never_run\.weft:16\):$`,
	},
	"deadlock_report": {
		`(?m)^Blocked tasklets:\n  tasklet 'main' \(spawned at <main>\) waiting at \S*deadlock_report\.weft:17\n  tasklet 'waiter' \(spawned at \S*deadlock_report\.weft:15\) waiting at \S*deadlock_report\.weft:13\nTraceback`,
	},
	"deadlock_main": {
		`(?m)^Blocked tasklets:\n  tasklet 'main' \(spawned at <main>\) waiting at \S*deadlock_main\.weft:8\nTraceback`,
	},
}

// TestStackless runs every testdata/stackless program with the stack check
// on and compares stdout and, for programs that end in an uncaught
// exception, the last stderr line with the expectations derived from
// SPEC.md (each program's header says which rule it checks and why).
func TestStackless(t *testing.T) {
	dir := filepath.Join("..", "testdata", "stackless")
	files, _ := filepath.Glob(filepath.Join(dir, "*.weft"))
	if len(files) == 0 {
		t.Fatal("no testdata/stackless programs")
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".weft")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wantOut, err := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".out")
			if err != nil {
				t.Fatalf("missing expected output: %v", err)
			}
			wantErr, _ := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".err")
			opts := vm.Options{CheckStack: true}
			if m := preemptLine.FindSubmatch(text); m != nil {
				opts.Preempt, _ = strconv.Atoi(string(m[1]))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			out, err := RunFile(ctx, path, text, Budgets{MaxInstructions: 500_000_000}, opts)
			if err != nil {
				t.Fatal(err)
			}
			if problem := compareRun(out, wantOut, wantErr); problem != "" {
				t.Error(problem)
			}
			for _, re := range stacklessStderr[name] {
				if !regexp.MustCompile(re).MatchString(out.Traceback) {
					t.Errorf("traceback does not match %q:\n%s", re, out.Traceback)
				}
			}
			if out.VM != nil {
				for _, v := range out.VM.StackViolations {
					t.Errorf("stack check: %s", v)
				}
			}
		})
	}
	for name := range stacklessStderr {
		if _, err := os.Stat(filepath.Join(dir, name+".weft")); err != nil {
			t.Errorf("stacklessStderr names a missing program: %s", name)
		}
	}
}

// TestStacklessTrace checks the --trace output: valid JSON with a
// traceEvents array holding one complete event per tasklet switch (each
// with its reason) plus the final interval, carrying the fields Perfetto
// needs (ph, ts, dur, pid, tid), and metadata naming each tasklet's track.
func TestStacklessTrace(t *testing.T) {
	path := filepath.Join("..", "testdata", "stackless", "preference_send.weft")
	tracePath := filepath.Join(t.TempDir(), "trace.json")
	out, err := RunFile(context.Background(), path, nil, Budgets{}, vm.Options{TracePath: tracePath})
	if err != nil {
		t.Fatal(err)
	}
	if out.Traceback != "" {
		t.Fatal(out.Traceback)
	}
	data, err := os.ReadFile(tracePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []map[string]any `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("trace is not valid JSON: %v", err)
	}
	var complete, exits int
	names := map[float64]bool{}
	for _, e := range doc.TraceEvents {
		switch e["ph"] {
		case "X":
			for _, k := range []string{"name", "ts", "dur", "pid", "tid", "args"} {
				if _, ok := e[k]; !ok {
					t.Fatalf("event without %q: %v", k, e)
				}
			}
			if dur, ok := e["dur"].(float64); !ok || dur < 0 {
				t.Fatalf("bad dur in %v", e)
			}
			args, _ := e["args"].(map[string]any)
			reason, _ := args["reason"].(string)
			if reason == "" {
				t.Fatalf("switch event without a reason: %v", e)
			}
			if reason == "exit" {
				exits++
			}
			complete++
		case "M":
			if e["name"] == "thread_name" {
				names[e["tid"].(float64)] = true
			}
		default:
			t.Fatalf("unexpected event phase: %v", e)
		}
	}
	switches := out.VM.Switches()
	if switches < 10 {
		t.Fatalf("only %d switches", switches)
	}
	if exits != 1 || int64(complete-exits) != switches {
		t.Errorf("%d complete events (%d at exit) for %d switches", complete, exits, switches)
	}
	for _, e := range doc.TraceEvents {
		if e["ph"] == "X" && !names[e["tid"].(float64)] {
			t.Errorf("no thread_name metadata for tid %v", e["tid"])
		}
	}
}
