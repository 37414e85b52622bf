package compiler

import (
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// dumpCode renders a code object tree with every field, for comparing
// compilations.
func dumpCode(b *strings.Builder, c *bytecode.Code) {
	fmt.Fprintf(b, "code %q %q %q first=%d doc=%q/%v args=%d/%d/%d flags=%d locals=%q cells=%q frees=%q cellparams=%v max=%d\n",
		c.Name, c.QualName, c.Filename, c.FirstLine, c.Doc, c.HasDoc, c.ArgCount, c.PosOnlyCount, c.KwOnlyCount, c.Flags,
		c.Locals, c.Cells, c.Frees, c.CellParams, c.MaxStack)
	fmt.Fprintf(b, "instrs=%v\ndepths=%v\nexcept=%v\npositions=%v\nlines=%v\nnames=%q\n", c.Instrs, c.Depths, c.ExceptTable, c.Positions, c.Lines, c.Names)
	for i, k := range c.Consts {
		fmt.Fprintf(b, "const %d: ", i)
		dumpConst(b, k)
		b.WriteByte('\n')
	}
	for _, ch := range c.Children {
		dumpCode(b, ch)
	}
}

func dumpConst(b *strings.Builder, k bytecode.Const) {
	switch k := k.(type) {
	case *bytecode.Code:
		fmt.Fprintf(b, "code %s@%d", k.QualName, k.FirstLine)
	case *big.Int:
		fmt.Fprintf(b, "big %s", k)
	case bytecode.Tuple:
		b.WriteString("(")
		for _, x := range k {
			dumpConst(b, x)
			b.WriteString(", ")
		}
		b.WriteString(")")
	default:
		fmt.Fprintf(b, "%T %#v", k, k)
	}
}

func codeDump(c *bytecode.Code) string {
	var b strings.Builder
	if c != nil {
		dumpCode(&b, c)
	}
	return b.String()
}

// compileRecording parses, resolves and compiles text, recording the
// top-level code objects; ok is false when there is any diagnostic.
func compileRecording(name string, text []byte, reuse func(syntax.Stmt) *bytecode.Code) (*source.File, *bytecode.Code, []TopLevelCode, bool) {
	f := source.NewFile(name, text)
	m, diags := syntax.Parse(f)
	if m == nil || diags.HasErrors() {
		return f, nil, nil, false
	}
	if rd := resolve.Resolve(m); len(rd) > 0 {
		return f, nil, nil, false
	}
	var tops []TopLevelCode
	code, cd := Compile(m, Options{Reuse: reuse, Record: func(s syntax.Stmt, c *bytecode.Code) {
		tops = append(tops, TopLevelCode{s, c})
	}})
	return f, code, tops, len(cd) == 0
}

// TestReuseMatchesCompile edits every test program in ways an editor does
// (lines inserted or removed before, between and inside top-level
// statements, statements changed, removed and added) and checks that
// compiling each new version with the code of the previous one reused
// gives exactly what compiling it from scratch gives.
func TestReuseMatchesCompile(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/*/*.weft", "../testdata/*/*/*.weft"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if testing.Short() && len(files) > 60 {
		files = files[:60]
	}
	rng := rand.New(rand.NewSource(1))
	reused, versions := 0, 0
	for _, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f0, _, tops0, ok := compileRecording(path, text, nil)
		if !ok {
			continue
		}
		for k := 0; k < 6; k++ {
			next := edit(rng, text, tops0, f0, k)
			if next == nil {
				continue
			}
			var hits int
			_, fresh, _, okFresh := compileRecording(path, next, nil)
			// Each compilation parses afresh: Reuser is given the file
			// of the tree it is asked about.
			f1 := source.NewFile(path, next)
			m1, d1 := syntax.Parse(f1)
			if m1 == nil || d1.HasErrors() || resolve.Resolve(m1).HasErrors() || !okFresh {
				continue
			}
			reuse := Reuser(f0, tops0, f1)
			got, cd := Compile(m1, Options{Reuse: func(s syntax.Stmt) *bytecode.Code {
				c := reuse(s)
				if c != nil {
					hits++
				}
				return c
			}})
			versions++
			reused += hits
			if len(cd) > 0 {
				t.Errorf("%s edit %d: diagnostics with reuse: %v", path, k, cd)
				continue
			}
			if a, b := codeDump(fresh), codeDump(got); a != b {
				t.Errorf("%s edit %d: reused code differs from a fresh compile\n--- edited text:\n%s\n--- diff at: %s", path, k, next, firstCodeDiff(a, b))
			}
			if err := Verify(got); err != nil {
				t.Errorf("%s edit %d: Verify: %v", path, k, err)
			}
		}
	}
	t.Logf("%d versions compiled with reuse, %d code objects reused", versions, reused)
	if reused == 0 {
		t.Fatal("nothing was reused")
	}
}

func firstCodeDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d\nfresh: %s\nreuse: %s", i, al[i], bl[i])
		}
	}
	return "lengths differ"
}

// edit makes the k-th kind of edit to text.
func edit(rng *rand.Rand, text []byte, tops []TopLevelCode, f *source.File, k int) []byte {
	insert := func(at source.Pos, s string) []byte {
		out := append([]byte(nil), text[:at]...)
		out = append(out, s...)
		return append(out, text[at:]...)
	}
	pick := func() (source.Span, bool) {
		if len(tops) == 0 {
			return source.Span{}, false
		}
		return stmtExtent(f, tops[rng.Intn(len(tops))].Stmt), true
	}
	switch k {
	case 0: // a line at the top
		return insert(0, "import math\n")
	case 1: // a comment line before a statement
		sp, ok := pick()
		if !ok {
			return nil
		}
		return insert(sp.Start, "# moved\n\n")
	case 2: // a statement changed: a blank line added inside its body
		sp, ok := pick()
		if !ok {
			return nil
		}
		nl := strings.IndexByte(string(text[sp.Start:sp.End]), '\n')
		if nl < 0 {
			return nil
		}
		return insert(sp.Start+source.Pos(nl)+1, "\n")
	case 3: // a statement removed
		sp, ok := pick()
		if !ok {
			return nil
		}
		return append(append([]byte(nil), text[:sp.Start]...), text[sp.End:]...)
	case 4: // a def added in the middle
		sp, ok := pick()
		if !ok {
			return nil
		}
		return insert(sp.Start, "def added_(a, b=1):\n    return [a + b for _ in range(3)]\n\n")
	case 5: // the first line shortened (positions shift left)
		nl := strings.IndexByte(string(text), '\n')
		if nl < 1 {
			return nil
		}
		return append(append([]byte(nil), text[:nl-1]...), text[nl:]...)
	}
	return nil
}
