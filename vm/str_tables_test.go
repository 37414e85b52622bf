package vm

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"unicode"
)

var (
	updateUnicode = flag.Bool("update-unicode", false, "regenerate str_tables.go from python3")
	checkUnicode  = flag.Bool("unicode", false, "check every code point against python3 (slow)")
)

// unicodeDumpScript prints, for every code point, CPython's answers for the
// character properties and case mappings str needs.
const unicodeDumpScript = `
import sys, json, unicodedata
props = {k: [] for k in ["printable","space","alpha","decimal","digit","numeric","upper","lower","title","cased","idstart","idcont","ignorable"]}
maps = {"upper": {}, "lower": {}, "title": {}, "casefold": {}}
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF: continue
    c = chr(cp)
    if c.isprintable(): props["printable"].append(cp)
    if c.isspace(): props["space"].append(cp)
    if c.isalpha(): props["alpha"].append(cp)
    if c.isdecimal(): props["decimal"].append(cp)
    if c.isdigit(): props["digit"].append(cp)
    if c.isnumeric(): props["numeric"].append(cp)
    if c.isupper(): props["upper"].append(cp)
    if c.islower(): props["lower"].append(cp)
    if c.istitle() and not c.isupper(): props["title"].append(cp)
    if c.isidentifier(): props["idstart"].append(cp)
    if ('a'+c).isidentifier(): props["idcont"].append(cp)
    cased = c.islower() or c.isupper() or unicodedata.category(c) == 'Lt'
    if cased: props["cased"].append(cp)
    elif ('A'+c+'\u03a3').lower()[-1] == '\u03c2': props["ignorable"].append(cp)
    for k in maps:
        r = getattr(c, k)()
        if r != c: maps[k][str(cp)] = r
json.dump({"version": unicodedata.unidata_version, "props": props, "maps": maps}, sys.stdout)
`

type unicodeDump struct {
	Version string
	Props   map[string][]int
	Maps    map[string]map[string]string
}

type unicodeProp struct {
	name  string
	ident string
	base  func(rune) bool
	full  func(rune) bool
}

var unicodeProps = []unicodeProp{
	{"printable", "Printable", strBasePrintable, strIsPrintable},
	{"space", "Space", strBaseSpace, strIsSpace},
	{"alpha", "Alpha", strBaseAlpha, strIsAlpha},
	{"decimal", "Decimal", strBaseDecimal, strIsDecimal},
	{"digit", "Digit", strBaseDecimal, strIsDigit},
	{"numeric", "Numeric", strBaseNumeric, strIsNumeric},
	{"upper", "Upper", strBaseUpper, strIsUpper},
	{"lower", "Lower", strBaseLower, strIsLower},
	{"title", "Title", strBaseTitle, strIsTitle},
	{"cased", "Cased", strBaseCased, strIsCased},
	{"idstart", "IDStart", strBaseIDStart, strIsIDStart},
	{"idcont", "IDContinue", strBaseIDContinue, strIsIDContinue},
	{"ignorable", "Ignorable", strBaseIgnorable, strIsCaseIgnorable},
}

