package vm

// instance_attrs.go: where an instance keeps its attributes.
//
// An instance of a plain user class starts with its attributes inline:
// their values follow the Instance in its allocation (instInline), and
// their names are the first of its class's attrOrder, which every
// instance of the class shares (CPython 3.11's shared-key instance dicts
// do the same). A Vec with x and y is one 64-byte allocation where its own
// dict made it 192 bytes, so a program of small objects allocates a third
// as much and the collector runs a third as often. Instance itself does not
// grow: an inline instance's dict field holds the marker inlineMark, and
// the instances without inline room (the first of a class that has no
// attributes, exceptions, builtin classes' natives, threads) stay 24
// bytes.
//
// attrOrder only grows: an instance whose attributes are a prefix of it
// adds a new attribute by appending to its values (and, past the end of
// attrOrder, to attrOrder too). Since the names of the values are the
// order in which the instance got them, a dict built from them has
// CPython's insertion order. Anything the inline form cannot say moves the
// attributes into a dict for good (materialize): an attribute stored out
// of that order or past the room allocated, a deletion, a reader of
// __dict__ or vars(). From then on the instance is as before: its dict
// holds its attributes.
//
// Code that wants the dict asks for it with attrs (nil when the instance
// has no attributes) or attrsOrNew; only attribute loads, stores and the
// method-shadowing test, the paths every program takes, read the inline
// values (attrAt, appendAt and the general ownAttr, setOwnAttr).

import "unsafe"

// maxInlineAttrs bounds the attributes an instance keeps inline, and so
// the room new instances get (Type.instAttrs): a program that gives one
// instance hundreds of attributes by setattr leaves the others their
// usual size.
const maxInlineAttrs = 16

// inlineMark is the dict field of an instance whose attributes are
// inline. It is never used as a dict.
var inlineMark = &Dict{}

// instInline is how every instance with inline room starts (instWith2,
// ...): the Instance and the count of its attributes and of the room for
// them, whose values follow (the allocation's buf). Two int32s, not a
// slice header, keep a Vec at 64 bytes.
type instInline struct {
	inst Instance
	n, c int32
}

// inlineValsOffset is where an instance's inline values start.
const inlineValsOffset = unsafe.Sizeof(instInline{})

// inline returns o as an instance with inline attributes, or nil when
// its dict, if any, holds them.
func (o *Instance) inline() *instInline {
	if o.dict != inlineMark {
		return nil
	}
	return (*instInline)(unsafe.Pointer(o))
}

// at is the address of inline value i, which must be below x.c.
func (x *instInline) at(i int) *Value {
	return (*Value)(unsafe.Add(unsafe.Pointer(x), inlineValsOffset+uintptr(i)*unsafe.Sizeof(Value(nil))))
}

// vals is x's inline values (their room the capacity).
func (x *instInline) vals() []Value {
	return unsafe.Slice(x.at(0), x.c)[:x.n]
}

// push adds v as x's next inline value; x must have room.
func (x *instInline) push(v Value) {
	*x.at(int(x.n)) = v
	x.n++
}

// clear drops x's inline values, so that they keep nothing alive.
func (x *instInline) clear() {
	clear(x.vals())
	x.n = 0
}

// realDict is o's attribute dict without moving inline attributes into
// it: nil when they are inline or o has none.
func (o *Instance) realDict() *Dict {
	if o.dict == inlineMark {
		return nil
	}
	return o.dict
}

// attrs returns o's attribute dict, moving inline attributes into one
// first; nil when o has no attributes and no dict.
func (o *Instance) attrs() *Dict {
	if o.dict == inlineMark {
		o.materialize()
	}
	return o.dict
}

// attrsOrNew returns o's attribute dict, made empty if o has none.
func (o *Instance) attrsOrNew() *Dict {
	if d := o.attrs(); d != nil {
		return d
	}
	o.dict = NewDict(0)
	return o.dict
}

// setAttrs makes d o's attribute dict (nil: none), dropping inline ones.
func (o *Instance) setAttrs(d *Dict) {
	if x := o.inline(); x != nil {
		x.clear()
	}
	o.dict = d
}

