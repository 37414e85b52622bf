package vm

// items.go: subscription (x[k], x[k] = v, del x[k]) for builtin types and
// the __getitem__ protocol. (Owner: containers engineer.)

// GetItem is x[k].
func (vm *VM) GetItem(x, k Value) (Value, error) {
	switch c := x.(type) {
	case *List:
		if i, ok := k.(Int); ok {
			n := Int(len(c.Items))
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, vm.NewError(IndexErrorType, "list index out of range")
			}
			return c.Items[i], nil
		}
	case *Tuple:
		if i, ok := k.(Int); ok {
			n := Int(len(c.Items))
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, vm.NewError(IndexErrorType, "tuple index out of range")
			}
			return c.Items[i], nil
		}
	case *Dict:
		v, ok, err := vm.DictGet(c, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, NewException(KeyErrorType, k)
		}
		return v, nil
	}
	if r, ok, err := vm.callSpecial(x, "__getitem__", k); ok {
		return r, err
	}
	return nil, vm.NewError(TypeErrorType, "'%s' object is not subscriptable", TypeOf(x).Name)
}

// SetItem is x[k] = v.
func (vm *VM) SetItem(x, k, v Value) error {
	switch c := x.(type) {
	case *List:
		if i, ok := k.(Int); ok {
			n := Int(len(c.Items))
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return vm.NewError(IndexErrorType, "list assignment index out of range")
			}
			c.Items[i] = v
			return nil
		}
	case *Dict:
		return vm.DictSet(c, k, v)
	}
	if _, ok, err := vm.callSpecial(x, "__setitem__", k, v); ok {
		return err
	}
	return vm.NewError(TypeErrorType, "'%s' object does not support item assignment", TypeOf(x).Name)
}

// DelItem is del x[k].
func (vm *VM) DelItem(x, k Value) error {
	switch c := x.(type) {
	case *Dict:
		_, ok, err := vm.DictDelete(c, k)
		if err != nil {
			return err
		}
		if !ok {
			return NewException(KeyErrorType, k)
		}
		return nil
	}
	if _, ok, err := vm.callSpecial(x, "__delitem__", k); ok {
		return err
	}
	return vm.NewError(TypeErrorType, "'%s' object does not support item deletion", TypeOf(x).Name)
}
