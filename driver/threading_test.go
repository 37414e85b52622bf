package driver

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/vm"
)

// TestThreading runs every testdata/threading program (threading, queue and
// time.sleep on tasklets) with the stack check on and compares stdout and,
// for programs that end in an uncaught exception, the last stderr line with
// what python3 printed (testdata/threading/generate.sh). NAME.threads lists
// the "Exception in thread" reports CPython printed (header and last line
// of each); Weft must print the same ones. Each program runs with the
// virtual clock (sleeps are instant) and, unless -short, with the real
// clock too, and with a 3-instruction time slice for every tasklet (the
// interleaving changes, the output must not).
func TestThreading(t *testing.T) {
	dir := filepath.Join("..", "testdata", "threading")
	files, _ := filepath.Glob(filepath.Join(dir, "*.weft"))
	if len(files) < 40 {
		t.Fatalf("want at least 40 threading programs, found %d", len(files))
	}
	type mode struct {
		name    string
		virtual bool
		preempt int
	}
	modes := []mode{{"", true, 0}}
	if !testing.Short() {
		modes = append(modes, mode{"/real-clock", false, 0}, mode{"/preempt-3", true, 3})
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".weft")
		for _, m := range modes {
			virtual := m.virtual
			t.Run(name+m.name, func(t *testing.T) {
				if m.name != "" {
					t.Parallel()
				}
				base := strings.TrimSuffix(path, ".weft")
				wantOut, err := os.ReadFile(base + ".out")
				if err != nil {
					t.Fatalf("missing expected output (run testdata/threading/generate.sh): %v", err)
				}
				wantErr, _ := os.ReadFile(base + ".err")
				wantThreads, _ := os.ReadFile(base + ".threads")
				out, stderr := runThreadProgram(t, path, vm.Options{VirtualClock: virtual, Preempt: m.preempt})
				if problem := compareRun(out, wantOut, wantErr); problem != "" {
					t.Error(problem)
				}
				if got := threadReports(stderr); got != string(wantThreads) {
					t.Errorf("thread exception reports differ:\nwant:\n%s\ngot:\n%s\nstderr:\n%s", wantThreads, got, stderr)
				}
				if out.VM != nil {
					for _, v := range out.VM.StackViolations {
						t.Errorf("stack check: %s", v)
					}
				}
			})
		}
	}
}

// TestThreadSliceCopies runs slice_copies_interleaved under time slices
// of 1 to 8 instructions: the VM reuses one list for the slice copies the
// threads make, and some of these slices switch threads between a copy's
// slice and its store (the 3-instruction slice of TestThreading does not).
func TestThreadSliceCopies(t *testing.T) {
	path := filepath.Join("..", "testdata", "threading", "slice_copies_interleaved.weft")
	want, err := os.ReadFile(strings.TrimSuffix(path, ".weft") + ".out")
	if err != nil {
		t.Fatal(err)
	}
	for slice := 1; slice <= 8; slice++ {
		out, _ := runThreadProgram(t, path, vm.Options{VirtualClock: true, Preempt: slice})
		if problem := compareRun(out, want, nil); problem != "" {
			t.Errorf("time slice %d: %s", slice, problem)
		}
	}
}

// runThreadProgram runs a program under budgets and returns the outcome
// and everything written to stderr (thread reports included).
func runThreadProgram(t *testing.T, path string, opts vm.Options) (*Outcome, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	opts.CheckStack = true
	opts.Stderr = &stderr
	out, err := RunFile(ctx, path, nil, Budgets{MaxInstructions: 500_000_000}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Traceback != "" {
		stderr.WriteString(out.Traceback)
	}
	return out, stderr.String()
}

// threadReports extracts, like generate.sh, each "Exception in thread"
// line and the last line of its report.
func threadReports(stderr string) string {
	var b strings.Builder
	header, last := "", ""
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Exception in thread ") {
			if header != "" {
				b.WriteString(last + "\n")
			}
			header = line
			b.WriteString(line + "\n")
			continue
		}
		if header != "" && strings.TrimSpace(line) != "" {
			last = line
		}
	}
	if header != "" {
		b.WriteString(last + "\n")
	}
	return b.String()
}

// TestThreadDeadlocks runs the programs of testdata/threading/deadlock,
// which would hang under CPython: Weft must end each with the deadlock
// error. NAME.out is the expected stdout and NAME.stderr the expected
// stderr (the blocked-thread report above the traceback), with file names
// relative to the folder; both were derived by hand from SPEC.md.
func TestThreadDeadlocks(t *testing.T) {
	dir := filepath.Join("..", "testdata", "threading", "deadlock")
	files, _ := filepath.Glob(filepath.Join(dir, "*.weft"))
	if len(files) == 0 {
		t.Fatal("no deadlock programs")
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".weft")
		t.Run(name, func(t *testing.T) {
			base := strings.TrimSuffix(path, ".weft")
			wantOut, err := os.ReadFile(base + ".out")
			if err != nil {
				t.Fatal(err)
			}
			wantStderr, err := os.ReadFile(base + ".stderr")
			if err != nil {
				t.Fatal(err)
			}
			out, stderr := runThreadProgram(t, path, vm.Options{VirtualClock: true})
			if !bytes.Equal(out.Stdout, wantOut) {
				t.Errorf("stdout differs:\n%s", diffText(string(wantOut), string(out.Stdout)))
			}
			got := strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
			if got != string(wantStderr) {
				t.Errorf("stderr differs:\n%s\nfull stderr:\n%s", diffText(string(wantStderr), got), got)
			}
			if out.Status != 1 {
				t.Errorf("exit status %d, want 1", out.Status)
			}
		})
	}
}

// TestThreadBudgets checks that the embedding budgets stop threaded
// programs: a busy thread that main joins (instruction budget), sleeping
// threads (time budget, real clock: the wait ends early), and threads
// handing off to each other every few instructions (every budget; their
// switches once postponed the budget checks forever).
func TestThreadBudgets(t *testing.T) {
	const handoff = "import threading, queue\na = queue.Queue()\nb = queue.Queue()\n" +
		"def ping():\n    while True:\n        a.put(1)\n        b.get()\n" +
		"def pong():\n    while True:\n        a.get()\n        b.put(1)\n" +
		"threading.Thread(target=ping).start()\nthreading.Thread(target=pong).start()\n"
	cases := []struct {
		name, src string
		b         Budgets
		cancel    time.Duration // cancel the context after this long
	}{
		{"busy thread joined", "import threading\ndef f():\n    while True:\n        pass\nt = threading.Thread(target=f)\nt.start()\nt.join()\n",
			Budgets{MaxInstructions: 200_000}, 0},
		{"sleeping main", "import time\ntime.sleep(30)\n", Budgets{Timeout: 100 * time.Millisecond}, 0},
		{"sleeping thread joined", "import threading, time\nt = threading.Thread(target=time.sleep, args=(30,))\nt.start()\nt.join()\n",
			Budgets{Timeout: 100 * time.Millisecond}, 0},
		{"sleeping thread at exit", "import threading, time\nthreading.Thread(target=time.sleep, args=(30,)).start()\n",
			Budgets{Timeout: 100 * time.Millisecond}, 0},
		{"handoff, instructions", handoff, Budgets{MaxInstructions: 200_000}, 0},
		{"handoff, time", handoff, Budgets{Timeout: 100 * time.Millisecond}, 0},
		{"handoff, cancelled", handoff, Budgets{}, 100 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.cancel > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, c.cancel)
				defer cancel()
			}
			wantBudgetExceeded(t, ctx, c.src, c.b)
		})
	}
}