// setInstanceAttr is object.__setattr__'s store of o's own attribute
// name: `o.__dict__ = v` replaces the attributes (setInstanceDict).
func (vm *VM) setInstanceAttr(o *Instance, name *Str, v Value) error {
	if name.S == "__dict__" {
		return vm.setInstanceDict(o, v)
	}
	o.setOwnAttr(name, v)
	return nil
}

// setInstanceDict is `o.__dict__ = v`: v, a dict, becomes o's attributes
// (a dict subclass's items, shared).
func (vm *VM) setInstanceDict(o *Instance, v Value) error {
	d, ok := asDict(v)
	if !ok {
		return vm.NewError(TypeErrorType, "__dict__ must be set to a dictionary, not a '%s'", TypeOf(v).Name)
	}
	o.setAttrs(d)
	return nil
}

// materialize moves o's inline attributes into a dict, and clears the
// inline values so that they keep nothing alive.
func (o *Instance) materialize() {
	x := o.inline()
	vals := x.vals()
	order := o.Class.attrOrder
	d := NewDict(len(vals))
	for i, v := range vals {
		d.SetStrKey(order[i], v)
	}
	x.clear()
	o.dict = d
}

// nameIndex is the index of the name k in names, or -1.
func nameIndex(names []*Str, k *Str) int {
	for i, n := range names {
		if n == k { // names are interned: nearly always found here
			return i
		}
	}
	for i, n := range names {
		if n.S == k.S {
			return i
		}
	}
	return -1
}

// inlineIndex is the index of the attribute named k in vals, o's inline
// values, or -1.
func (o *Instance) inlineIndex(vals []Value, k *Str) int {
	return nameIndex(o.Class.attrOrder[:len(vals)], k)
}

// inlineSet stores attribute k of o, whose attributes are inline (x),
// and reports whether it could: when it cannot (see the file comment)
// the caller stores to attrs().
func (o *Instance) inlineSet(x *instInline, k *Str, v Value) bool {
	vals := x.vals()
	if i := o.inlineIndex(vals, k); i >= 0 {
		vals[i] = v
		return true
	}
	n := len(vals)
	if n == cap(vals) { // at most maxInlineAttrs (instWith16)
		return false
	}
	t := o.Class
	if n < len(t.attrOrder) {
		if t.attrOrder[n].S != k.S {
			return false
		}
	} else {
		t.attrOrder = append(t.attrOrder, k)
		t.attrBits |= attrBits(strKeyHash(k))
	}
	x.push(v)
	if n+1 > t.instAttrs {
		t.instAttrs = n + 1
	}
	return true
}

// attrOrderIndex is the index of k in t's attrOrder, or -1. Since
// attrOrder only grows, an index found stays right.
func (t *Type) attrOrderIndex(k *Str) int16 {
	return int16(nameIndex(t.attrOrder, k))
}

// ownAttr returns o's own attribute k (inline or in its dict).
func (o *Instance) ownAttr(k *Str) (Value, bool) {
	if x := o.inline(); x != nil {
		vals := x.vals()
		if i := o.inlineIndex(vals, k); i >= 0 {
			return vals[i], true
		}
		return nil, false
	}
	if o.dict != nil {
		return o.dict.GetStr(k.S)
	}
	return nil, false
}

// setOwnAttr stores o's own attribute k: inline when it can, else in
// its dict (made if o has none).
func (o *Instance) setOwnAttr(k *Str, v Value) {
	if x := o.inline(); x != nil && o.inlineSet(x, k, v) {
		return
	}
	o.attrsOrNew().SetStrKey(k, v)
}

// delOwnAttr deletes o's own attribute k and reports whether o had it.
func (o *Instance) delOwnAttr(k *Str) bool {
	d := o.attrs()
	return d != nil && d.DeleteStr(k.S)
}

