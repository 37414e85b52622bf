package vm

import (
	"reflect"
	"unsafe"

	"github.com/weft-lang/weft/compiler/bytecode"
	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// retKind says what happens to a frame's return value (or, for a
// generator frame, to a yielded value) when control goes back to Back.
type retKind uint8

const (
	retPush      retKind = iota // push the value on the caller's stack
	retInit                     // __init__: value must be None; push Frame.extra (the instance)
	retClass                    // class body: build the class from the namespace
	retForIter                  // generator resumed by FOR_ITER
	retNext                     // generator resumed by next()/send(): StopIteration on return
	retYieldFrom                // generator resumed by YIELD_FROM in the caller
	retDiscard                  // value dropped (module bodies run by import)
	retSetter                   // a property's setter run by STORE_ATTR: nothing pushed
)

// Frame is one activation record. slots holds exactly NumLocals+MaxStack
// values: the fast locals, then the operand stack.
type Frame struct {
	Fn      *Function
	cc      *codeCache
	Globals *Dict
	Back    *Frame
	pc      int
	sp      int
	slots   []Value
	gen     *Generator
	// aux holds what only some frames have (frameAux), behind a pointer:
	// that keeps Frame at 96 bytes, a size class (every blocked tasklet
	// and sleeping thread costs its frames).
	aux *frameAux
	// ret, entry and nlocals share one word, keeping Frame small. A
	// frame that is neither an entry frame nor has a caller is the bottom
	// frame of the current tasklet: returning from it, or an exception
	// escaping it, ends that tasklet.
	ret retKind
	// entry marks the bottom frame of one run of the interpreter loop.
	entry bool
	// moduleNS is set when the frame's namespace is its globals (a module
	// body): the name instructions test it instead of comparing the two.
	moduleNS bool
	nlocals  int32
}

// setModuleNS makes globals the frame's namespace as well.
func (f *Frame) setModuleNS(globals *Dict) {
	f.auxOf().locals = globals
	f.moduleNS = true
}

// frameAux is the part of a frame that most frames lack. A pooled frame
// keeps its frameAux, so an __init__ frame allocates one only once.
type frameAux struct {
	// locals is the namespace of module and class bodies (nil in
	// functions, whose locals are slots).
	locals *Dict
	// cells are the frame's cell and free variables.
	cells []*Cell
	// extra is the instance of an __init__ frame, the module of an
	// imported module's body, the *classBuild of a class body, and the
	// default of next(gen, default).
	extra Value
}

// code is the code object the frame runs.
func (f *Frame) code() *bytecode.Code { return f.cc.code }

// locals is the namespace of a module or class body (nil in functions).
func (f *Frame) locals() *Dict {
	if f.aux == nil {
		return nil
	}
	return f.aux.locals
}

// extra is the frame's extra value (see frameAux), or nil.
func (f *Frame) extra() Value {
	if f.aux == nil {
		return nil
	}
	return f.aux.extra
}

// auxOf returns the frame's frameAux, allocating it on first use.
func (f *Frame) auxOf() *frameAux {
	if f.aux == nil {
		f.aux = &frameAux{}
	}
	return f.aux
}

// takeExtra returns the frame's extra value and clears it: an __init__
// frame's instance, which its pooled frame must not keep alive.
func (f *Frame) takeExtra() Value {
	if f.aux == nil {
		return nil
	}
	v := f.aux.extra
	f.aux.extra = nil
	return v
}

// setExtra sets the frame's extra value.
func (f *Frame) setExtra(v Value) { f.auxOf().extra = v }

// Frame layout facts the stack report (package analysis) prices frames
// with: the Frame struct, and the frameAux a frame with cell or free
// variables allocates besides its cell pointers.
const (
	FrameStructBytes = int(unsafe.Sizeof(Frame{}))
	CellsHeaderBytes = int(unsafe.Sizeof(frameAux{}))
	CellPointerBytes = int(unsafe.Sizeof((*Cell)(nil)))
	ValueSlotBytes   = int(unsafe.Sizeof(Value(nil)))
)

// codeCache is the VM's per-code-object data: converted constants and
// interned names.
type codeCache struct {
	code   *bytecode.Code
	consts []Value
	names  []*Str
	// free is the list of this code object's frames free for reuse,
	// linked through Back, and nfree its length (releaseFrame).
	free  *Frame
	nfree int32
	// instrs is the interpreter's copy of the instructions with
	// VM-private opcodes and inline caches (perf_cache.go).
	instrs  []bc.Instr
	globals []globalCache
	attrs   []attrCache
	// simpleArgs is the parameter count when the function has
	// positional parameters only and is not a generator (the CALL fast
	// path binds exactly that many arguments by copying), else -1.
	simpleArgs int
	// varArgs is the count of positional parameters before *args when
	// the function has those and no other kind (def __exit__(self,
	// *a)), else -1: the hot tier binds them and packs the rest.
	varArgs int
	// fslab and islab are the unused rest of the current slabs that
	// float and int results are boxed in (perf_arith.go).
	fslab *[boxSlab]float64
	islab *[boxSlab]int64
	fnext int
	inext int
	// kwStrings[i] is constant i, a CALL_KW name tuple, as strings
	// (callees only read keyword names).
	kwStrings [][]string
	// init is the plan of a store-only __init__ once initChecked
	// (perf_init.go).
	init        *initPlan
	initChecked bool
	// accessor is the code's shape as a property accessor and
	// accessorName the attribute name it uses (perf_accessor.go).
	accessor     int8
	accessorName int32
	// exprs are the code's arithmetic expression runs, and exprAt[pc]
	// the index of the one beginning at pc (perf_expr.go); nil without
	// any.
	exprs  []arithExpr
	exprAt []int32
}

// cache returns (building once) the VM-side data of code.
func (vm *VM) cache(code *bytecode.Code) *codeCache {
	if cc, ok := code.VMCache.(*codeCache); ok {
		return cc
	}
	cc := &codeCache{code: code, consts: make([]Value, len(code.Consts)), names: make([]*Str, len(code.Names))}
	for i, c := range code.Consts {
		cc.consts[i] = constValue(c)
	}
	for i, n := range code.Names {
		cc.names[i] = internName(n)
	}
	quicken(code, cc)
	code.VMCache = cc
	return cc
}

// constValue converts a compiler constant to a Value.
func constValue(c bytecode.Const) Value {
	switch x := c.(type) {
	case bytecode.NoneConst, nil:
		return None
	case bytecode.EllipsisConst:
		return EllipsisType{}
	case bool:
		return Bool(x)
	case int64:
		return Int(x)
	case *bytecode.BigInt:
		b := &BigInt{}
		b.V.Set(x)
		return b
	case float64:
		return Float(x)
	case string:
		return NewStr(x)
	case bytecode.Tuple:
		items := make([]Value, len(x))
		for i, e := range x {
			items[i] = constValue(e)
		}
		return &Tuple{Items: items}
	case *bytecode.Code:
		return x
	}
	return None
}

// newFrame allocates a frame for code with exactly NumLocals+MaxStack
// slots.
func (vm *VM) newFrame(code *bytecode.Code, globals *Dict) *Frame {
	cc := vm.cache(code)
	if f := cc.popFree(); f != nil {
		f.Globals = globals
		return f
	}
	f := vm.allocFrame(code, cc)
	f.Globals = globals
	return f
}

// allocFrame makes a new frame for code.
func (vm *VM) allocFrame(code *bytecode.Code, cc *codeCache) *Frame {
	n := len(code.Locals)
	f := &Frame{cc: cc, nlocals: int32(n)}
	f.slots = make([]Value, n+code.MaxStack)
	f.sp = n
	if nc := len(code.Cells) + len(code.Frees); nc > 0 {
		f.aux = &frameAux{cells: make([]*Cell, nc)}
	}
	return f
}

// maxPooled bounds the free frames kept per code object. A recursion
// deeper than the pool allocates the frames past it on every dive (a
// memoised recursion 90 deep allocated 58 frames per call at 32); a
// pool only grows to the depth a function reaches, so a deep bound
// costs only the functions that recurse.
const maxPooled = 128

// releaseFrame returns a finished plain function frame to its code
// object's pool. Frames that something may still reference (generator
// frames, tasklet bottoms, entry frames of nested runs, class and module
// bodies) are left to the garbage collector.
func (vm *VM) releaseFrame(f *Frame) {
	if f.gen != nil || f.entry || f.Fn == nil || f.aux != nil && f.aux.locals != nil {
		return
	}
	if f.cc.nfree >= maxPooled {
		return
	}
	if f.aux != nil {
		clear(f.aux.cells)
		f.aux.extra = nil
	}
	f.cc.pushFree(f)
}

// pushFree puts f, finished and without cells, on its code object's free
// list (small enough to inline: the hot tier returns through it).
func (cc *codeCache) pushFree(f *Frame) {
	clearSlots(f.slots)
	f.Fn, f.Globals = nil, nil
	f.pc, f.sp, f.ret = 0, int(f.nlocals), retPush
	f.Back, cc.free = cc.free, f
	cc.nfree++
}

// popFree takes a frame off cc's free list, or returns nil.
func (cc *codeCache) popFree() *Frame {
	f := cc.free
	if f != nil {
		cc.free, f.Back = f.Back, nil
		cc.nfree--
	}
	return f
}

// clearSlots nils a frame's slots. Frames are small, and stores four at
// a time beat clear's call into the runtime (memclrHasPointers and its
// write-barrier preamble) on every return.
func clearSlots(s []Value) {
	for len(s) >= 4 {
		s[0], s[1], s[2], s[3] = nil, nil, nil, nil
		s = s[4:]
	}
	for len(s) > 0 {
		s[0] = nil
		s = s[1:]
	}
}

// idOf returns a stable identity for v (id()).
func idOf(v Value) uintptr {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return rv.Pointer()
	}
	switch x := v.(type) {
	case Int:
		return uintptr(x)*16 + 1
	case Bool:
		if x {
			return 0x10
		}
		return 0x20
	case NoneType:
		return 0x30
	case Float:
		return uintptr(int64(x))*16 + 3
	}
	return 0x40
}
