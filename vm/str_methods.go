package vm

// str_methods.go: the methods of str, indexing and slicing by code point,
// and the str() constructor.

import (
	"iter"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// strSelf extracts self (a str, or a str subclass instance) from a method
// call's arguments.
func (vm *VM) strSelf(name string, args []Value) (*Str, []Value, error) {
	if len(args) > 0 {
		if s, ok := numUnwrap(args[0]).(*Str); ok {
			return s, args[1:], nil
		}
		return nil, nil, vm.descrError(name, StrType, args[0])
	}
	return nil, nil, vm.NewError(TypeErrorType, "unbound method str.%s() needs an argument", name)
}

// strSub returns code points [i, j) of s.
func strSub(s *Str, i, j int) string {
	if i >= j {
		return ""
	}
	if s.IsASCII() {
		return s.S[i:j]
	}
	return string(s.Runes()[i:j])
}

// strMake makes a Str, keeping ASCII knowledge when the caller has it.
func strMake(s string, ascii bool) *Str {
	r := NewStr(s)
	if ascii {
		r.setASCIIState(strASCII)
	}
	return r
}

// strSliceIndex converts a start/end argument (None, int, __index__),
// clamping huge values as _PyEval_SliceIndex does.
func (vm *VM) strSliceIndex(v Value, def int) (int, error) {
	if v == nil || v == None {
		return def, nil
	}
	r, err := vm.IndexValue(v)
	if err != nil {
		if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
			return 0, vm.NewError(TypeErrorType, "slice indices must be integers or None or have an __index__ method")
		}
		return 0, err
	}
	if n, ok := r.(Int); ok {
		if n > math.MaxInt32*1024 {
			return math.MaxInt32 * 1024, nil
		}
		if n < -math.MaxInt32*1024 {
			return -math.MaxInt32 * 1024, nil
		}
		return int(n), nil
	}
	if numSign(r) < 0 {
		return -math.MaxInt32 * 1024, nil
	}
	return math.MaxInt32 * 1024, nil
}

// strAdjust is CPython's ADJUST_INDICES.
func strAdjust(start, end, n int) (int, int) {
	if end > n {
		end = n
	} else if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	return start, end
}

// strRange parses optional start and end arguments against s.
func (vm *VM) strRange(s *Str, start, end Value) (int, int, error) {
	n := s.Len()
	i, err := vm.strSliceIndex(start, 0)
	if err != nil {
		return 0, 0, err
	}
	j, err := vm.strSliceIndex(end, math.MaxInt32*1024)
	if err != nil {
		return 0, 0, err
	}
	i, j = strAdjust(i, j, n)
	return i, j, nil
}

// strArg requires a str argument ("must be str, not int").
func (vm *VM) strArg(v Value) (*Str, error) {
	if s, ok := numUnwrap(v).(*Str); ok {
		return s, nil
	}
	return nil, vm.NewError(TypeErrorType, "must be str, not %s", TypeOf(v).Name)
}

// strFind finds sub in s[start:end] (code points); -1 when absent.
func strFind(s, sub *Str, start, end int, reverse bool) int {
	if end-start < sub.Len() || start > s.Len() {
		return -1
	}
	if s.IsASCII() {
		region := s.S[start:end]
		var i int
		if reverse {
			i = strings.LastIndex(region, sub.S)
		} else {
			i = strings.Index(region, sub.S)
		}
		if i < 0 {
			return -1
		}
		return start + i
	}
	hay := s.Runes()[start:end]
	needle := sub.Runes()
	if len(needle) == 0 {
		if reverse {
			return end
		}
		return start
	}
	last := len(hay) - len(needle)
	match := func(i int) bool {
		for k, r := range needle {
			if hay[i+k] != r {
				return false
			}
		}
		return true
	}
	if reverse {
		for i := last; i >= 0; i-- {
			if hay[i] == needle[0] && match(i) {
				return start + i
			}
		}
		return -1
	}
	for i := 0; i <= last; i++ {
		if hay[i] == needle[0] && match(i) {
			return start + i
		}
	}
	return -1
}