// attrAt returns o's attribute k where the attribute site's entry e
// (for o's class) says it is, or nil: at index e.slot of the inline
// values (the entry has checked once that this is k's index in
// attrOrder, which never changes), at the dict's entry e.hint
// otherwise. The hot tier's call-free loop writes it out with
// inlineAt and Dict.hinted, which the inliner takes whole.
func (o *Instance) attrAt(e *attrEntry, k *Str) *Value {
	if o.dict == inlineMark {
		return o.inlineAt(e)
	}
	if o.dict != nil {
		return o.dictAt(e, k)
	}
	return nil
}

// dictAt returns o's attribute at the dict's entry e.hint, or nil; o
// must have a dict.
func (o *Instance) dictAt(e *attrEntry, k *Str) *Value {
	if ent := o.dict.hinted(k, int32(e.hint)); ent != nil {
		return &ent.Value
	}
	return nil
}

// inlineAt returns o's inline value at index e.slot, or nil; o's
// attributes must be inline.
func (o *Instance) inlineAt(e *attrEntry) *Value {
	x := (*instInline)(unsafe.Pointer(o))
	if i := int(e.slot); uint(i) < uint(x.n) {
		return x.at(i)
	}
	return nil
}

// appendAt adds the attribute of the site's entry e, which o lacks, as
// its next inline value when that is its index in attrOrder (the stores
// of an __init__), and reports whether it did. Small enough to inline.
func (o *Instance) appendAt(e *attrEntry, v Value) bool {
	if o.dict != inlineMark {
		return false
	}
	x := (*instInline)(unsafe.Pointer(o))
	if int32(e.slot) != x.n || x.n == x.c {
		return false
	}
	x.push(v)
	return true
}

// appendAttr adds the attribute k of the site's entry e, which o lacks,
// where e says it goes: inline (appendAt), or as its dict's next entry
// (Dict.appendStrAt); it reports whether it did.
func (o *Instance) appendAttr(e *attrEntry, k *Str, v Value) bool {
	if o.appendAt(e, v) {
		return true
	}
	d := o.realDict()
	return d != nil && d.appendStrAt(k, v, int32(e.hint))
}

// getAttrEntry is ownAttr trying the site's entry e first, and updating
// it.
func (o *Instance) getAttrEntry(k *Str, e *attrEntry) (Value, bool) {
	if p := o.attrAt(e, k); p != nil {
		return *p, true
	}
	if o.dict == inlineMark {
		v, ok := o.ownAttr(k)
		if ok {
			e.slot = o.Class.attrOrderIndex(k)
		}
		return v, ok
	}
	if o.dict == nil {
		return nil, false
	}
	return o.dict.getStrHint(k, &e.hint)
}

// setAttrEntry is setOwnAttr trying the site's entry e first, and
// updating it.
func (o *Instance) setAttrEntry(k *Str, v Value, e *attrEntry) {
	if p := o.attrAt(e, k); p != nil {
		*p = v
		return
	}
	if x := o.inline(); x != nil && o.inlineSet(x, k, v) {
		e.slot = o.Class.attrOrderIndex(k)
		return
	}
	o.attrsOrNew().setStrHint(k, v, &e.hint)
}

// shadows reports whether o has an attribute k of its own, which would
// shadow a method of its class.
func (o *Instance) shadows(k *Str) bool {
	if x := o.inline(); x != nil {
		return !o.Class.surelyLacksAttr(k) && o.inlineIndex(x.vals(), k) >= 0
	}
	return o.dict != nil && o.dict.hasStrHint(k)
}

// attrBits is the two bits of Type.attrBits for a name of hash h. Two
// bits, where Dict.keyBits has one: a class's method names are checked
// against its attribute names at every method call, and with one bit
// "add" met "y" (Vec in bench/programs/objects).
func attrBits(h int64) uint64 {
	return 1<<(uint64(h)%64) | 1<<(uint64(h)>>6%64)
}

// surelyLacksAttr reports whether t's instances that keep their
// attributes inline provably lack k, by the bits of attrOrder's names
// (attrBits): false when they may have it. Small enough to inline, and
// without a call, for the hot tier's method calls (a dict's keyBits
// serve the other instances: Dict.surelyLacksStr).
func (t *Type) surelyLacksAttr(k *Str) bool {
	h, ok := k.knownHash()
	m := attrBits(h)
	return ok && t.attrBits&m != m
}
