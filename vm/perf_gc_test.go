package vm_test

import (
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestGCPacerCollectsBeforeGo: under a GCPacer, allocation-heavy programs
// (boxed ints, short-lived instances, threads handing off through queues)
// are collected by the pacer, with the program paused, before Go's
// concurrent collector would start a cycle of its own; and they print
// what they print without it.
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
			if got != want {
				t.Errorf("output %q with the pacer, %q without", got, want)
			}
		})
	}
}
