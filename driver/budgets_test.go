package driver

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/vm"
)

// wantBudgetExceeded runs src under b and ctx and fails unless it stops
// with BudgetExceeded; a program the budgets do not stop fails the test
// after 20 s instead of hanging it.
func wantBudgetExceeded(t *testing.T, ctx context.Context, src string, b Budgets) {
	t.Helper()
	type result struct {
		out *Outcome
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := RunFile(ctx, "budget.weft", []byte(src), b, vm.Options{})
		done <- result{out, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the budget did not stop the program within 20 s")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !strings.HasPrefix(r.out.ExcLine, "BudgetExceeded:") {
		t.Errorf("want BudgetExceeded, got %q\n%s", r.out.ExcLine, r.out.Traceback)
	}
}

// TestBuiltinLoopBudgets: builtins that loop in Go over a huge or endless
// iterable count each step against the budgets (they ran for hours, or
// forever, under a one-second evaluation budget).
func TestBuiltinLoopBudgets(t *testing.T) {
	programs := []string{
		"sum(range(10**13))\n",
		"max(range(10**13))\n",
		"all(range(1, 10**13))\n",
		"min(iter(int, 1))\n",
		"dict.fromkeys(iter(int, 1))\n",
		"sorted(iter(int, 1))\n",
	}
	budgets := []Budgets{{MaxInstructions: 1_000_000}, {Timeout: 200 * time.Millisecond}}
	for _, src := range programs {
		for _, b := range budgets {
			t.Run(strings.TrimSpace(src), func(t *testing.T) {
				wantBudgetExceeded(t, context.Background(), src, b)
			})
		}
	}
}

// TestHeapBudget: a program that holds ever more memory stops with
// MemoryError at the heap budget (in an editor evaluation one reached
// 3.5 GB within its five-second time budget), while one that only makes
// garbage, however much, runs to the end.
func TestHeapBudget(t *testing.T) {
	b := Budgets{Timeout: 20 * time.Second, MaxHeap: 64 << 20}
	for _, grow := range []string{"[0] * 100000", "'x' * 1000000", "list(range(100000))", "''.ljust(1000000)"} {
		hold := "l = []\nwhile True:\n    l.append(" + grow + ")\n"
		out, err := RunFile(context.Background(), "hold.weft", []byte(hold), b, vm.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.ExcLine, "MemoryError: heap budget exhausted") {
			t.Errorf("holding %s: got %q", grow, out.ExcLine)
		}
	}
	churn := "n = 0\nfor i in range(400):\n    x = [i] * 100000\n    n += len(x)\nprint(n)\n"
	out, err := RunFile(context.Background(), "churn.weft", []byte(churn), b, vm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if out.ExcLine != "" || string(out.Stdout) != "40000000\n" {
		t.Errorf("making garbage: %q %q", out.ExcLine, out.Stdout)
	}
}