// strGetItem is s[k]: an index (int, bool, __index__) or a slice, by code
// point.
func (vm *VM) strGetItem(s *Str, k Value) (Value, error) {
	n := s.Len()
	if sl, ok := k.(*Slice); ok {
		start64, _, step64, count64, err := vm.sliceIndices(sl, int64(n))
		if err != nil {
			return nil, err
		}
		start, step, count := int(start64), int(step64), int(count64)
		if count <= 0 {
			return strMake("", true), nil
		}
		if step == 1 {
			if start == 0 && count == n {
				return s, nil
			}
			return strMake(strSub(s, start, start+count), s.knownASCII()), nil
		}
		if s.IsASCII() {
			b := make([]byte, count)
			for i, j := 0, start; i < count; i, j = i+1, j+step {
				b[i] = s.S[j]
			}
			return strMake(string(b), true), nil
		}
		rs := s.Runes()
		out := make([]rune, count)
		for i, j := 0, start; i < count; i, j = i+1, j+step {
			out[i] = rs[j]
		}
		return NewStr(string(out)), nil
	}
	var i int64
	switch x := k.(type) {
	case Int:
		i = int64(x)
	case Bool, *BigInt, *Instance:
		if _, isInst := x.(*Instance); isInst && lookupSpecial(x, "__index__") == nil && numUnwrap(x) == x {
			return nil, vm.NewError(TypeErrorType, "string indices must be integers, not '%s'", TypeOf(k).Name)
		}
		v, err := vm.IndexOf(k)
		if err != nil {
			if e, ok := err.(*Instance); ok && e.Class == OverflowErrorType {
				return nil, vm.NewError(IndexErrorType, "cannot fit 'int' into an index-sized integer")
			}
			return nil, err
		}
		i = v
	default:
		return nil, vm.NewError(TypeErrorType, "string indices must be integers, not '%s'", TypeOf(k).Name)
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return nil, vm.NewError(IndexErrorType, "string index out of range")
	}
	if s.IsASCII() {
		return strASCIIChar(s.S[i]), nil
	}
	return strFromRune(s.Runes()[i]), nil
}

// strNewSig is the signature of str(object, encoding, errors).
var strNewSig = &strSig{owner: "str", name: "str", style: sigKw, params: []string{"object", "encoding", "errors"}}

// strNew is str(object) with an empty string by default (str(b,
// encoding) is not supported: Weft has no bytes).
func strNew(vm *VM, cls *Type, args []Value, kwnames []string) (Value, error) {
	var obj, encoding, errors Value
	if len(args) == 1 && len(kwnames) == 0 { // str(x) needs no binding
		obj = args[0]
	} else {
		a, err := vm.bindSig(strNewSig, args, kwnames)
		if err != nil {
			return nil, err
		}
		obj, encoding, errors = a[0], a[1], a[2]
	}
	var r Value
	if obj == nil {
		r = strMake("", true)
	} else {
		if encoding != nil || errors != nil {
			if _, ok := obj.(*Str); ok {
				return nil, vm.NewError(TypeErrorType, "decoding str is not supported")
			}
			return nil, vm.NewError(TypeErrorType, "decoding to str: need a bytes-like object, %s found", TypeOf(obj).Name)
		}
		if s, ok := obj.(*Str); ok {
			r = s
		} else if i, ok := obj.(Int); ok {
			r = intStr(int64(i))
		} else {
			s, err := vm.StrOf(obj)
			if err != nil {
				return nil, err
			}
			r = newStrCopy(s)
		}
	}
	if cls != StrType && cls != nil {
		return newNativeInstance(cls, r), nil
	}
	return r, nil
}

var (
	sigNoArgs = func(name string) *strSig { return &strSig{owner: "str", name: name, style: sigNone} }
	sigFind   = func(name string) *strSig {
		return &strSig{owner: "str", name: name, style: sigOld, params: []string{"sub", "start", "end"}, min: 1}
	}
)

func init() {
	StrType.New = strNew
	StrType.Later(registerStrMethods)
}

