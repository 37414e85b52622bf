package vm

// str_unicode.go: Python 3.11's character properties and case mappings.
// Go's unicode package (a newer Unicode version, and without Python's
// derived properties) gives the base answer; str_tables.go lists the code
// points where CPython 3.11 answers differently (generated from python3 by
// TestUnicodeTables in str_tables_test.go with -update-unicode).

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// strRanges is a sorted list of inclusive ranges lo0, hi0, lo1, hi1, ...
type strRanges []rune

func (t strRanges) has(r rune) bool {
	n := len(t) / 2
	i := sort.Search(n, func(i int) bool { return t[2*i+1] >= r })
	return i < n && t[2*i] <= r
}

// strCaseEntry maps a code point to its full case mapping.
type strCaseEntry struct {
	R rune
	S string
}

func strCaseLookup(t []strCaseEntry, r rune) (string, bool) {
	i := sort.Search(len(t), func(i int) bool { return t[i].R >= r })
	if i < len(t) && t[i].R == r {
		return t[i].S, true
	}
	return "", false
}

// The base predicates: Go's answer before the CPython corrections.
func strBasePrintable(r rune) bool { return unicode.IsPrint(r) }
func strBaseSpace(r rune) bool     { return unicode.IsSpace(r) }
func strBaseAlpha(r rune) bool     { return unicode.IsLetter(r) }
func strBaseDecimal(r rune) bool   { return unicode.IsDigit(r) }
func strBaseNumeric(r rune) bool   { return unicode.IsNumber(r) }
func strBaseTitle(r rune) bool     { return unicode.IsTitle(r) }
func strBaseUpper(r rune) bool {
	return unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r)
}
func strBaseLower(r rune) bool {
	return unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r)
}
func strBaseCased(r rune) bool { return strBaseUpper(r) || strBaseLower(r) || strBaseTitle(r) }
func strBaseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
func strBaseIDStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || r == '_' || unicode.Is(unicode.Other_ID_Start, r)
}
func strBaseIDContinue(r rune) bool {
	return strBaseIDStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) || unicode.Is(unicode.Other_ID_Continue, r)
}

// strIsPrintable is str.isprintable for one character (repr escapes the
// others).
func strIsPrintable(r rune) bool {
	if r < 0x7f {
		return r >= 0x20
	}
	return strBasePrintable(r) != strFlipPrintable.has(r)
}

// strIsSpace is str.isspace for one character (also split() and strip()).
func strIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x1f:
		return true
	}
	if r < 0x80 {
		return false
	}
	return strBaseSpace(r) != strFlipSpace.has(r)
}

func strIsAlpha(r rune) bool {
	if r < 0x80 {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return strBaseAlpha(r) != strFlipAlpha.has(r)
}

func strIsDecimal(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9'
	}
	return strBaseDecimal(r) != strFlipDecimal.has(r)
}

func strIsDigit(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9'
	}
	return strBaseDecimal(r) != strFlipDigit.has(r)
}

func strIsNumeric(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9'
	}
	return strBaseNumeric(r) != strFlipNumeric.has(r)
}

func strIsAlnum(r rune) bool {
	return strIsAlpha(r) || strIsDecimal(r) || strIsDigit(r) || strIsNumeric(r)
}

func strIsUpper(r rune) bool {
	if r < 0x80 {
		return r >= 'A' && r <= 'Z'
	}
	return strBaseUpper(r) != strFlipUpper.has(r)
}

func strIsLower(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z'
	}
	return strBaseLower(r) != strFlipLower.has(r)
}

func strIsTitle(r rune) bool {
	if r < 0x80 {
		return false
	}
	return strBaseTitle(r) != strFlipTitle.has(r)
}

func strIsCased(r rune) bool {
	if r < 0x80 {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return strBaseCased(r) != strFlipCased.has(r)
}

func strIsCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`':
		return true
	}
	if r < 0x80 {
		return false
	}
	return strBaseIgnorable(r) != strFlipIgnorable.has(r)
}

func strIsIDStart(r rune) bool {
	if r < 0x80 {
		return r == '_' || r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return strBaseIDStart(r) != strFlipIDStart.has(r)
}

func strIsIDContinue(r rune) bool {
	if r < 0x80 {
		return r == '_' || r|0x20 >= 'a' && r|0x20 <= 'z' || r >= '0' && r <= '9'
	}
	return strBaseIDContinue(r) != strFlipIDContinue.has(r)
}

// strUpperRune appends the full uppercase mapping of r.
func strUpperRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' {
			r -= 0x20
		}
		b.WriteByte(byte(r))
		return
	}
	if s, ok := strCaseLookup(strMapUpper, r); ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(unicode.ToUpper(r))
}

// strLowerRune appends the full lowercase mapping of r (without the final
// sigma rule, which needs context).
func strLowerRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 0x20
		}
		b.WriteByte(byte(r))
		return
	}
	if s, ok := strCaseLookup(strMapLower, r); ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(unicode.ToLower(r))
}

// strTitleRune appends the full titlecase mapping of r.
func strTitleRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' {
			r -= 0x20
		}
		b.WriteByte(byte(r))
		return
	}
	if s, ok := strCaseLookup(strMapTitle, r); ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(unicode.ToTitle(r))
}

// strFoldRune appends the full case folding of r.
func strFoldRune(b *strings.Builder, r rune) {
	if s, ok := strCaseLookup(strMapCasefold, r); ok {
		b.WriteString(s)
		return
	}
	strLowerRune(b, r)
}

// strLowerAt appends the lowercase of rs[i], applying Python's final sigma
// rule to U+03A3.
func strLowerAt(b *strings.Builder, rs []rune, i int) {
	if rs[i] == 0x3A3 {
		if strFinalSigma(rs, i) {
			b.WriteRune(0x3C2)
		} else {
			b.WriteRune(0x3C3)
		}
		return
	}
	strLowerRune(b, rs[i])
}

// strFinalSigma is CPython's handle_capital_sigma: a capital sigma is
// final when a cased letter precedes it and none follows (skipping
// case-ignorable characters both ways).
func strFinalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && strIsCaseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !strIsCased(rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && strIsCaseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !strIsCased(rs[j])
}

// strFromRune makes a one-character Str.
func strFromRune(r rune) *Str {
	if r < 0x80 {
		return strASCIIChar(byte(r))
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	s := NewStr(string(buf[:n]))
	s.setASCIIState(strNotASCII)
	return s
}

// strASCIIChars caches the one-character ASCII strings. They are shared
// by every VM, so their lazy fields are filled here, never later. They
// live in strASCIIStore and their texts in asciiText, outside Go's heap:
// a collection marks none of the 256 objects they would otherwise be.
var strASCIIChars = func() (t [128]*Str) {
	for i := range t {
		strASCIIStore[i] = Str{S: asciiText[i : i+1], meta: strASCII}
		t[i] = &strASCIIStore[i]
		t[i].cachedHash()
	}
	return
}()

var strASCIIStore [128]Str

// asciiText is the 128 ASCII characters in order.
const asciiText = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28\x29\x2a\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\x3e\x3f\x40\x41\x42\x43\x44\x45\x46\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f\x50\x51\x52\x53\x54\x55\x56\x57\x58\x59\x5a\x5b\x5c\x5d\x5e\x5f\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f\x70\x71\x72\x73\x74\x75\x76\x77\x78\x79\x7a\x7b\x7c\x7d\x7e\x7f"

func strASCIIChar(c byte) *Str { return strASCIIChars[c] }
