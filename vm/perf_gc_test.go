package vm_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestGCPacerCollectsBeforeGo: under a GCPacer, allocation-heavy programs
// (boxed ints, short-lived instances, threads handing off through queues)
// are collected by the pacer, with the program paused, before Go's
// concurrent collector would start a cycle of its own, although it reads
// the heap at fewer than half its checks; and they print what they print
// without it.
func TestGCPacerCollectsBeforeGo(t *testing.T) {
	programs := []struct{ name, src string }{
		{"boxed ints", "t = 0\nfor i in range(2000000):\n    t += i * 1000003\nprint(t)\n"},
		{"instances", "class P:\n    def __init__(self, x):\n        self.x = x\nn = 0\nfor i in range(300000):\n    n += P(i).x\nprint(n)\n"},
		{"threads handing off", "import threading, queue\na = queue.Queue()\nb = queue.Queue()\n" +
			"def ping():\n    for i in range(200000):\n        a.put([i])\n        b.get()\n" +
			"def pong():\n    for i in range(200000):\n        b.put(a.get())\n" +
			"ts = [threading.Thread(target=ping), threading.Thread(target=pong)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint('done')\n"},
	}
	automatic := []metrics.Sample{{Name: "/gc/cycles/automatic:gc-cycles"}}
	for _, prog := range programs {
		t.Run(prog.name, func(t *testing.T) {
			want := runPrinting(t, prog.src, vm.Options{})
			runtime.GC()
			metrics.Read(automatic)
			before := automatic[0].Value.Uint64()
			pacer := vm.NewGCPacer()
			got := runPrinting(t, prog.src, vm.Options{GC: pacer})
			metrics.Read(automatic)
			if auto := automatic[0].Value.Uint64() - before; auto > 0 {
				t.Errorf("Go started %d cycles of its own (the pacer ran %d)", auto, pacer.Collections)
			}
			if pacer.Collections < 3 {
				t.Errorf("the pacer collected %d times, want several", pacer.Collections)
			}
			t.Logf("%d collections, %d heap reads at %d checks", pacer.Collections, pacer.Reads, pacer.Checks)
			// Reads are planned from the heap's growth, not made at
			// every check (GCPacer.plan). Under the race detector the
			// program runs so slowly that collections take a small
			// share of the time, the pacer keeps its 1 MB minimum, and
			// collections come every few checks, each followed by a
			// read: no room to plan in.
			if pacer.Reads*2 > pacer.Checks && !raceEnabled {
				t.Errorf("the pacer read the heap at %d of %d checks", pacer.Reads, pacer.Checks)
			}
			if got != want {
				t.Errorf("output %q with the pacer, %q without", got, want)
			}
		})
	}
}

// TestGCPacerBigValuesReuseGarbage: a program that builds a big list per
// round gets, under a GCPacer, each list from the memory of the last one,
// which is garbage by then, instead of growing the heap to hold both; Go
// starts no concurrent cycle over the new lists, and collection is back
// on afterwards.
func TestGCPacerBigValuesReuseGarbage(t *testing.T) {
	// Each list is garbage once last() returns, before the next is built.
	src := "def last(r):\n    l = [r] * 4000000\n    return l[-1]\nt = 0\nfor r in range(4):\n    t += last(r)\nprint(t)\n"
	reusesGarbage(t, "BigValues", src, "6\n", 4_000_000*vm.ValueSlotBytes, 3)
}

// TestGCPacerSplitsReuseGarbage: the same for a long split per round
// (bench/programs/dictstr): the pacer collects before each split's block
// of Str headers is allocated, which the periodic checks, a few
// instructions apart here, would not see in time (without it Go ran its
// own cycles and the heap reached 15 MB for 5 MB splits). The heap's
// address space is no measure here: between rounds small spans take the
// low pages of the freed block, and the next block needs new ones.
func TestGCPacerSplitsReuseGarbage(t *testing.T) {
	const words = 200_000
	src := fmt.Sprintf("text = 'ab ' * %d\nn = 0\nfor r in range(4):\n    n += len(text.split())\nprint(n)\n", words)
	reusesGarbage(t, "Splits", src, fmt.Sprintf("%d\n", 4*words), 0, 3)
}

// reusesGarbage runs src, which builds a value of about valueBytes per
// round, under a GCPacer in a fresh process (this test binary run again:
// Go never unmaps heap memory, and other tests leave it grown), and fails
// if the pacer collected fewer than collections times, Go started a
// cycle of its own, collection stayed off, or (valueBytes > 0) the heap
// grew to hold two such values at once.
func reusesGarbage(t *testing.T, name, src, want string, valueBytes, collections int) {
	t.Helper()
	childEnv := "WEFT_GC_REUSE_CHILD"
	if os.Getenv(childEnv) == name {
		automatic := []metrics.Sample{{Name: "/gc/cycles/automatic:gc-cycles"}}
		metrics.Read(automatic)
		before := automatic[0].Value.Uint64()
		pacer := vm.NewGCPacer()
		if got := runPrinting(t, src, vm.Options{GC: pacer}); got != want {
			t.Fatalf("printed %q, want %q", got, want)
		}
		if pacer.Collections < collections {
			t.Errorf("the pacer collected %d times, want %d or more", pacer.Collections, collections)
		}
		metrics.Read(automatic)
		if auto := automatic[0].Value.Uint64() - before; auto > 0 {
			t.Errorf("Go started %d cycles of its own", auto)
		}
		if percent := debug.SetGCPercent(100); percent != 100 {
			t.Errorf("GOGC is %d after the run, want 100", percent)
		}
		fmt.Printf("heap-bytes %d\n", heapAddressSpace())
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+name, "GOGC=100")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var heap int
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(line, "heap-bytes %d", &heap); err == nil {
			break
		}
	}
	if heap == 0 {
		t.Fatalf("child reported no heap size:\n%s", out)
	}
	if valueBytes == 0 {
		return
	}
	// Two values at once would need 2*valueBytes; one value and the
	// interpreter's own heap fit well under 1.5.
	if limit := valueBytes * 3 / 2; heap > limit {
		t.Errorf("heap grew to %d MB for %d MB values (limit %d MB): the last value was not collected first", heap>>20, valueBytes>>20, limit>>20)
	}
}

// heapAddressSpace is the memory the Go heap has ever mapped: its objects,
// free and released pages and stacks, which only grow.
func heapAddressSpace() int {
	var total uint64
	for _, d := range metrics.All() {
		if strings.HasPrefix(d.Name, "/memory/classes/heap/") {
			s := []metrics.Sample{{Name: d.Name}}
			metrics.Read(s)
			total += s[0].Value.Uint64()
		}
	}
	return int(total)
}
