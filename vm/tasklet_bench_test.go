package vm_test

// tasklet_bench_test.go: benchmarks of tasklet switching, channels and
// spawning (go test ./vm -run '^$' -bench Tasklet -cpuprofile cpu.out).
// Each runs a module whose tasklets perform b.N operations; the loops'
// own cost is part of the figure (BenchmarkLoop measures an empty loop).

import (
	"strconv"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/vm"
)

// runTasklets runs src as __main__ with N replaced by b.N, timing the
// whole module.
func runTasklets(b *testing.B, src string) *vm.VM {
	b.Helper()
	src = strings.ReplaceAll(src, "N_OPS", strconv.Itoa(b.N))
	_, code, diags := compiler.CompileFile(source.NewFile("bench.weft", []byte(src)), compiler.Options{})
	if diags.HasErrors() || code == nil {
		b.Fatalf("compile: %v", diags)
	}
	machine := vm.New(vm.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	res := machine.RunModule(code, "__main__")
	b.StopTimer()
	if res.Exception != nil {
		b.Fatalf("module: %s", machine.FormatTraceback(res.Exception))
	}
	machine.Finish()
	return machine
}

// BenchmarkTaskletSchedule is one schedule() switch between two tasklets
// (each op is one switch).
func BenchmarkTaskletSchedule(b *testing.B) {
	runTasklets(b, `
import stackless
def spin(n):
    sch = stackless.schedule
    for i in range(n):
        sch()
stackless.tasklet(spin)(N_OPS // 2)
stackless.tasklet(spin)(N_OPS - N_OPS // 2)
stackless.run()
`)
}

// BenchmarkTaskletPingPong is one value passed over a channel (two
// switches: the send runs the waiting receiver, whose next receive
// switches back).
func BenchmarkTaskletPingPong(b *testing.B) {
	runTasklets(b, `
import stackless
c = stackless.channel()
def ping(n):
    for i in range(n):
        c.send(i)
def pong(n):
    for i in range(n):
        c.receive()
stackless.tasklet(pong)(N_OPS)
stackless.tasklet(ping)(N_OPS)
stackless.run()
`)
}

// BenchmarkTaskletSpawn is one tasklet created, blocked on a channel,
// woken and finished.
func BenchmarkTaskletSpawn(b *testing.B) {
	runTasklets(b, `
import stackless
ch = stackless.channel()
def waiter():
    ch.receive()
for i in range(N_OPS):
    stackless.tasklet(waiter)()
stackless.run()
for i in range(N_OPS):
    ch.send(None)
`)
}
