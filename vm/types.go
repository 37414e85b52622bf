package vm

import (
	"sync"
	"sync/atomic"
)

// Type is a class: builtin (int, str, list, Exception, ...) or defined by
// Weft code. Attribute lookup walks MRO, each class's Dict holding its
// methods (*Builtin for builtin types, *Function for Weft ones).
type Type struct {
	Name     string
	QualName string
	Module   string
	Bases    []*Type
	MRO      []*Type
	// dict is the class's namespace; read it through Dict, which first
	// runs the registrations a Go-made type deferred (see Later).
	dict *Dict
	// later holds those registrations, in the order they were deferred;
	// unfilled is set while some have not run, and fillMu serialises the
	// VMs (the language server's evaluations) that meet it first. filling
	// is set, under fillMu, while they run.
	later    []func(t *Type)
	unfilled atomic.Bool
	fillMu   sync.Mutex
	filling  bool
	// Builtin marks types implemented in Go.
	Builtin bool
	// Shared marks a type of the Go code that is not Builtin
	// (collections.Counter, a Python class in CPython) yet, like every
	// Go-made type, is one object for the whole process: user code may
	// not change it, or the change would reach every other VM (the
	// language server's evaluations).
	Shared bool
	// New constructs an instance for a builtin type (called by type(...)
	// and by subclasses' instantiation); nil for plain user classes.
	New func(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error)
	// Base is the nearest builtin ancestor that defines the instance
	// layout (object for plain classes, BaseException for exceptions).
	Layout *Type
	// Version changes whenever the class or a base is modified (attribute
	// caches check it).
	Version uint64
	// Subclasses that must bump their version when this one changes.
	subclasses []*Type
	isExc      bool
	// instAttrs is the most attributes an instance has had, to size new
	// instances (perf_cache.go); attrOrder names the attributes that
	// instances keep inline, attrBits has their key bits
	// (instance_attrs.go).
	instAttrs int
	attrOrder []*Str
	attrBits  uint64
	instMade  bool // an instance was made (newInstanceFor)
	// ctor caches how calling the class creates instances (perf_cache.go).
	ctor ctorCache
	// memo caches Lookup results by interned name while memoVer ==
	// Version (perf_cache.go).
	memo    map[*Str]memoEntry
	memoVer uint64
}

// Dict returns the class's namespace, with every deferred registration
// run.
func (t *Type) Dict() *Dict {
	if t.unfilled.Load() {
		t.fill()
	}
	return t.dict
}

// Later defers a registration of a Go-made type's attributes until its
// namespace is first read. Call it from package inits only.
//
// Why: the builtin types have about 750 methods, and each is a Builtin,
// often a closure and a dict entry, all made at start-up and marked by
// every collection the process runs, though a program uses the methods of
// a few types. Marking them was 40% of a bare collection's time
// (bench/README.md, "GC and memory"), at a hundred or more collections a
// second. A deferred registration must write the namespace through
// t.dict, not t.Dict(), since it runs while t is being filled.
func (t *Type) Later(register func(t *Type)) {
	t.later = append(t.later, register)
	t.unfilled.Store(true)
}

// fill runs t's deferred registrations, once for the whole process.
func (t *Type) fill() {
	t.fillMu.Lock()
	defer t.fillMu.Unlock()
	if !t.unfilled.Load() {
		return
	}
	t.filling = true
	for _, register := range t.later {
		register(t)
	}
	t.filling = false
	t.later = nil
	t.unfilled.Store(false)
}

// processWide reports whether t is one object for every VM in the
// process (Builtin or Shared): no VM may write its caches or lists.
func (t *Type) processWide() bool { return t.Builtin || t.Shared }

// IsSubtype reports whether t is sub or derives from it.
func (t *Type) IsSubtype(sup *Type) bool {
	if t == sup {
		return true
	}
	for _, m := range t.MRO {
		if m == sup {
			return true
		}
	}
	return false
}

// Lookup finds name along the MRO.
func (t *Type) Lookup(name string) (Value, *Type) {
	return t.lookupHashed(name, strHash(name))
}

// lookupStr is Lookup of an interned name, whose hash is cached.
func (t *Type) lookupStr(name *Str) (Value, *Type) {
	return t.lookupHashed(name.S, strKeyHash(name))
}

func (t *Type) lookupHashed(name string, h int64) (Value, *Type) {
	// One hash for the whole MRO, and a dict whose key mask lacks the
	// name's bit is passed over without a probe.
	bit := keyBit(h)
	for _, c := range t.MRO {
		d := c.Dict()
		if d.keyBits&bit == 0 {
			continue
		}
		if i, _ := d.probeStr(name, h); i >= 0 {
			return d.entries[i].Value, c
		}
	}
	return nil, nil
}

func (t *Type) touch() {
	t.Version++
	for _, s := range t.subclasses {
		s.touch()
	}
}

// newBuiltinType makes a builtin type with the given bases.
func newBuiltinType(name string, bases ...*Type) *Type {
	t := newGoType(name, "builtins", bases)
	for _, b := range bases {
		if b.isExc {
			t.isExc = true
		}
	}
	return t
}

// goTypeBlock holds a Go-made type and its namespace, so that they are
// one object for the collector to mark, not two (bench/README.md, "GC
// and memory": every collection marks every type).
type goTypeBlock struct {
	t Type
	d Dict
}

