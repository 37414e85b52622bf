package vm

// mod_random.go: the random module. The generator is CPython's Mersenne
// Twister (MT19937) seeded exactly as CPython seeds it, and the
// derived functions (randrange, choice, shuffle, sample, ...) consume it
// as CPython's random.py does, so a seeded program draws the same
// numbers as under python3. random.Random makes independent generators;
// the module functions are methods of one per-VM instance.

import (
	"crypto/sha512"
	"encoding/binary"
	"math"
	"math/big"
	"time"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// RandomType is random.Random.
var RandomType = newType("Random", "random", ObjectType)

const mtN, mtM = 624, 397

type mtRand struct {
	mt        [mtN]uint32
	i         int
	gaussNext *float64
}

func (r *mtRand) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < mtN; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.i = mtN
}

func (r *mtRand) initByArray(key []uint32) {
	r.initGenrand(19650218)
	i, j := 1, 0
	k := mtN
	if len(key) > k {
		k = len(key)
	}
	for ; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = mtN - 1; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000
	r.gaussNext = nil
}

func (r *mtRand) uint32() uint32 {
	if r.i >= mtN {
		for kk := 0; kk < mtN; kk++ {
			y := (r.mt[kk] & 0x80000000) | (r.mt[(kk+1)%mtN] & 0x7fffffff)
			v := r.mt[(kk+mtM)%mtN] ^ (y >> 1)
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			r.mt[kk] = v
		}
		r.i = 0
	}
	y := r.mt[r.i]
	r.i++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (r *mtRand) random() float64 {
	a, b := r.uint32()>>5, r.uint32()>>6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// seedBig seeds from a non-negative integer as init_by_array of its
// 32-bit words, least significant first.
func (r *mtRand) seedBig(n *big.Int) {
	words := n.Bits()
	var key []uint32
	for _, w := range words {
		key = append(key, uint32(w))
		if bitsPerWord == 64 {
			key = append(key, uint32(uint64(w)>>32))
		}
	}
	for len(key) > 1 && key[len(key)-1] == 0 {
		key = key[:len(key)-1]
	}
	if len(key) == 0 {
		key = []uint32{0}
	}
	r.initByArray(key)
}

const bitsPerWord = 32 << (^uint(0) >> 63)

// getrandbits returns k random bits (k >= 0) as an int.
func (r *mtRand) getrandbits(k int) Value {
	if k <= 32 {
		if k == 0 {
			return Int(0)
		}
		return Int(r.uint32() >> (32 - k))
	}
	if k <= 63 {
		lo := uint64(r.uint32())
		hi := uint64(r.uint32() >> (64 - k))
		return Int(int64(hi<<32 | lo))
	}
	nw := (k-1)/32 + 1
	buf := make([]byte, nw*4)
	for i := 0; i < nw; i++ {
		w := r.uint32()
		if k < 32 {
			w >>= 32 - k
		}
		binary.BigEndian.PutUint32(buf[(nw-1-i)*4:], w)
		k -= 32
	}
	b := new(big.Int).SetBytes(buf)
	return numNorm(&BigInt{V: *b})
}

// randbelow is _randbelow_with_getrandbits(n) for n > 0.
func (r *mtRand) randbelow(n Value) Value {
	if ni, ok := n.(Int); ok {
		if ni <= 0 {
			return Int(0)
		}
		k := bitLen64(uint64(ni))
		for {
			v := r.getrandbits(k).(Int)
			if v < ni {
				return v
			}
		}
	}
	nb := numToBig(n)
	k := nb.BitLen()
	for {
		v := r.getrandbits(k)
		if numToBig(v).Cmp(nb) < 0 {
			return v
		}
	}
}

func bitLen64(x uint64) int {
	n := 0
	for x != 0 {
		n++
		x >>= 1
	}
	return n
}

func (vm *VM) randSeed(r *mtRand, a Value) error {
	switch x := a.(type) {
	case nil, NoneType:
		var key [4]uint32
		t := uint64(time.Now().UnixNano())
		key[0], key[1] = uint32(t), uint32(t>>32)
		key[2] = uint32(uintptr(idOf(r)))
		r.initByArray(key[:])
		return nil
	case Int, *BigInt, Bool:
		v, _ := vm.IndexValue(x)
		r.seedBig(new(big.Int).Abs(numToBig(v)))
		return nil
	case *Str:
		b := []byte(x.S)
		sum := sha512.Sum512(b)
		r.seedBig(new(big.Int).SetBytes(append(b, sum[:]...)))
		return nil
	case Float:
		h, err := vm.Hash(x)
		if err != nil {
			return err
		}
		r.seedBig(new(big.Int).SetUint64(uint64(h)))
		return nil
	}
	return vm.NewError(TypeErrorType, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
}

func init() {
	builtinModules["random"] = randomModule
	t := RandomType
	t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		r := &mtRand{}
		var seed Value
		if len(args)-len(kw) > 0 {
			seed = args[0]
		}
		if cls == RandomType {
			if err := vm.checkArgs("Random", len(args), 0, 1); err != nil {
				return nil, err
			}
		}
		if err := vm.randSeed(r, seed); err != nil {
			return nil, err
		}
		return newNativeInstance(cls, r), nil
	}
	m := func(name string, fn func(vm *VM, r *mtRand, args []Value, kw []string) (Value, error)) {
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			inst, _ := args[0].(*Instance)
			var r *mtRand
			if inst != nil {
				r, _ = inst.Native().(*mtRand)
			}
			if r == nil {
				return nil, vm.descrError(name, RandomType, args[0])
			}
			return fn(vm, r, args[1:], kw)
		})
	}
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) { return None, nil })
	m("seed", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("seed", a, kw, []string{"a", "version"}, 0, 0)
		if err != nil {
			return nil, err
		}
		return None, vm.randSeed(r, p[0])
	})
	m("random", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		if err := vm.noArgs("Random.random", len(a)); err != nil {
			return nil, err
		}
		return Float(r.random()), nil
	})
	m("getrandbits", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("Random.getrandbits", len(a)); err != nil {
			return nil, err
		}
		k, err := vm.ssize(a[0])
		if err != nil {
			return nil, err
		}
		if k < 0 {
			return nil, vm.NewError(ValueErrorType, "number of bits must be non-negative")
		}
		if err := vm.numCheckBits(float64(k)); err != nil {
			return nil, err
		}
		return r.getrandbits(int(k)), nil
	})
	m("randrange", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("randrange", a, kw, []string{"start", "stop", "step"}, 1, 0)
		if err != nil {
			return nil, err
		}
		return vm.randrange(r, p[0], p[1], p[2])
	})
	m("randint", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("randint", a, kw, []string{"a", "b"}, 2, 0)
		if err != nil {
			return nil, err
		}
		b, err := vm.BinaryOp(bytecode.OpAdd, p[1], Int(1))
		if err != nil {
			return nil, err
		}
		return vm.randrange(r, p[0], b, nil)
	})
	m("choice", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("Random.choice", len(a)); err != nil {
			return nil, err
		}
		n, err := vm.Len(a[0])
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, vm.NewError(IndexErrorType, "Cannot choose from an empty sequence")
		}
		return vm.GetItem(a[0], r.randbelow(Int(n)))
	})
	m("shuffle", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		if err := vm.exactlyOne("Random.shuffle", len(a)); err != nil {
			return nil, err
		}
		n, err := vm.Len(a[0])
		if err != nil {
			return nil, err
		}
		l, isList := asList(a[0])
		for i := n - 1; i > 0; i-- {
			j := int(r.randbelow(Int(i + 1)).(Int))
			if isList && l.Len() == n {
				items := l.values()
				items[i], items[j] = items[j], items[i]
				continue
			}
			x, err := vm.GetItem(a[0], Int(i))
			if err != nil {
				return nil, err
			}
			y, err := vm.GetItem(a[0], Int(j))
			if err != nil {
				return nil, err
			}
			if err := vm.SetItem(a[0], Int(i), y); err != nil {
				return nil, err
			}
			if err := vm.SetItem(a[0], Int(j), x); err != nil {
				return nil, err
			}
		}
		return None, nil
	})
	m("uniform", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("uniform", a, kw, []string{"a", "b"}, 2, 0)
		if err != nil {
			return nil, err
		}
		x, err := vm.FloatArg(p[0])
		if err != nil {
			return nil, err
		}
		y, err := vm.FloatArg(p[1])
		if err != nil {
			return nil, err
		}
		return Float(x + (y-x)*r.random()), nil
	})
	m("triangular", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("triangular", a, kw, []string{"low", "high", "mode"}, 0, 0)
		if err != nil {
			return nil, err
		}
		low, high := 0.0, 1.0
		if p[0] != nil {
			if low, err = vm.FloatArg(p[0]); err != nil {
				return nil, err
			}
		}
		if p[1] != nil {
			if high, err = vm.FloatArg(p[1]); err != nil {
				return nil, err
			}
		}
		u := r.random()
		c := 0.5
		if p[2] != nil && p[2] != None {
			mode, err := vm.FloatArg(p[2])
			if err != nil {
				return nil, err
			}
			if high == low {
				return Float(low), nil
			}
			c = (mode - low) / (high - low)
		}
		if u > c {
			u = 1.0 - u
			c = 1.0 - c
			low, high = high, low
		}
		return Float(low + (high-low)*math.Sqrt(u*c)), nil
	})
	m("expovariate", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("expovariate", a, kw, []string{"lambd"}, 1, 0)
		if err != nil {
			return nil, err
		}
		l, err := vm.FloatArg(p[0])
		if err != nil {
			return nil, err
		}
		if l == 0 {
			return nil, vm.NewError(ZeroDivisionErrorType, "float division by zero")
		}
		return Float(-math.Log(1.0-r.random()) / l), nil
	})
	gaussArgs := func(vm *VM, name string, a []Value, kw []string) (float64, float64, error) {
		p, err := vm.parseArgs(name, a, kw, []string{"mu", "sigma"}, 0, 0)
		if err != nil {
			return 0, 0, err
		}
		mu, sigma := 0.0, 1.0
		if p[0] != nil {
			if mu, err = vm.FloatArg(p[0]); err != nil {
				return 0, 0, err
			}
		}
		if p[1] != nil {
			if sigma, err = vm.FloatArg(p[1]); err != nil {
				return 0, 0, err
			}
		}
		return mu, sigma, nil
	}
	m("gauss", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		mu, sigma, err := gaussArgs(vm, "gauss", a, kw)
		if err != nil {
			return nil, err
		}
		var z float64
		if r.gaussNext != nil {
			z = *r.gaussNext
			r.gaussNext = nil
		} else {
			x2pi := r.random() * 2 * math.Pi
			g2rad := math.Sqrt(-2.0 * math.Log(1.0-r.random()))
			z = math.Cos(x2pi) * g2rad
			next := math.Sin(x2pi) * g2rad
			r.gaussNext = &next
		}
		return Float(mu + z*sigma), nil
	})
	m("normalvariate", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		mu, sigma, err := gaussArgs(vm, "normalvariate", a, kw)
		if err != nil {
			return nil, err
		}
		nvMagic := 4 * math.Exp(-0.5) / math.Sqrt(2.0)
		var z float64
		for {
			u1 := r.random()
			u2 := 1.0 - r.random()
			z = nvMagic * (u1 - 0.5) / u2
			if z*z/4.0 <= -math.Log(u2) {
				break
			}
		}
		return Float(mu + z*sigma), nil
	})
	m("sample", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("sample", a, kw, []string{"population", "k", "counts"}, 2, 0)
		if err != nil {
			return nil, err
		}
		switch p[0].(type) {
		case *Set, *Dict:
			return nil, vm.NewError(TypeErrorType, "Population must be a sequence.  For dicts or sets, use sorted(d).")
		}
		pop, err := vm.Collect(p[0])
		if err != nil {
			return nil, err
		}
		if p[2] != nil && p[2] != None {
			counts, err := vm.Collect(p[2])
			if err != nil {
				return nil, err
			}
			if len(counts) != len(pop) {
				return nil, vm.NewError(ValueErrorType, "The number of counts does not match the population")
			}
			var exp []Value
			for i, c := range counts {
				n, err := vm.ssize(c)
				if err != nil {
					return nil, err
				}
				for j := int64(0); j < n; j++ {
					exp = append(exp, pop[i])
				}
			}
			pop = exp
		}
		k, err := vm.ssize(p[1])
		if err != nil {
			return nil, err
		}
		n := int64(len(pop))
		if k < 0 || k > n {
			return nil, vm.NewError(ValueErrorType, "Sample larger than population or is negative")
		}
		result := make([]Value, k)
		setsize := 21.0
		if k > 5 {
			setsize += math.Pow(4, math.Ceil(math.Log(float64(k*3))/math.Log(4)))
		}
		if float64(n) <= setsize {
			pool := append([]Value(nil), pop...)
			for i := int64(0); i < k; i++ {
				j := int64(r.randbelow(Int(n - i)).(Int))
				result[i] = pool[j]
				pool[j] = pool[n-i-1]
			}
		} else {
			selected := map[int64]bool{}
			for i := int64(0); i < k; i++ {
				j := int64(r.randbelow(Int(n)).(Int))
				for selected[j] {
					j = int64(r.randbelow(Int(n)).(Int))
				}
				selected[j] = true
				result[i] = pop[j]
			}
		}
		return &List{items: result}, nil
	})
	m("choices", func(vm *VM, r *mtRand, a []Value, kw []string) (Value, error) {
		p, err := vm.parseArgs("choices", a, kw, []string{"population", "weights", "cum_weights", "k"}, 1, 0)
		if err != nil {
			return nil, err
		}
		pop, err := vm.Collect(p[0])
		if err != nil {
			return nil, err
		}
		k := int64(1)
		if p[3] != nil {
			if k, err = vm.ssize(p[3]); err != nil {
				return nil, err
			}
		}
		n := len(pop)
		out := make([]Value, 0, max(k, 0))
		weights, cum := p[1], p[2]
		if weights == None {
			weights = nil
		}
		if cum == None {
			cum = nil
		}
		if cum == nil && weights == nil {
			if n == 0 {
				return nil, vm.NewError(IndexErrorType, "Cannot choose from an empty sequence")
			}
			for i := int64(0); i < k; i++ {
				out = append(out, pop[int(math.Floor(r.random()*float64(n)))])
			}
			return &List{items: out}, nil
		}
		if weights != nil && cum != nil {
			return nil, vm.NewError(TypeErrorType, "Cannot specify both weights and cumulative weights")
		}
		var cw []float64
		if cum != nil {
			items, err := vm.Collect(cum)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				f, err := vm.FloatArg(it)
				if err != nil {
					return nil, err
				}
				cw = append(cw, f)
			}
		} else {
			items, err := vm.Collect(weights)
			if err != nil {
				return nil, err
			}
			acc := 0.0
			for _, it := range items {
				f, err := vm.FloatArg(it)
				if err != nil {
					return nil, err
				}
				acc += f
				cw = append(cw, acc)
			}
		}
		if len(cw) != n {
			return nil, vm.NewError(ValueErrorType, "The number of weights does not match the population")
		}
		if n == 0 {
			return nil, vm.NewError(IndexErrorType, "Cannot choose from an empty sequence")
		}
		total := cw[n-1]
		if total <= 0 {
			return nil, vm.NewError(ValueErrorType, "Total of weights must be greater than zero")
		}
		for i := int64(0); i < k; i++ {
			x := r.random() * total
			lo, hi := 0, n-1
			for lo < hi {
				mid := (lo + hi) / 2
				if x < cw[mid] {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			out = append(out, pop[lo])
		}
		return &List{items: out}, nil
	})
}

