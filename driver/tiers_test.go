package driver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/weft-lang/weft/vm"
)

// TestTiersAgreeWhereBudgetsRunOut runs programs whose loops take the hot
// tier's fused steps (several instructions at once) under instruction
// budgets that run out mid-loop, and checks that both tiers stop at the
// same instruction. A fused step must leave room in the budget for all it
// counts: a property's getter or setter run without its frame went past
// exec's check by one instruction, which FuzzRun found only when its seeds
// happened to include class_property_loops.
func TestTiersAgreeWhereBudgetsRunOut(t *testing.T) {
	programs := []string{"class_property_loops", "attr_aug_const_loops", "aug_subscr_const_loops",
		"instance_attrs_inline", "super_hot_loop", "varargs_hot_loop", "dict_subscr_hot_loop"}
	for _, name := range programs {
		src, err := os.ReadFile(filepath.Join("..", "testdata", "conformance", name+".weft"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int64{20_000, 45_057, 60_000, 120_000, 200_000} {
			b := fuzzBudgets
			b.MaxInstructions = n
			hot, err := RunFile(context.Background(), name+".weft", src, b, vm.Options{Loader: noImports})
			if err != nil {
				t.Fatal(err)
			}
			checkTiersAgreeUnder(t, string(src), hot, b)
		}
	}
}