// registerStrMethods registers str's methods (see Type.Later).
func registerStrMethods(t *Type) {
	addTypeNew(t, false)
	reg := func(name string, fn func(vm *VM, s *Str, a []Value) (Value, error), sig *strSig) {
		strRegMethod(t, name, func(vm *VM, args []Value, kwnames []string) (Value, error) {
			s, rest, err := vm.strSelf(name, args[:len(args)-len(kwnames)])
			if err != nil {
				return nil, err
			}
			all := rest
			if len(kwnames) > 0 {
				all = args[1:]
			}
			a, err := vm.bindSig(sig, all, kwnames)
			if err != nil {
				return nil, err
			}
			return fn(vm, s, a)
		})
	}
	pred := func(name string, fn func(s *Str) bool) {
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return Bool(fn(s)), nil }, sigNoArgs(name))
	}
	pred("isdigit", func(s *Str) bool { return strAll(s, strIsDigit) })
	pred("isdecimal", func(s *Str) bool { return strAll(s, strIsDecimal) })
	pred("isnumeric", func(s *Str) bool { return strAll(s, strIsNumeric) })
	pred("isalpha", func(s *Str) bool { return strAll(s, strIsAlpha) })
	pred("isalnum", func(s *Str) bool { return strAll(s, strIsAlnum) })
	pred("isspace", func(s *Str) bool { return strAll(s, strIsSpace) })
	pred("isascii", func(s *Str) bool { return s.IsASCII() })
	pred("isprintable", func(s *Str) bool { return s.S == "" || strAll(s, strIsPrintable) })
	pred("isupper", strIsUpperStr)
	pred("islower", strIsLowerStr)
	pred("istitle", strIsTitleStr)
	pred("isidentifier", strIsIdentifier)
	conv := func(name string, fn func(s *Str) *Str) {
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return fn(s), nil }, sigNoArgs(name))
	}
	conv("upper", strUpper)
	conv("lower", strLower)
	conv("capitalize", strCapitalize)
	conv("title", strTitle)
	conv("swapcase", strSwapcase)
	conv("casefold", strCasefold)
	reg("split", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strSplit(s, a[0], a[1], false) },
		&strSig{owner: "str", name: "split", style: sigKw, params: []string{"sep", "maxsplit"}})
	reg("rsplit", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strSplit(s, a[0], a[1], true) },
		&strSig{owner: "str", name: "rsplit", style: sigKw, params: []string{"sep", "maxsplit"}})
	reg("join", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strJoin(s, a[0]) },
		&strSig{owner: "str", name: "join", style: sigOne})
	for _, name := range []string{"strip", "lstrip", "rstrip"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strStrip(s, name, a[0]) },
			&strSig{owner: "str", name: name, style: sigRange, params: []string{"chars"}})
	}
	for _, name := range []string{"startswith", "endswith"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strStartsEnds(s, name, a) },
			&strSig{owner: "str", name: name, style: sigOld, params: []string{"prefix", "start", "end"}, min: 1})
	}
	for _, name := range []string{"find", "rfind", "index", "rindex"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strFindMethod(s, name, a) }, sigFind(name))
	}
	reg("count", func(vm *VM, s *Str, a []Value) (Value, error) {
		sub, err := vm.strArg(a[0])
		if err != nil {
			return nil, err
		}
		i, j, err := vm.strRange(s, a[1], a[2])
		if err != nil {
			return nil, err
		}
		if j-i < sub.Len() || i > s.Len() {
			return Int(0), nil
		}
		return Int(strings.Count(strSub(s, i, j), sub.S)), nil
	}, sigFind("count"))
	reg("replace", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strReplace(s, a) },
		&strSig{owner: "str", name: "replace", style: sigRange, params: []string{"old", "new", "count"}, min: 2})
	reg("zfill", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strZfill(s, a[0]) },
		&strSig{owner: "str", name: "zfill", style: sigOne})
	for _, name := range []string{"center", "ljust", "rjust"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strJustify(s, name, a[0], a[1]) },
			&strSig{owner: "str", name: name, style: sigRange, params: []string{"width", "fillchar"}, min: 1})
	}
	for _, name := range []string{"partition", "rpartition"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strPartition(s, a[0], name == "rpartition") },
			&strSig{owner: "str", name: name, style: sigOne})
	}
	reg("splitlines", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strSplitlines(s, a[0]) },
		&strSig{owner: "str", name: "splitlines", style: sigKw, params: []string{"keepends"}})
	reg("expandtabs", func(vm *VM, s *Str, a []Value) (Value, error) { return vm.strExpandtabs(s, a[0]) },
		&strSig{owner: "str", name: "expandtabs", style: sigKw, params: []string{"tabsize"}})
	for _, name := range []string{"removeprefix", "removesuffix"} {
		name := name
		reg(name, func(vm *VM, s *Str, a []Value) (Value, error) {
			p, ok := numUnwrap(a[0]).(*Str)
			if !ok {
				return nil, vm.badArgument(name+"() argument", "str", a[0])
			}
			if name == "removeprefix" {
				if strings.HasPrefix(s.S, p.S) && p.S != "" {
					return NewStr(s.S[len(p.S):]), nil
				}
			} else if strings.HasSuffix(s.S, p.S) && p.S != "" {
				return NewStr(s.S[:len(s.S)-len(p.S)]), nil
			}
			return s, nil
		}, &strSig{owner: "str", name: name, style: sigOne})
	}
	reg("format_map", func(vm *VM, s *Str, a []Value) (Value, error) {
		r, err := vm.StrFormatMap(s.S, a[0])
		if err != nil {
			return nil, err
		}
		return newStrCopy(r), nil
	}, &strSig{owner: "str", name: "format_map", style: sigOne})
	strRegMethod(t, "format", func(vm *VM, args []Value, kwnames []string) (Value, error) {
		npos := len(args) - len(kwnames)
		s, rest, err := vm.strSelf("format", args[:npos])
		if err != nil {
			return nil, err
		}
		var kw *Dict
		if len(kwnames) > 0 {
			kw = NewDict(len(kwnames))
			for i, k := range kwnames {
				kw.SetStr(k, args[npos+i])
			}
		}
		pos := append([]Value(nil), rest...)
		r, err := vm.StrFormat(s.S, pos, kw)
		if err != nil {
			return nil, err
		}
		return newStrCopy(r), nil
	})
	strRegisterDunders(t)
}

