package vm

import (
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

// fusedChannelProgram exercises every shape of the fused call (send of a
// local and of a constant, receive) and the shapes left to the general
// path (send of an expression), under a tiny time slice so that the
// instruction counts decide where tasklets are preempted.
const fusedChannelProgram = `
import stackless
c = stackless.channel()
log = []

def producer(n):
    for i in range(n):
        c.send(i)
        c.send(-1)
        c.send(i * 10)

def consumer(n):
    for i in range(3 * n):
        v = c.receive()
        log.append(v)

def spinner(n):
    for i in range(n):
        log.append('s')

stackless.tasklet(consumer)(20)
stackless.tasklet(producer)(20)
stackless.tasklet(spinner)(30)
stackless.run()
print(log)
try:
    c.receive()
except RuntimeError as e:
    print('deadlock:', e)
`

func runFusedChannelProgram(t *testing.T, fuse bool) (string, int64) {
	t.Helper()
	old := fuseChannelCalls
	fuseChannelCalls = fuse
	defer func() { fuseChannelCalls = old }()
	_, code, diags := compiler.CompileFile(source.NewFile("fused.weft", []byte(fusedChannelProgram)), compiler.Options{})
	if diags.HasErrors() {
		t.Fatalf("compile: %v", diags)
	}
	var out strings.Builder
	m := New(Options{Stdout: &out, Preempt: 7, CheckStack: true})
	res := m.RunModule(code, "__main__")
	if res.Exception != nil {
		t.Fatalf("fuse=%v: %s", fuse, m.FormatTraceback(res.Exception))
	}
	for _, v := range m.StackViolations {
		t.Errorf("fuse=%v: stack check: %s", fuse, v)
	}
	return out.String(), m.Instructions()
}

// TestFusedChannelCallsMatchGeneralPath: the fused send/receive charges
// exactly the instructions it skips, so output (which depends on where
// the 7-instruction slices end) and the instruction count are the same
// with and without it.
func TestFusedChannelCallsMatchGeneralPath(t *testing.T) {
	fusedOut, fusedN := runFusedChannelProgram(t, true)
	plainOut, plainN := runFusedChannelProgram(t, false)
	if fusedOut != plainOut {
		t.Errorf("output differs:\nfused: %s\nplain: %s", fusedOut, plainOut)
	}
	if fusedN != plainN {
		t.Errorf("instructions: fused %d, general path %d", fusedN, plainN)
	}
	if !strings.Contains(fusedOut, "'s'") || !strings.Contains(fusedOut, "deadlock:") {
		t.Errorf("program did not run as intended:\n%s", fusedOut)
	}
}
