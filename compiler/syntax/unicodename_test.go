package syntax

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/runenames"
)

// TestLookupRuneName checks name resolution against answers python3 3.11
// gives for "\N{name}".
func TestLookupRuneName(t *testing.T) {
	tests := []struct {
		name string
		want rune // -1: unknown
	}{
		{"GREEK SMALL LETTER ALPHA", 0x3B1},
		{"greek small letter alpha", 0x3B1},
		{"Em Dash", 0x2014},
		{"GRINNING FACE", 0x1F600},
		{"VARIATION SELECTOR-17", 0xE0100},
		{"CJK COMPATIBILITY IDEOGRAPH-F900", 0xF900},
		{"NUSHU CHARACTER-1B170", 0x1B170},
		// Formal aliases: a correction, control names, abbreviations.
		{"LATIN CAPITAL LETTER GHA", 0x1A2},
		{"latin capital letter oi", 0x1A2},
		{"NULL", 0}, {"LINE FEED", '\n'}, {"LF", '\n'}, {"nbsp", 0xA0},
		{"BYTE ORDER MARK", 0xFEFF},
		// Algorithmic names are matched as written, and each syllable
		// part takes the longest short name.
		{"HANGUL SYLLABLE GA", 0xAC00}, {"HANGUL SYLLABLE HIH", 0xD7A3},
		{"HANGUL SYLLABLE A", 0xC544}, {"HANGUL SYLLABLE GAG", 0xAC01},
		{"HANGUL SYLLABLE", -1}, {"HANGUL SYLLABLE ", -1},
		{"hangul syllable GA", -1}, {"HANGUL SYLLABLE ga", -1},
		{"HANGUL SYLLABLE GAX", -1}, {"HANGUL SYLLABLE G", -1},
		{"CJK UNIFIED IDEOGRAPH-4E00", 0x4E00},
		{"CJK UNIFIED IDEOGRAPH-04E00", 0x4E00},
		{"CJK UNIFIED IDEOGRAPH-20000", 0x20000},
		{"CJK UNIFIED IDEOGRAPH-4e00", -1}, {"cjk unified ideograph-4E00", -1},
		{"CJK UNIFIED IDEOGRAPH-4E0", -1}, {"CJK UNIFIED IDEOGRAPH-004E00", -1},
		{"CJK UNIFIED IDEOGRAPH-0041", -1}, {"CJK UNIFIED IDEOGRAPH-+4E0", -1},
		{"TANGUT IDEOGRAPH-17000", -1},
		// Not names: range labels, named sequences, stray spaces,
		// non-ASCII letters (even ones whose upper case is ASCII).
		{"<control>", -1}, {"<CJK Ideograph>", -1}, {"", -1},
		{"LATIN CAPITAL LETTER A WITH MACRON AND GRAVE", -1},
		{" EM DASH", -1}, {"EM  DASH", -1}, {"EM DASH ", -1},
		{"latin small letter ſ", -1}, {"ÉM DASH", -1},
	}
	for _, tt := range tests {
		r, ok := lookupRuneName([]byte(tt.name))
		if !ok {
			r = -1
		}
		if r != tt.want {
			t.Errorf("lookupRuneName(%q) = %U, want %U", tt.name, r, tt.want)
		}
	}
}

// TestLookupEveryName resolves the name of every code point that has one.
func TestLookupEveryName(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		name := runenames.Name(r)
		if name == "" || name[0] == '<' {
			continue
		}
		n++
		if got, ok := lookupRuneName([]byte(strings.ToLower(name))); got != r || !ok {
			t.Errorf("lookupRuneName(%q) = %U, %v", name, got, ok)
		}
	}
	if n < 30000 {
		t.Errorf("only %d names", n)
	}
}

// TestNamedEscapes checks the decoding of \N{...} and CPython's message
// and positions for bad ones, which count a non-ASCII character as ten
// bytes and a line break as one.
func TestNamedEscapes(t *testing.T) {
	tests := []struct{ src, want string }{
		{`'\N{BULLET}'`, `"•"`},
		{`'a\N{em dash}b\N{LF}'`, `"a—b\n"`},
		{`'\N{LEFT CURLY BRACKET}}'`, `"{}"`},
		{`'\\N{BULLET}'`, `"\\N{BULLET}"`},
		{`r'\N{BULLET}'`, `"\\N{BULLET}"`},
		{`'\N{BULLET}' r'\N{x}'`, `"•\\N{x}"`},
		{`f'\N{BULLET}'`, `"•"`},
		{`f'{x}\N{BULLET}{{'`, `{x} "•{"`},
		{`f'{x:\N{BULLET}>3}'`, `{x spec["•>3"]}`},
		{`'\N{NOPE}'`, "position 0-7: unknown Unicode character name"},
		{`'ab\N{NOPE}'`, "position 2-9: unknown Unicode character name"},
		{`'é\N{NOPE}'`, "position 10-17: unknown Unicode character name"},
		{`'\N{ÉM DASH}'`, "position 0-19: unknown Unicode character name"},
		{`'\é\N{NOPE}'`, "position 16-23: unknown Unicode character name"},
		{`'\\é\N{NOPE}'`, "position 12-19: unknown Unicode character name"},
		{"'''a\r\nb\\N{NOPE}'''", "position 3-10: unknown Unicode character name"},
		{`'\N{BULLET}\N{}'`, "position 10-12: malformed \\N character escape"},
		{`'\N{BULLET'`, "position 0-8: malformed \\N character escape"},
		{`'\N'`, "position 0-1: malformed \\N character escape"},
		{`'\Nx'`, "position 0-1: malformed \\N character escape"},
		{`f'{x}\N{NOPE}'`, "position 0-7: unknown Unicode character name"},
		{`f'\N{x'`, "position 0-3: malformed \\N character escape"},
		{`f'\N}'`, "position 0-1: malformed \\N character escape"},
		{`f'\N{BULLET}}'`, "f-string: single '}' is not allowed"},
		{`rf'\N{BULLET}'`, `"\\N" {BULLET}`},
	}
	for _, tt := range tests {
		x, ds := ParseExpr(newTestFile(tt.src))
		var got string
		switch v := x.(type) {
		case *Str:
			got = fmt.Sprintf("%q", v.Value)
		case *JoinedStr:
			got = fmtParts(v.Parts)
		}
		if len(ds) > 0 {
			got = ds[0].Message
			if i := strings.Index(got, "position "); i >= 0 {
				got = got[i:]
			}
		}
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.src, got, tt.want)
		}
	}
}
