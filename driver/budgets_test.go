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