// strAll reports whether s is non-empty and every code point satisfies f.
func strAll(s *Str, f func(rune) bool) bool {
	if s.S == "" {
		return false
	}
	for _, r := range s.S {
		if !f(r) {
			return false
		}
	}
	return true
}

func strIsUpperStr(s *Str) bool {
	cased := false
	for _, r := range s.S {
		if strIsLower(r) || strIsTitle(r) {
			return false
		}
		if !cased && strIsUpper(r) {
			cased = true
		}
	}
	return cased
}

func strIsLowerStr(s *Str) bool {
	cased := false
	for _, r := range s.S {
		if strIsUpper(r) || strIsTitle(r) {
			return false
		}
		if !cased && strIsLower(r) {
			cased = true
		}
	}
	return cased
}

func strIsTitleStr(s *Str) bool {
	cased, prev := false, false
	for _, r := range s.S {
		switch {
		case strIsUpper(r) || strIsTitle(r):
			if prev {
				return false
			}
			prev, cased = true, true
		case strIsLower(r):
			if !prev {
				return false
			}
			prev, cased = true, true
		default:
			prev = false
		}
	}
	return cased
}

func strIsIdentifier(s *Str) bool {
	if s.S == "" {
		return false
	}
	for i, r := range s.S {
		if i == 0 {
			if !strIsIDStart(r) {
				return false
			}
		} else if !strIsIDContinue(r) {
			return false
		}
	}
	return true
}

func strUpper(s *Str) *Str {
	if s.IsASCII() {
		return strASCIICase(s, 'a', 'z', -0x20)
	}
	var b strings.Builder
	for _, r := range s.S {
		strUpperRune(&b, r)
	}
	return NewStr(b.String())
}

func strLower(s *Str) *Str {
	if s.IsASCII() {
		return strASCIICase(s, 'A', 'Z', 0x20)
	}
	rs := s.Runes()
	var b strings.Builder
	for i := range rs {
		strLowerAt(&b, rs, i)
	}
	return NewStr(b.String())
}

// strASCIICase is upper or lower of ASCII text: the bytes in [lo, hi]
// moved by delta, in a new Str (CPython returns a new string even when
// nothing changes).
func strASCIICase(s *Str, lo, hi byte, delta int) *Str {
	r, buf := newStrBuf(len(s.S))
	for i := 0; i < len(s.S); i++ {
		c := s.S[i]
		if c >= lo && c <= hi {
			c = byte(int(c) + delta)
		}
		buf[i] = c
	}
	r.setASCIIState(strASCII)
	return r
}

func strCapitalize(s *Str) *Str {
	if s.S == "" {
		return s
	}
	rs := s.Runes()
	var b strings.Builder
	strTitleRune(&b, rs[0])
	for i := 1; i < len(rs); i++ {
		strLowerAt(&b, rs, i)
	}
	return NewStr(b.String())
}

func strTitle(s *Str) *Str {
	rs := s.Runes()
	var b strings.Builder
	prevCased := false
	for i, r := range rs {
		if prevCased {
			strLowerAt(&b, rs, i)
		} else {
			strTitleRune(&b, r)
		}
		prevCased = strIsCased(r)
	}
	return NewStr(b.String())
}

