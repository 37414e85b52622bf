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
			// every check (GCPacer.plan).
			if pacer.Reads*2 > pacer.Checks {
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
// on afterwards. The heap's size is measured in a fresh process (this test
// binary run again), since Go never unmaps heap memory and other tests
// leave it grown.
func TestGCPacerBigValuesReuseGarbage(t *testing.T) {
	const listBytes = 4_000_000 * vm.ValueSlotBytes
	if os.Getenv("WEFT_GC_BIG_VALUES_CHILD") == "1" {
		// Each list is garbage once last() returns, before the next is built.
		src := "def last(r):\n    l = [r] * 4000000\n    return l[-1]\nt = 0\nfor r in range(4):\n    t += last(r)\nprint(t)\n"
		automatic := []metrics.Sample{{Name: "/gc/cycles/automatic:gc-cycles"}}
		metrics.Read(automatic)
		before := automatic[0].Value.Uint64()
		if got := runPrinting(t, src, vm.Options{GC: vm.NewGCPacer()}); got != "6\n" {
			t.Fatalf("printed %q", got)
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
	cmd := exec.Command(os.Args[0], "-test.run=^TestGCPacerBigValuesReuseGarbage$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WEFT_GC_BIG_VALUES_CHILD=1", "GOGC=100")
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
	// Two lists at once would need 2*listBytes; one list and the
	// interpreter's own heap fit well under 1.5.
	if limit := listBytes * 3 / 2; heap > limit {
		t.Errorf("heap grew to %d MB for %d MB lists (limit %d MB): the last list was not collected first", heap>>20, listBytes>>20, limit>>20)
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