// newGoType makes a Go-made type of a single-inheritance chain (bases has
// at most one type) in two allocations: the type with its namespace, and
// its bases with its MRO. The MRO ends in object whatever the order in
// which the package's variables are initialised.
func newGoType(name, module string, bases []*Type) *Type {
	block := &goTypeBlock{}
	t := &block.t
	t.Name, t.QualName, t.Module, t.Builtin = name, name, module, true
	t.dict = &block.d
	t.Layout = t
	var above []*Type // the bases' MRO
	if len(bases) > 0 {
		above = bases[0].MRO
		if len(above) == 0 { // a base made before object's MRO was set
			above = []*Type{bases[0]}
		}
	}
	refs := make([]*Type, len(bases)+1+len(above), len(bases)+2+len(above))
	t.Bases = refs[:len(bases):len(bases)]
	copy(t.Bases, bases)
	t.MRO = refs[len(bases):]
	t.MRO[0] = t
	copy(t.MRO[1:], above)
	if t.MRO[len(t.MRO)-1] != ObjectType { // a base made before object's MRO
		t.MRO = append(t.MRO, ObjectType) // in the spare slot
	}
	for _, b := range bases {
		b.subclasses = append(b.subclasses, t)
	}
	return t
}

// The builtin types.
var (
	ObjectType       = &Type{Name: "object", QualName: "object", Module: "builtins", dict: NewDict(0), Builtin: true}
	TypeType         = newBuiltinType("type", ObjectType)
	IntType          = newBuiltinType("int", ObjectType)
	BoolType         = newBuiltinType("bool", IntType)
	FloatType        = newBuiltinType("float", ObjectType)
	StrType          = newBuiltinType("str", ObjectType)
	ListType         = newBuiltinType("list", ObjectType)
	TupleType        = newBuiltinType("tuple", ObjectType)
	DictType         = newBuiltinType("dict", ObjectType)
	SetType          = newBuiltinType("set", ObjectType)
	FrozenSetType    = newBuiltinType("frozenset", ObjectType)
	RangeType        = newBuiltinType("range", ObjectType)
	SliceType        = newBuiltinType("slice", ObjectType)
	NoneTypeType     = newBuiltinType("NoneType", ObjectType)
	EllipsisTypeType = newBuiltinType("ellipsis", ObjectType)
	NotImplTypeType  = newBuiltinType("NotImplementedType", ObjectType)
	FunctionType     = newBuiltinType("function", ObjectType)
	BuiltinFuncType  = newBuiltinType("builtin_function_or_method", ObjectType)
	MethodType       = newBuiltinType("method", ObjectType)
	StaticMethodType = newBuiltinType("staticmethod", ObjectType)
	ClassMethodType  = newBuiltinType("classmethod", ObjectType)
	PropertyType     = newBuiltinType("property", ObjectType)
	ModuleType       = newBuiltinType("module", ObjectType)
	CellType         = newBuiltinType("cell", ObjectType)
	GeneratorType    = newBuiltinType("generator", ObjectType)
	SuperType        = newBuiltinType("super", ObjectType)
	IteratorType     = newBuiltinType("iterator", ObjectType)
	DictKeysType     = newBuiltinType("dict_keys", ObjectType)
	DictValuesType   = newBuiltinType("dict_values", ObjectType)
	DictItemsType    = newBuiltinType("dict_items", ObjectType)
	CodeType         = newBuiltinType("code", ObjectType)
)

func init() {
	ObjectType.MRO = []*Type{ObjectType}
	ObjectType.Layout = ObjectType
	// The types made before this have the whole MRO already (newGoType).
}

// TypeOf returns the type of any value.
func TypeOf(v Value) *Type {
	switch x := v.(type) {
	case Int, *BigInt:
		return IntType
	case Bool:
		return BoolType
	case Float:
		return FloatType
	case *Str:
		return StrType
	case NoneType:
		return NoneTypeType
	case *Instance:
		return x.Class
	case *List:
		return ListType
	case *Tuple:
		return TupleType
	case *Dict:
		return DictType
	case *Set:
		if x.Frozen {
			return FrozenSetType
		}
		return SetType
	case *Function:
		return FunctionType
	case *Builtin:
		return BuiltinFuncType
	case *BoundMethod:
		if _, ok := x.Fn.(*Builtin); ok {
			// [].append: CPython binds a builtin method into another
			// builtin_function_or_method, not a method object.
			return BuiltinFuncType
		}
		return MethodType
	case *Type:
		return TypeType
	case *Range, *BigRange:
		return RangeType
	case *Slice:
		return SliceType
	case *Module:
		return ModuleType
	case *Generator:
		return GeneratorType
	case *Cell:
		return CellType
	case *StaticMethod:
		return StaticMethodType
	case *ClassMethod:
		return ClassMethodType
	case *Property:
		return PropertyType
	case *Super:
		return SuperType
	case EllipsisType:
		return EllipsisTypeType
	case NotImplementedType:
		return NotImplTypeType
	case *DictView:
		switch x.Kind {
		case viewKeys:
			return DictKeysType
		case viewValues:
			return DictValuesType
		}
		return DictItemsType
	case Iterator:
		return x.iterType()
	case interface{ weftType() *Type }:
		return x.weftType()
	}
	return ObjectType
}
