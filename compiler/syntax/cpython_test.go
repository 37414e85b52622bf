package syntax

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// TestAgainstCPython compares the trees of every clean test program with
// CPython 3.11's ast module: for each node, its kind, span (line and byte
// column) and context or literal value. Skipped without python3 or with
// -short. The nodes compared are the ones CPython gives positions to;
// f-string internals are compared for the embedded expressions only,
// because CPython 3.11 gives the literal parts the whole string's span.
func TestAgainstCPython(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if out, err := exec.Command(py, "-c", "import sys; print(sys.version_info[:2] >= (3, 11))").Output(); err != nil || strings.TrimSpace(string(out)) != "True" {
		t.Skip("python3 is not 3.11 or later")
	}
	var files []string
	for _, pattern := range []string{"syntax/ok_*.weft", "conformance/*.weft"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "testdata", filepath.FromSlash(pattern)))
		files = append(files, m...)
	}
	script := filepath.Join(t.TempDir(), "dump.py")
	if err := os.WriteFile(script, []byte(pyDump), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{script}, files...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	want := make(map[string][]string)
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "=== "); ok {
			cur = name
			want[cur] = []string{}
			continue
		}
		want[cur] = append(want[cur], line)
	}
	compared := 0
	defer func() { t.Logf("compared %d of %d files with CPython", compared, len(files)) }()
	for _, path := range files {
		w, ok := want[path]
		if !ok {
			continue // CPython rejected it (or had an error); other tests cover it
		}
		compared++
		f, m, ds := parseFile(t, path)
		if len(ds) > 0 {
			t.Errorf("%s: %v", path, ds[0])
			continue
		}
		got := goDump(f, m)
		if strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s: tree differs from CPython's:\n%s", path, lineDiff(got, w))
		}
	}
}

func lineDiff(got, want []string) string {
	g := make(map[string]int)
	for _, s := range got {
		g[s]++
	}
	for _, s := range want {
		g[s]--
	}
	var b strings.Builder
	n := 0
	for _, s := range append(append([]string(nil), got...), want...) {
		if c := g[s]; c != 0 && n < 20 {
			sign := "+ weft   "
			if c < 0 {
				sign = "- cpython"
			}
			fmt.Fprintf(&b, "%s %s\n", sign, s)
			g[s] = 0
			n++
		}
	}
	return b.String()
}

// goDump renders the tree the way pyDump renders CPython's.
func goDump(f *source.File, m *Module) []string {
	var out []string
	add := func(name string, sp source.Span, extra string) {
		a, b := f.Position(sp.Start), f.Position(sp.End)
		out = append(out, fmt.Sprintf("%s %d:%d-%d:%d %s", name, a.Line, a.Column-1, b.Line, b.Column-1, extra))
	}
	ctx := func(c ExprContext) string { return fmt.Sprint(int(c)) }
	inF := 0
	var visit func(n Node) bool
	visit = func(n Node) bool {
		name := nodeTypeName(n)
		extra := ""
		switch x := n.(type) {
		case *Module, *Ident, *Arguments, *Comprehension, *WithItem:
			return true
		case *JoinedStr:
			if inF == 0 {
				add("JoinedStr", x.Sp, "")
			}
			for _, part := range x.Parts {
				if fv, ok := part.(*FormattedValue); ok {
					inF++
					Inspect(fv.Value, visit)
					if fv.Spec != nil {
						Inspect(fv.Spec, visit)
					}
					inF--
				}
			}
			return false
		case *Name:
			extra = ctx(x.Ctx)
		case *Attribute:
			extra = ctx(x.Ctx)
		case *Subscript:
			extra = ctx(x.Ctx)
		case *Starred:
			extra = ctx(x.Ctx)
		case *Tuple:
			extra = ctx(x.Ctx)
		case *List:
			extra = ctx(x.Ctx)
		case *Int:
			extra = fmt.Sprint(x.Small)
			if x.IsBig {
				extra = x.Big.String()
			}
		case *Float:
			extra = fmt.Sprint(math.Float64bits(x.Value))
		case *Str:
			extra = fmt.Sprintf("%x", x.Value)
		}
		add(name, n.Span(), extra)
		return true
	}
	Inspect(m, visit)
	sort.Strings(out)
	return out
}

const pyDump = `
import ast, struct, sys
ctxn = {ast.Load: '0', ast.Store: '1', ast.Del: '2'}
def dump(tree):
    out = []
    inside = [0]
    def go(n):
        if isinstance(n, ast.JoinedStr):
            if not inside[0]:
                out.append(f"JoinedStr {n.lineno}:{n.col_offset}-{n.end_lineno}:{n.end_col_offset} ")
            for v in n.values:
                if isinstance(v, ast.FormattedValue):
                    inside[0] += 1
                    go(v.value)
                    if v.format_spec:
                        go(v.format_spec)
                    inside[0] -= 1
            return
        if hasattr(n, 'lineno'):
            name = type(n).__name__
            extra = ''
            if isinstance(n, ast.Constant):
                v = n.value
                if v is None or isinstance(v, bool) or v is Ellipsis:
                    name = 'Constant'
                elif isinstance(v, int):
                    name, extra = 'Int', str(v)
                elif isinstance(v, float):
                    name, extra = 'Float', str(struct.unpack('<Q', struct.pack('<d', v))[0])
                elif isinstance(v, str):
                    name, extra = 'Str', v.encode('utf-8', 'surrogatepass').hex()
            name = {'Expr': 'ExprStmt', 'arg': 'Arg', 'keyword': 'Keyword', 'alias': 'Alias'}.get(name, name)
            if hasattr(n, 'ctx'):
                extra = ctxn[type(n.ctx)]
            out.append(f"{name} {n.lineno}:{n.col_offset}-{n.end_lineno}:{n.end_col_offset} {extra}")
        for c in ast.iter_child_nodes(n):
            go(c)
    go(tree)
    return sorted(out)
for path in sys.argv[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read())
    except Exception:
        continue
    print('=== ' + path)
    for line in dump(tree):
        print(line)
`