func loadUnicodeDump(t *testing.T) *unicodeDump {
	path, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	out, err := exec.Command(path, "-c", unicodeDumpScript).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var d unicodeDump
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func mapRune(name string, r rune) string {
	var b strings.Builder
	switch name {
	case "upper":
		strUpperRune(&b, r)
	case "lower":
		strLowerRune(&b, r)
	case "title":
		strTitleRune(&b, r)
	case "casefold":
		strFoldRune(&b, r)
	}
	return b.String()
}

// TestUnicodeTables checks every code point's properties and case
// mappings against python3 (slow, so only with -unicode); with
// -update-unicode it rewrites str_tables.go instead.
func TestUnicodeTables(t *testing.T) {
	if !*checkUnicode && !*updateUnicode {
		t.Skip("slow: run with -unicode")
	}
	d := loadUnicodeDump(t)
	if *updateUnicode {
		src, err := format.Source([]byte(generateUnicodeTables(d)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("str_tables.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("str_tables.go rewritten; rerun the tests to check it")
		return
	}
	cased := map[rune]bool{}
	for _, cp := range d.Props["cased"] {
		cased[rune(cp)] = true
	}
	for _, p := range unicodeProps {
		set := map[rune]bool{}
		for _, cp := range d.Props[p.name] {
			set[rune(cp)] = true
		}
		bad := 0
		for r := rune(0); r < 0x110000; r++ {
			if r >= 0xD800 && r <= 0xDFFF || p.name == "ignorable" && cased[r] {
				continue
			}
			if p.full(r) != set[r] {
				if bad++; bad < 5 {
					t.Errorf("%s(%U) = %v, python3 says %v", p.name, r, p.full(r), set[r])
				}
			}
		}
	}
	for name, m := range d.Maps {
		bad := 0
		for r := rune(0); r < 0x110000; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			want, ok := m[fmt.Sprint(r)]
			if !ok {
				want = string(r)
			}
			if got := mapRune(name, r); got != want {
				if bad++; bad < 5 {
					t.Errorf("%s(%U) = %q, python3 says %q", name, r, got, want)
				}
			}
		}
	}
}

// generateUnicodeTables writes the corrections to the base predicates and
// mappings as Go source.
func generateUnicodeTables(d *unicodeDump) string {
	var out strings.Builder
	fmt.Fprintf(&out, "// Code generated from CPython 3.11 (Unicode %s) by TestUnicodeTables\n// (go test -run TestUnicodeTables -update-unicode); DO NOT EDIT.\n\npackage vm\n\n", d.Version)
	cased := map[rune]bool{}
	for _, cp := range d.Props["cased"] {
		cased[rune(cp)] = true
	}
	for _, p := range unicodeProps {
		set := map[rune]bool{}
		for _, cp := range d.Props[p.name] {
			set[rune(cp)] = true
		}
		var ranges [][2]rune
		for r := rune(0); r < 0x110000; r++ {
			if r >= 0xD800 && r <= 0xDFFF || p.name == "ignorable" && cased[r] {
				continue
			}
			if p.base(r) == set[r] {
				continue
			}
			if n := len(ranges); n > 0 && ranges[n-1][1] == r-1 {
				ranges[n-1][1] = r
			} else {
				ranges = append(ranges, [2]rune{r, r})
			}
		}
		fmt.Fprintf(&out, "// strFlip%s lists where Python's %s differs from the Go base predicate.\nvar strFlip%s = strRanges{", p.ident, p.name, p.ident)
		for i, rg := range ranges {
			if i%6 == 0 {
				out.WriteString("\n\t")
			} else {
				out.WriteString(" ")
			}
			fmt.Fprintf(&out, "0x%04X, 0x%04X,", rg[0], rg[1])
		}
		out.WriteString("\n}\n\n")
	}
	lowerFull := func(r rune) string {
		if s, ok := d.Maps["lower"][fmt.Sprint(r)]; ok {
			return s
		}
		return string(r)
	}
	for _, name := range []string{"upper", "lower", "title", "casefold"} {
		ident := strings.ToUpper(name[:1]) + name[1:]
		type ent struct {
			r rune
			s string
		}
		var ents []ent
		for r := rune(0); r < 0x110000; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			py, ok := d.Maps[name][fmt.Sprint(r)]
			if !ok {
				py = string(r)
			}
			var base string
			switch name {
			case "upper":
				base = string(unicode.ToUpper(r))
			case "lower":
				base = string(unicode.ToLower(r))
			case "title":
				base = string(unicode.ToTitle(r))
			case "casefold":
				base = lowerFull(r)
			}
			if base != py {
				ents = append(ents, ent{r, py})
			}
		}
		sort.Slice(ents, func(i, j int) bool { return ents[i].r < ents[j].r })
		fmt.Fprintf(&out, "// strMap%s holds Python's %s() where it differs from the Go base mapping.\nvar strMap%s = []strCaseEntry{\n", ident, name, ident)
		for _, e := range ents {
			fmt.Fprintf(&out, "\t{0x%04X, %q},\n", e.r, e.s)
		}
		out.WriteString("}\n\n")
	}
	return strings.TrimRight(out.String(), "\n") + "\n"
}

// TestASCIICharsOutsideHeap checks the shared one-character strs: each is
// its character, hashed as any str of it is.
func TestASCIICharsOutsideHeap(t *testing.T) {
	if len(asciiText) != 128 {
		t.Fatalf("asciiText has %d bytes", len(asciiText))
	}
	for i := range 128 {
		s := strASCIIChar(byte(i))
		if s.S != string(rune(i)) || !s.IsASCII() || s.cachedHash() != NewStr(string(rune(i))).cachedHash() {
			t.Errorf("char %d: %q", i, s.S)
		}
	}
}
