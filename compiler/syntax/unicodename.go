package syntax

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/runenames"
)

// This file resolves the names of \N{name} escapes the way CPython 3.11's
// unicodedata does for them: character names and formal aliases with ASCII
// letters in any case, and the algorithmic names of Hangul syllables and
// CJK unified ideographs exactly as written. Named sequences are not single
// characters and \N does not accept them.
//
// The names come from x/text's runenames (Unicode 15.0.0 under Go 1.26,
// 17.0.0 from Go 1.27 on) and the aliases from ucd/NameAliases.txt, the
// Unicode 15.0.0 file verbatim (/usr/share/unicode in Debian's
// unicode-data package). CPython 3.11 has Unicode 14.0.0, so Weft also
// accepts the names added since (Unicode 15.0 has some 300 new names, CJK
// Extension H and three new aliases): where CPython reports an unknown
// name, Weft decodes the character. The name-to-rune table is built on
// first use: a program without \N pays nothing for it.

//go:embed ucd/NameAliases.txt
var nameAliases string

var (
	runeNamesOnce sync.Once
	runeNames     map[string]rune
)

// lookupRuneName returns the character that name denotes in a \N{name}
// escape.
func lookupRuneName(name []byte) (rune, bool) {
	// CPython matches the algorithmic names as written, upper case only.
	if rest, ok := strings.CutPrefix(string(name), "HANGUL SYLLABLE "); ok {
		return hangulSyllable(rest)
	}
	if rest, ok := strings.CutPrefix(string(name), "CJK UNIFIED IDEOGRAPH-"); ok {
		return unifiedIdeograph(rest)
	}
	upper := make([]byte, len(name))
	for i, c := range name {
		if c >= 0x80 {
			// CPython looks the name up after rewriting non-ASCII
			// characters as \U escapes, so no such name matches.
			return 0, false
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	runeNamesOnce.Do(buildRuneNames)
	r, ok := runeNames[string(upper)]
	return r, ok
}

// buildRuneNames fills runeNames from runenames and the aliases.
func buildRuneNames() {
	runeNames = make(map[string]rune, 40000)
	// Planes 4 to 13 are unassigned and planes 15 and 16 private use:
	// no code point there has a name.
	for _, plane := range [][2]rune{{0, 0x3FFFF}, {0xE0000, 0xEFFFF}} {
		for r := plane[0]; r <= plane[1]; r++ {
			// Code points without a name of their own have "" or a
			// range label such as "<control>" or "<CJK Ideograph>".
			if n := runenames.Name(r); n != "" && n[0] != '<' {
				runeNames[n] = r
			}
		}
	}
	for _, line := range strings.Split(nameAliases, "\n") {
		// "0000;NULL;control"
		code, rest, ok := strings.Cut(line, ";")
		if !ok || strings.HasPrefix(code, "#") {
			continue
		}
		alias, _, _ := strings.Cut(rest, ";")
		if r, err := strconv.ParseUint(code, 16, 32); err == nil {
			runeNames[alias] = rune(r)
		}
	}
}

// The short names of the leading consonants, vowels and trailing
// consonants that make up a Hangul syllable's name (the Unicode Standard,
// section 3.12, and Jamo.txt).
var (
	hangulL = []string{"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"}
	hangulV = []string{"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"}
	hangulT = []string{"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"}
)

// hangulSyllable returns the syllable named "HANGUL SYLLABLE " + s. Each
// part takes the longest short name that matches, as in CPython, which
// rejects a name such as "GAG" that only a shorter choice would accept.
func hangulSyllable(s string) (rune, bool) {
	l, n := longestJamo(s, hangulL)
	s = s[n:]
	v, n := longestJamo(s, hangulV)
	s = s[n:]
	t, n := longestJamo(s, hangulT)
	if l < 0 || v < 0 || t < 0 || n != len(s) {
		return 0, false
	}
	return rune(0xAC00 + (l*len(hangulV)+v)*len(hangulT) + t), true
}

// longestJamo returns the index and length of the longest of names that
// starts s, or -1 and 0.
func longestJamo(s string, names []string) (index, n int) {
	index, n = -1, -1
	for i, name := range names {
		if len(name) > n && strings.HasPrefix(s, name) {
			index, n = i, len(name)
		}
	}
	return index, max(n, 0)
}

// unifiedIdeograph returns the ideograph named "CJK UNIFIED IDEOGRAPH-" +
// hex: four or five upper-case hex digits of a code point in one of the
// unified ideograph blocks, whose ranges runenames labels.
func unifiedIdeograph(hex string) (rune, bool) {
	if len(hex) != 4 && len(hex) != 5 || strings.ToUpper(hex) != hex {
		return 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || !strings.HasPrefix(runenames.Name(rune(v)), "<CJK Ideograph") {
		return 0, false
	}
	return rune(v), true
}
