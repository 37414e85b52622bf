package vm

// Set is a set or frozenset: a Dict whose values are unused.
type Set struct {
	D      Dict
	Frozen bool
}

type viewKind uint8

const (
	viewKeys viewKind = iota
	viewValues
	viewItems
)

// DictView is dict.keys(), .values() or .items().
type DictView struct {
	D    *Dict
	Kind viewKind
}

func rangeContains(r *Range, item Value) bool {
	var n int64
	switch x := item.(type) {
	case Int:
		n = int64(x)
	case Bool:
		if x {
			n = 1
		}
	case Float:
		if float64(int64(x)) != float64(x) {
			return false
		}
		n = int64(x)
	default:
		return false
	}
	if r.Step > 0 {
		if n < r.Start || n >= r.Stop {
			return false
		}
		return (n-r.Start)%r.Step == 0
	}
	if n > r.Start || n <= r.Stop {
		return false
	}
	return (r.Start-n)%(-r.Step) == 0
}

func (vm *VM) viewContains(v *DictView, item Value) (bool, error) {
	switch v.Kind {
	case viewKeys:
		_, ok, err := vm.DictGet(v.D, item)
		return ok, err
	case viewValues:
		return vm.seqContains(v.D.valuesSlice(), item)
	}
	t, ok := item.(*Tuple)
	if !ok || len(t.Items) != 2 {
		return false, nil
	}
	val, ok, err := vm.DictGet(v.D, t.Items[0])
	if err != nil || !ok {
		return false, err
	}
	return vm.Equal(val, t.Items[1])
}

func (d *Dict) valuesSlice() []Value {
	out := make([]Value, 0, d.live)
	d.Items(func(_, v Value) bool { out = append(out, v); return true })
	return out
}