func strSwapcase(s *Str) *Str {
	rs := s.Runes()
	var b strings.Builder
	for i, r := range rs {
		switch {
		case strIsUpper(r):
			strLowerAt(&b, rs, i)
		case strIsLower(r):
			strUpperRune(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	return NewStr(b.String())
}

func strCasefold(s *Str) *Str {
	if s.IsASCII() {
		return strMake(strings.ToLower(s.S), true)
	}
	var b strings.Builder
	for _, r := range s.S {
		strFoldRune(&b, r)
	}
	return NewStr(b.String())
}

// strMaxSplit converts maxsplit (nil when absent; an int, negative for no
// limit: None is a TypeError, as CPython's Py_ssize_t argument).
func (vm *VM) strMaxSplit(v Value) (int, error) {
	if v == nil {
		return -1, nil
	}
	n, err := vm.ssize(v)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > math.MaxInt32 {
		return -1, nil
	}
	return int(n), nil
}

// strSplit is str.split and str.rsplit.
func (vm *VM) strSplit(s *Str, sepv, maxv Value, reverse bool) (Value, error) {
	maxsplit, err := vm.strMaxSplit(maxv)
	if err != nil {
		return nil, err
	}
	var parts []string
	if sepv == nil || sepv == None {
		if maxsplit < 0 && !reverse && s.IsASCII() {
			// The commonest split: no intermediate []string, and a
			// table lookup per byte instead of a call (perf).
			// strCountFields is exact for ASCII text. (IsASCII scans
			// a str of unknown state once, a literal's or a
			// repetition's, and remembers.)
			return vm.splitDone(strSplitASCIISpace(vm, s))
		}
		parts = strSplitSpace(s.S, maxsplit, reverse)
	} else {
		sep, ok := numUnwrap(sepv).(*Str)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "must be str or None, not %s", TypeOf(sepv).Name)
		}
		if sep.S == "" {
			return nil, vm.NewError(ValueErrorType, "empty separator")
		}
		switch {
		case maxsplit < 0 && !reverse:
			return vm.splitDone(strSplitSep(vm, s, sep.S))
		case reverse:
			parts = strRSplitSep(s.S, sep.S, maxsplit)
		default:
			parts = strings.SplitN(s.S, sep.S, strMaxsplitN(maxsplit))
		}
	}
	return vm.splitDone(strSplitList(vm, s, len(parts), slices.Values(parts)))
}

// splitDone ends a split that built l: a long one, built at once, gets
// the checks of a big value (beforeBigAlloc came before it, in
// newSplitResult).
func (vm *VM) splitDone(l *List) (Value, error) {
	if err := vm.afterBigAlloc(l.Len() * splitPartBytes); err != nil {
		return nil, err
	}
	return l, nil
}

// splitResult builds split's result: n parts of s, their Str headers in
// one allocation (perf). A single part that is the whole of s is s
// itself. A result of packMin parts or more is a packed list
// (list_packed.go) of the Str headers themselves.
type splitResult struct {
	s     *Str
	items []Value // the parts, when fewer than packMin
	strs  []Str
	meta  uint64 // the parts' ASCII state: ASCII when s is known to be
}

// newSplitResult begins the result of a split of s into n parts. Its
// vm, when not nil, lets the GC pacer collect before a long split's
// block is allocated (beforeBigAlloc): a program that splits a long text
// once per round would otherwise make each round's list while the last
// is garbage, and the heap peak at twice its live size (bench/programs
// dictstr).
func newSplitResult(vm *VM, s *Str, n int) splitResult {
	if vm != nil {
		vm.beforeBigAlloc(n, splitPartBytes)
	}
	r := splitResult{s: s, strs: splitBlock(n, s)}
	if n < packMin {
		r.items = make([]Value, n)
	}
	if s.knownASCII() {
		r.meta = strASCII
	}
	return r
}

// set makes part p the k-th item.
func (r *splitResult) set(k int, p string) {
	st := r.s
	if len(r.strs) != 1 || p != r.s.S {
		if len(p) > 0 && !inText(p, r.s.S) {
			panic("split: a part outside the source text") // splitBlock keeps only that alive
		}
		st = &r.strs[k]
		st.S, st.meta = p, r.meta
	}
	if r.items != nil {
		r.items[k] = st // else the packed list's element is &r.strs[k]
	}
}

func (r *splitResult) list() *List {
	if r.items == nil {
		return &List{packed: &packedItems{kind: packedSplit, block: r.strs}}
	}
	return &List{items: r.items}
}

// strSplitList is split's result: the n parts of s that parts yields (n
// exactly).
func strSplitList(vm *VM, s *Str, n int, parts iter.Seq[string]) *List {
	r := newSplitResult(vm, s, n)
	k := 0
	for p := range parts {
		r.set(k, p)
		k++
	}
	return r.list()
}

// strSplitASCIISpace is s.split() for ASCII text: one loop over the
// bytes, filling the result as it finds fields (strASCIIFields through
// strSplitList made two calls per field).
func strSplitASCIISpace(vm *VM, s *Str) *List {
	text := s.S
	n := strCountFields(text)
	r := newSplitResult(vm, s, n)
	i := 0
	for k := 0; k < n; k++ {
		for strASCIISpace[text[i]] {
			i++ // a field follows: strCountFields counted it
		}
		start := i
		for i < len(text) && !strASCIISpace[text[i]] {
			i++
		}
		r.set(k, text[start:i])
	}
	return r.list()
}

// strSplitSep is s.split(sep) without maxsplit: one loop over the
// separators, filling the result (strings.SplitSeq through strSplitList
// made two calls per part).
func strSplitSep(vm *VM, s *Str, sep string) *List {
	text := s.S
	r := newSplitResult(vm, s, strings.Count(text, sep)+1)
	k := 0
	for {
		var i int
		if len(sep) == 1 {
			i = strings.IndexByte(text, sep[0])
		} else {
			i = strings.Index(text, sep)
		}
		if i < 0 {
			break
		}
		r.set(k, text[:i])
		k++
		text = text[i+len(sep):]
	}
	r.set(k, text)
	return r.list()
}

// strASCIISpace marks the ASCII bytes that strIsSpace accepts; bytes of
// multi-byte runes are all false.
var strASCIISpace = func() (t [256]bool) {
	for b := range utf8.RuneSelf {
		t[b] = strIsSpace(rune(b))
	}
	return t
}()

// strCountFields counts the whitespace-separated fields of s, exactly
// for ASCII text and as an estimate otherwise (for presizing).
func strCountFields(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := strASCIISpace[s[i]]
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func strMaxsplitN(maxsplit int) int {
	if maxsplit < 0 {
		return -1
	}
	return maxsplit + 1
}

// strRSplitSep splits from the right at sep, at most maxsplit times.
func strRSplitSep(s, sep string, maxsplit int) []string {
	var rev []string
	for maxsplit != 0 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		rev = append(rev, s[i+len(sep):])
		s = s[:i]
		if maxsplit > 0 {
			maxsplit--
		}
	}
	out := make([]string, 0, len(rev)+1)
	out = append(out, s)
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}

// strSplitSpace splits at runs of whitespace (split() with no sep).
func strSplitSpace(s string, maxsplit int, reverse bool) []string {
	var out []string
	if !reverse {
		if maxsplit < 0 {
			out = make([]string, 0, strCountFields(s))
		}
		i := 0
		for {
			for i < len(s) {
				if c := s[i]; c < utf8.RuneSelf {
					// ASCII: no decoding (perf).
					if !strIsSpace(rune(c)) {
						break
					}
					i++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[i:])
				if !strIsSpace(r) {
					break
				}
				i += size
			}
			if i >= len(s) {
				return out
			}
			if maxsplit == 0 {
				return append(out, s[i:])
			}
			j := i
			for j < len(s) {
				if c := s[j]; c < utf8.RuneSelf {
					if strIsSpace(rune(c)) {
						break
					}
					j++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[j:])
				if strIsSpace(r) {
					break
				}
				j += size
			}
			out = append(out, s[i:j])
			if maxsplit > 0 {
				maxsplit--
			}
			i = j
		}
	}
	j := len(s)
	var rev []string
	for {
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			if !strIsSpace(r) {
				break
			}
			j -= size
		}
		if j <= 0 {
			break
		}
		if maxsplit == 0 {
			rev = append(rev, s[:j])
			break
		}
		i := j
		for i > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:i])
			if strIsSpace(r) {
				break
			}
			i -= size
		}
		rev = append(rev, s[i:j])
		if maxsplit > 0 {
			maxsplit--
		}
		j = i
	}
	for k := len(rev) - 1; k >= 0; k-- {
		out = append(out, rev[k])
	}
	return out
}

