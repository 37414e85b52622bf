package vm

import (
	"math/big"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// Value is any Weft value.
type Value = any

// Int is an integer that fits in int64. Every integer result that fits is
// an Int; larger ones are *BigInt.
type Int int64

// BigInt is an integer outside the int64 range.
type BigInt struct{ V big.Int }

// Float is a Python float.
type Float float64

// Bool is a Python bool (a subclass of int).
type Bool bool

// NoneType is the type of None.
type NoneType struct{}

// None is the None value.
var None Value = NoneType{}

// EllipsisType is the type of "...".
type EllipsisType struct{}

// NotImplementedType is the type of NotImplemented.
type NotImplementedType struct{}

// NotImplemented is returned by binary special methods that do not handle
// their operand types.
var NotImplemented Value = NotImplementedType{}

// Str is an immutable string of code points stored as UTF-8. Indexing is by
// code point: ASCII strings index bytes directly; others through their
// decoded runes (str_runes.go).
//
// A Str is 24 bytes (a size class; strings are the most numerous objects
// of text-heavy programs, and a split's strs are most of their heap): what
// is learnt lazily about the text, its hash and whether it is ASCII, is
// packed into one word, and the one pointer is the text's, so that the
// collector follows one pointer per Str.
type Str struct {
	S string
	// meta holds the ASCII state in its top two bits (strUnknown,
	// strASCII or strNotASCII) and below them the hash XOR strHashMark
	// once computed, 0 before (a hash equal to strHashMark is recomputed
	// every time: one value in 2^62).
	meta uint64
}

// The ASCII states of Str.meta.
const (
	strUnknown   uint64 = 0
	strASCII     uint64 = 1 << 62
	strNotASCII  uint64 = 2 << 62
	strStateBits        = 3 << 62
	strHashBits         = 1<<62 - 1
)

// strHashMark makes a cached hash of 0 (the empty string's) distinct from
// "not computed"; it has strHash's 62 bits.
const strHashMark = 0x1e3779b97f4a7c15

// NewStr makes a Str.
func NewStr(s string) *Str { return &Str{S: s} }

// IsASCII reports whether every byte is < 0x80.
func (s *Str) IsASCII() bool {
	if s.meta&strStateBits == strUnknown {
		state := strASCII
		for i := 0; i < len(s.S); i++ {
			if s.S[i] >= 0x80 {
				state = strNotASCII
				break
			}
		}
		s.meta |= state
	}
	return s.meta&strStateBits == strASCII
}

// knownASCII reports whether s is known to be ASCII (without scanning).
func (s *Str) knownASCII() bool { return s.meta&strStateBits == strASCII }

// knownNotASCII reports whether s is known not to be ASCII.
func (s *Str) knownNotASCII() bool { return s.meta&strStateBits == strNotASCII }

// asciiState is what s is known to be: strUnknown, strASCII or
// strNotASCII (for a string made of s's text, such as a repetition).
func (s *Str) asciiState() uint64 { return s.meta & strStateBits }

// setASCIIState records state, which the caller knows of s's text.
func (s *Str) setASCIIState(state uint64) { s.meta = s.meta&^strStateBits | state }

// knownHash is s's hash when it has been computed; ok is false before.
// Without a call: the hot tier's call-free loop reads names' hashes.
// (cachedHash spells the test out: through knownHash it costs more and
// no longer inlines.)
func (s *Str) knownHash() (h int64, ok bool) {
	hx := s.meta & strHashBits
	return int64(hx ^ strHashMark), hx != 0
}

// cachedHash returns the hash of s, computing it on first use.
func (s *Str) cachedHash() int64 {
	if hx := s.meta & strHashBits; hx != 0 {
		return int64(hx ^ strHashMark)
	}
	h := strHash(s.S)
	s.meta |= uint64(h) ^ strHashMark
	return h
}

// Len is the length in code points.
func (s *Str) Len() int {
	if s.IsASCII() {
		return len(s.S)
	}
	return runeLen(s)
}

// Tuple is an immutable sequence.
type Tuple struct{ Items []Value }

// List is a mutable sequence. Its elements are items, unless packed is
// set (list_packed.go): read them with values(), or with Len, at and
// store where a packed list must stay packed.
type List struct {
	items  []Value
	packed *packedItems
}

// Range is range(start, stop, step) whose start, stop, step and length
// all fit in int64, the form the interpreter's fast paths iterate. Any
// other range is a *BigRange.
type Range struct{ Start, Stop, Step int64 }

// Len is the number of elements.
func (r *Range) Len() int64 { return int64(rangeLen64(r.Start, r.Stop, r.Step)) }

// rangeLen64 is the length of range(start, stop, step), in unsigned
// arithmetic because stop - start overflows int64 for ranges such as
// range(-2**63, 2**63 - 1, 2**62) whose length fits.
func rangeLen64(start, stop, step int64) uint64 {
	if step > 0 && start < stop {
		return (uint64(stop)-uint64(start)-1)/uint64(step) + 1
	}
	if step < 0 && start > stop {
		return (uint64(start)-uint64(stop)-1)/-uint64(step) + 1
	}
	return 0
}

// BigRange is a range whose start, stop, step or length does not fit in
// int64 (range(2**64), range(10**30, 10**30 + 5)). Its fields are int
// values (Int or *BigInt) as CPython's range object keeps them, never
// changed after newRange. Its operations are big.Int arithmetic on the
// generic paths, so the fast paths over *Range never meet it.
type BigRange struct{ Start, Stop, Step, Len Value }

// Slice is a slice object.
type Slice struct{ Start, Stop, Step Value }

// Cell holds a variable captured by an inner function. V is nil while
// the variable is unbound.
type Cell struct{ V Value }

// Function is a Weft function.
type Function struct {
	Code       *bytecode.Code
	Globals    *Dict
	Name       string
	QualName   string
	Defaults   []Value
	KwDefaults *Dict
	Closure    []*Cell
	Doc        Value
	Dict       *Dict // function attributes, created on demand
	Module     Value
	// cc is Code's codeCache once the interpreter has called the
	// function (one load instead of an interface assertion per call).
	cc *codeCache
}

// BuiltinFunc is the Go signature of builtins: positional args followed by
// keyword values whose names are kwnames (like CPython's vectorcall).
type BuiltinFunc func(vm *VM, args []Value, kwnames []string) (Value, error)

// Builtin is a function implemented in Go. Self is set for methods bound
// to an object at creation (module functions leave it nil).
type Builtin struct {
	Name string
	Fn   BuiltinFunc
	Self Value
	Doc  string
	// Special marks builtins that need the interpreter's frames (super,
	// next on generators, __build_class__, tasklet switches); the
	// interpreter handles them itself.
	Special specialKind
	// Func marks a plain function (len, math.sqrt): like CPython's builtin
	// functions it is not bound to the instance when found on a class
	// (`class A: f = len` makes A().f(x) call len(x)). Builtin methods
	// (addMethod) are bound.
	Func bool
	// Op, with Special == specialOp, is a builtin that may block the
	// calling tasklet (threading and queue operations, time.sleep): it
	// receives the calling frame (nil from Go) and returns a value, or
	// the frame to continue with after a tasklet switch (threading_*.go).
	Op func(vm *VM, f *Frame, args []Value, kwnames []string) (Value, *Frame, error)
	// Float1, when set, is the function on one float argument, ok false
	// when the general path must decide (an error to raise): the hot tier
	// calls it and boxes the result in the caller's slab instead of
	// calling Fn, which parses and allocates (math.sin, abs). IntArgs: an
	// int argument converts to float (math's functions); without it only
	// floats take this path (abs of an int is an int).
	Float1  func(x float64) (float64, bool)
	IntArgs bool
	// owner is the builtin class a method registered by addMethod (and
	// its kin) belongs to, for reprs like "<method 'append' of 'list'
	// objects>"; nil for other builtins. (A global map from method to
	// class held two pointers per method that every collection followed,
	// about 5% of a collection's fixed cost; the field costs no memory, a
	// Builtin staying in Go's 96-byte size class.)
	owner *Type
}

// BoundMethod is a function bound to an instance.
type BoundMethod struct {
	Self Value
	Fn   Value
}

// StaticMethod wraps a function stored in a class by @staticmethod.
type StaticMethod struct{ Fn Value }

// ClassMethod wraps a function stored in a class by @classmethod.
type ClassMethod struct{ Fn Value }

// Property is a property object.
type Property struct {
	Get, Set, Del Value
	Doc           Value
	// Name is the attribute name a class statement gave the property
	// (Python's __set_name__), "" if none: errors name the property by it.
	Name string
	// tupleField marks a namedtuple field (CPython's _tuplegetter, whose
	// errors are "can't set attribute").
	tupleField bool
}

// Module is an imported module.
type Module struct {
	Name string
	Dict *Dict
	// Dynamic, when set, answers attributes computed at access time
	// (stackless.current, stackless.runcount).
	Dynamic func(name string) (Value, bool)
}

// Instance is an instance of a user-defined class (or of a builtin class
// like Exception that user code subclasses).
//
// It is three words: the class, the attributes and ext, the state only
// some instances carry (an exception's ExcData, a builtin class's Go
// value). Keeping that behind one pointer makes a plain instance 24 bytes
// and a Vec with two inline attributes 64 (instance_attrs.go), where they
// were 40 and 80 with fields of their own: a program of small objects
// allocates a fifth less. Instances that carry it get it in the same
// allocation (newNativeInstance, newExcInstance, threadObj).
type Instance struct {
	Class *Type
	// dict holds the attributes, or is inlineMark when they follow the
	// instance (instance_attrs.go). Use attrs() for the dict.
	dict *Dict
	ext  *instExt
}

// instExt is the state an instance carries besides its class and
// attributes: the *ExcData of an exception, or the Go value of an
// instance of a builtin class implemented on Instance (deque, Counter,
// tasklets, channels, ...). One field serves both because no class has
// both layouts: as CPython, class creation refuses bases whose layouts
// conflict (checkLayouts).
type instExt struct {
	state any
}

// Exc returns the state of an exception instance, nil for any other.
func (o *Instance) Exc() *ExcData {
	if o.ext == nil {
		return nil
	}
	e, _ := o.ext.state.(*ExcData)
	return e
}

// setExc makes o an exception instance with state e.
func (o *Instance) setExc(e *ExcData) { o.setState(e) }

// Native returns the Go value of an instance of a builtin class
// implemented on Instance; nil for others, exceptions included.
func (o *Instance) Native() any {
	if o.ext == nil {
		return nil
	}
	if _, exc := o.ext.state.(*ExcData); exc {
		return nil
	}
	return o.ext.state
}

// SetNative sets the Go value of an instance of a builtin class.
func (o *Instance) SetNative(v any) { o.setState(v) }

// setState sets o's ext state, giving o an ext first if it has none.
func (o *Instance) setState(v any) {
	if o.ext == nil {
		o.ext = &instExt{}
	}
	o.ext.state = v
}

// nativeInstance is an instance allocated with its ext.
type nativeInstance struct {
	inst Instance
	ext  instExt
}

// newNativeInstance returns an instance of cls holding the Go state v, in
// one allocation.
func newNativeInstance(cls *Type, v any) *Instance {
	x := &nativeInstance{}
	x.ext.state = v
	x.inst.Class, x.inst.ext = cls, &x.ext
	return &x.inst
}

// ExcData is the state every exception carries.
type ExcData struct {
	Args            []Value
	Traceback       []TraceEntry
	Cause           Value // *Instance or nil
	Context         Value // *Instance or nil
	SuppressContext bool
	// Tasklet, for an exception that escaped a tasklet, is the header line
	// naming it and its spawn site.
	Tasklet string
	// Note is printed above the traceback (the deadlock report).
	Note string
	// Name and Obj are NameError.name and AttributeError.name and .obj:
	// what a failed lookup looked for, and where (nil reads as None).
	Name, Obj Value
}

// TraceEntry is one frame of a traceback.
type TraceEntry struct {
	Code *bytecode.Code
	PC   int
}

// Super is the result of super().
type Super struct {
	Class *Type // the class whose MRO successor is searched
	Self  Value
	Obj   *Type // type(self) or self if self is a class
}