// randrange is Random.randrange(start, stop=None, step=1).
func (vm *VM) randrange(r *mtRand, start, stop, step Value) (Value, error) {
	istart, err := vm.randIndex(start, 1)
	if err != nil {
		return nil, err
	}
	if stop == nil || stop == None {
		if step != nil {
			return nil, vm.NewError(TypeErrorType, "Missing a non-None stop argument")
		}
		if numSign(istart) > 0 {
			return r.randbelow(istart), nil
		}
		return nil, vm.NewError(ValueErrorType, "empty range for randrange()")
	}
	istop, err := vm.randIndex(stop, 2)
	if err != nil {
		return nil, err
	}
	width, err := vm.BinaryOp(bytecode.OpSub, istop, istart)
	if err != nil {
		return nil, err
	}
	istep := Value(Int(1))
	if step != nil {
		if istep, err = vm.randIndex(step, 3); err != nil {
			return nil, err
		}
	}
	if i, ok := istep.(Int); ok && i == 1 {
		if numSign(width) > 0 {
			return vm.BinaryOp(bytecode.OpAdd, istart, r.randbelow(width))
		}
		ws, _ := vm.Repr(width)
		as, _ := vm.Repr(istart)
		bs, _ := vm.Repr(istop)
		return nil, vm.NewError(ValueErrorType, "empty range for randrange() (%s, %s, %s)", as, bs, ws)
	}
	var n Value
	switch numSign(istep) {
	case 1:
		t, err := vm.BinaryOp(bytecode.OpAdd, width, istep)
		if err != nil {
			return nil, err
		}
		t, _ = vm.BinaryOp(bytecode.OpSub, t, Int(1))
		n, err = vm.BinaryOp(bytecode.OpFloorDiv, t, istep)
		if err != nil {
			return nil, err
		}
	case -1:
		t, err := vm.BinaryOp(bytecode.OpAdd, width, istep)
		if err != nil {
			return nil, err
		}
		t, _ = vm.BinaryOp(bytecode.OpAdd, t, Int(1))
		n, err = vm.BinaryOp(bytecode.OpFloorDiv, t, istep)
		if err != nil {
			return nil, err
		}
	default:
		return nil, vm.NewError(ValueErrorType, "zero step for randrange()")
	}
	if numSign(n) <= 0 {
		return nil, vm.NewError(ValueErrorType, "empty range for randrange()")
	}
	off, err := vm.BinaryOp(bytecode.OpMul, istep, r.randbelow(n))
	if err != nil {
		return nil, err
	}
	return vm.BinaryOp(bytecode.OpAdd, istart, off)
}

// randIndex converts a randrange argument: ints, or integral floats.
func (vm *VM) randIndex(v Value, argn int) (Value, error) {
	if f, ok := v.(Float); ok {
		if float64(f) != math.Trunc(float64(f)) {
			return nil, vm.NewError(ValueErrorType, "non-integer arg %d for randrange()", argn)
		}
		return vm.ToInt(f)
	}
	return vm.IndexValue(v)
}

func randomModule(vm *VM) *Module {
	m := &Module{Name: "random", Dict: NewDict(0)}
	m.Dict.SetStr("__name__", NewStr("random"))
	m.Dict.SetStr("__doc__", None)
	m.Dict.SetStr("Random", RandomType)
	r := &mtRand{}
	_ = vm.randSeed(r, nil)
	inst := newNativeInstance(RandomType, r)
	for _, name := range []string{"seed", "random", "getrandbits", "randrange", "randint", "choice",
		"shuffle", "uniform", "triangular", "expovariate", "gauss", "normalvariate", "sample", "choices"} {
		fn, _ := RandomType.Dict().GetStr(name)
		m.Dict.SetStr(name, &BoundMethod{Self: inst, Fn: fn})
	}
	return m
}