// joinScratchMax bounds the scratch slice strJoin keeps between joins.
const joinScratchMax = 1024

// strJoin is sep.join(iterable).
func (vm *VM) strJoin(sep *Str, iterable Value) (Value, error) {
	var items []Value
	switch x := iterable.(type) {
	case *List:
		if p := x.packed; p != nil && p.kind == packedStrs {
			return vm.joinStrs(sep, p.strs)
		} else if p != nil && p.kind == packedSplit {
			return joinParts(vm, sep, p.block, func(s *Str) *Str { return s })
		}
		items = x.values()
	case *Tuple:
		items = x.Items
	default:
		if _, err := vm.Iter(iterable); err != nil {
			if e, ok := err.(*Instance); ok && e.Class == TypeErrorType {
				return nil, vm.NewError(TypeErrorType, "can only join an iterable")
			}
			return nil, err
		}
		it, err := vm.Collect(iterable)
		if err != nil {
			return nil, err
		}
		items = it
	}
	if len(items) == 1 {
		if s, ok := items[0].(*Str); ok {
			return s, nil
		}
	}
	parts := vm.joinScratch[:0]
	for i, it := range items {
		s, ok := numUnwrap(it).(*Str)
		if !ok {
			clear(parts)
			return nil, vm.NewError(TypeErrorType, "sequence item %d: expected str instance, %s found", i, TypeOf(it).Name)
		}
		parts = append(parts, s)
	}
	r, err := vm.joinStrs(sep, parts)
	clear(parts) // keeps no str alive
	if cap(parts) <= joinScratchMax {
		vm.joinScratch = parts
	}
	return r, err
}

// joinStrs is sep.join(parts).
func (vm *VM) joinStrs(sep *Str, parts []*Str) (Value, error) {
	return joinParts(vm, sep, parts, func(s **Str) *Str { return *s })
}

// joinParts is sep.join of parts, whose Strs str finds: a slice of
// pointers, or a split's block of Strs (list_packed.go).
func joinParts[P any](vm *VM, sep *Str, parts []P, str func(*P) *Str) (Value, error) {
	n := len(sep.S) * max(len(parts)-1, 0)
	ascii := sep.IsASCII()
	for i := range parts {
		s := str(&parts[i])
		n += len(s.S)
		if ascii && !s.IsASCII() {
			ascii = false
		}
	}
	if err := vm.numCheckAlloc(int64(n)); err != nil {
		return nil, err
	}
	r, buf := newStrBuf(n) // one allocation without pointers when short
	at := 0
	for i := range parts {
		if i > 0 {
			at += copy(buf[at:], sep.S)
		}
		at += copy(buf[at:], str(&parts[i]).S)
	}
	if ascii {
		r.setASCIIState(strASCII)
	}
	return r, nil
}

// strStrip is strip, lstrip and rstrip.
func (vm *VM) strStrip(s *Str, name string, chars Value) (Value, error) {
	left := name != "rstrip"
	right := name != "lstrip"
	var in func(r rune) bool
	if chars == nil || chars == None {
		in = strIsSpace
	} else {
		cs, ok := numUnwrap(chars).(*Str)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "%s arg must be None or str", name)
		}
		set := cs.S
		in = func(r rune) bool { return strings.ContainsRune(set, r) }
	}
	t := s.S
	if left {
		t = strings.TrimLeftFunc(t, in)
	}
	if right {
		t = strings.TrimRightFunc(t, in)
	}
	if len(t) == len(s.S) {
		return s, nil
	}
	return strMake(t, s.knownASCII()), nil
}

// strStartsEnds is startswith and endswith.
func (vm *VM) strStartsEnds(s *Str, name string, a []Value) (Value, error) {
	i, j, err := vm.strRange(s, a[1], a[2])
	if err != nil {
		return nil, err
	}
	match := func(p *Str) bool {
		pl := p.Len()
		if j-pl < i || i > s.Len() {
			return false
		}
		if pl == 0 {
			return true
		}
		if name == "startswith" {
			return strSub(s, i, i+pl) == p.S
		}
		return strSub(s, j-pl, j) == p.S
	}
	p := numUnwrap(a[0])
	if t, ok := asTuple(p); ok {
		p = t // a tuple subclass
	}
	switch p := p.(type) {
	case *Str:
		return Bool(match(p)), nil
	case *Tuple:
		for _, it := range p.Items {
			ps, ok := numUnwrap(it).(*Str)
			if !ok {
				return nil, vm.NewError(TypeErrorType, "tuple for %s must only contain str, not %s", name, TypeOf(it).Name)
			}
			if match(ps) {
				return Bool(true), nil
			}
		}
		return Bool(false), nil
	}
	return nil, vm.NewError(TypeErrorType, "%s first arg must be str or a tuple of str, not %s", name, TypeOf(a[0]).Name)
}

// strFindMethod is find, rfind, index and rindex.
func (vm *VM) strFindMethod(s *Str, name string, a []Value) (Value, error) {
	sub, err := vm.strArg(a[0])
	if err != nil {
		return nil, err
	}
	i, j, err := vm.strRange(s, a[1], a[2])
	if err != nil {
		return nil, err
	}
	r := strFind(s, sub, i, j, name[0] == 'r')
	if r < 0 && (name == "index" || name == "rindex") {
		return nil, vm.NewError(ValueErrorType, "substring not found")
	}
	return Int(r), nil
}

// strReplace is str.replace(old, new, count=-1).
func (vm *VM) strReplace(s *Str, a []Value) (Value, error) {
	old, ok := numUnwrap(a[0]).(*Str)
	if !ok {
		return nil, vm.badArgument("replace() argument 1", "str", a[0])
	}
	nw, ok := numUnwrap(a[1]).(*Str)
	if !ok {
		return nil, vm.badArgument("replace() argument 2", "str", a[1])
	}
	count := -1
	if a[2] != nil {
		c, err := vm.IndexOf(a[2])
		if err != nil {
			return nil, err
		}
		if c >= 0 && c < math.MaxInt32 {
			count = int(c)
		}
	}
	if count == 0 {
		return s, nil
	}
	// Bound the result size before building it.
	n := strings.Count(s.S, old.S)
	if count >= 0 && n > count {
		n = count
	}
	if n == 0 {
		return s, nil
	}
	if err := vm.numCheckAlloc(int64(len(s.S)) + int64(n)*(int64(len(nw.S))-int64(len(old.S)))); err != nil {
		return nil, err
	}
	return strMake(strings.Replace(s.S, old.S, nw.S, count), s.knownASCII() && nw.IsASCII()), nil
}

// strWidth converts a width argument.
func (vm *VM) strWidth(v Value) (int, error) {
	n, err := vm.IndexOf(v)
	if err != nil {
		return 0, err
	}
	if n > vm.maxAlloc {
		return 0, vm.numMemoryError()
	}
	// A wide padding builds a large string: check the heap budget first.
	if err := vm.afterBigAlloc(int(n)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// strZfill is str.zfill(width).
func (vm *VM) strZfill(s *Str, w Value) (Value, error) {
	width, err := vm.strWidth(w)
	if err != nil {
		return nil, err
	}
	n := s.Len()
	if width <= n {
		return s, nil
	}
	pad := strings.Repeat("0", width-n)
	if s.S != "" && (s.S[0] == '+' || s.S[0] == '-') {
		return strMake(s.S[:1]+pad+s.S[1:], s.knownASCII()), nil
	}
	return strMake(pad+s.S, s.knownASCII()), nil
}

// strJustify is center, ljust and rjust.
func (vm *VM) strJustify(s *Str, name string, w, fill Value) (Value, error) {
	width, err := vm.strWidth(w)
	if err != nil {
		return nil, err
	}
	f := " "
	if fill != nil {
		fs, ok := numUnwrap(fill).(*Str)
		if !ok {
			return nil, vm.NewError(TypeErrorType, "The fill character must be a unicode character, not %s", TypeOf(fill).Name)
		}
		if fs.Len() != 1 {
			return nil, vm.NewError(TypeErrorType, "The fill character must be exactly one character long")
		}
		f = fs.S
	}
	n := s.Len()
	if width <= n {
		return s, nil
	}
	marg := width - n
	var left int
	switch name {
	case "ljust":
		left = 0
	case "rjust":
		left = marg
	default:
		left = marg/2 + (marg & width & 1)
	}
	r := strings.Repeat(f, left) + s.S + strings.Repeat(f, marg-left)
	return strMake(r, s.knownASCII() && len(f) == 1), nil
}

// strPartition is partition and rpartition.
func (vm *VM) strPartition(s *Str, sepv Value, reverse bool) (Value, error) {
	sep, err := vm.strArg(sepv)
	if err != nil {
		return nil, err
	}
	if sep.S == "" {
		return nil, vm.NewError(ValueErrorType, "empty separator")
	}
	empty := strMake("", true)
	var i int
	if reverse {
		i = strings.LastIndex(s.S, sep.S)
	} else {
		i = strings.Index(s.S, sep.S)
	}
	if i < 0 {
		if reverse {
			return tupleOf(empty, empty, s), nil
		}
		return tupleOf(s, empty, empty), nil
	}
	ascii := s.knownASCII()
	return tupleOf(strMake(s.S[:i], ascii), sep, strMake(s.S[i+len(sep.S):], ascii)), nil
}

// strIsLineBreak reports the characters str.splitlines splits at.
func strIsLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// strSplitlines is str.splitlines(keepends=False).
func (vm *VM) strSplitlines(s *Str, keepv Value) (Value, error) {
	keep := false
	if keepv != nil {
		if _, isF := keepv.(Float); isF {
			return nil, vm.NewError(TypeErrorType, "'float' object cannot be interpreted as an integer")
		}
		n, err := vm.IndexValue(keepv)
		if err != nil {
			return nil, err
		}
		keep = numSign(n) != 0
	}
	var items []Value
	t := s.S
	ascii := s.knownASCII()
	i := 0
	for i < len(t) {
		j := i
		for j < len(t) {
			r, size := utf8.DecodeRuneInString(t[j:])
			if strIsLineBreak(r) {
				break
			}
			j += size
		}
		eol := j
		if j < len(t) {
			r, size := utf8.DecodeRuneInString(t[j:])
			eol = j + size
			if r == '\r' && eol < len(t) && t[eol] == '\n' {
				eol++
			}
		}
		if keep {
			items = append(items, strMake(t[i:eol], ascii))
		} else {
			items = append(items, strMake(t[i:j], ascii))
		}
		i = eol
	}
	if items == nil {
		items = []Value{}
	}
	return &List{items: items}, nil
}

// strExpandtabs is str.expandtabs(tabsize=8).
func (vm *VM) strExpandtabs(s *Str, tabv Value) (Value, error) {
	tab := int64(8)
	if tabv != nil {
		n, err := vm.IndexOf(tabv)
		if err != nil {
			return nil, err
		}
		tab = n
	}
	if !strings.ContainsRune(s.S, '\t') {
		return s, nil
	}
	var b strings.Builder
	col := int64(0)
	for _, r := range s.S {
		switch r {
		case '\t':
			if tab > 0 {
				incr := tab - col%tab
				if int64(b.Len())+incr > vm.maxAlloc {
					return nil, vm.numMemoryError()
				}
				col += incr
				for k := int64(0); k < incr; k++ {
					b.WriteByte(' ')
				}
			}
		case '\n', '\r':
			col = 0
			b.WriteRune(r)
		default:
			col++
			b.WriteRune(r)
		}
	}
	return strMake(b.String(), s.knownASCII()), nil
}
