package lsp

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
)

const incrementalSource = `import math

def area(r, scale=2):
    """Area of a circle."""
    return math.pi * r * r * scale

class Shape:
    sides = 3

    def __init__(self, w):
        self.w = w

    def grow(self, k):
        return [self.w * i for i in range(k)]

@staticmethod
def helper(x):
    return lambda y: x + y

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

total = area(2) + fact(5)
`

// TestIncrementalMatchesFresh edits a document through didChange (lines
// added above definitions, definitions changed, removed and added back,
// an error introduced and fixed) and checks after each version that the
// published diagnostics and the snapshot's code objects, which reuse the
// previous version's code for unchanged definitions, are exactly those of
// a fresh analysis of the same text.
func TestIncrementalMatchesFresh(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	uri := "file:///tmp/incremental.weft"
	text := incrementalSource
	c.open(uri, text)
	c.waitNotif("textDocument/publishDiagnostics", diagsFor(1))
	edits := []struct {
		line, col, endLine, endCol int
		text                       string
	}{
		{0, 0, 0, 0, "\n"},                               // everything moves down a line
		{3, 0, 3, 0, "# a comment\n"},                    // inside nothing: area moves
		{5, 11, 5, 11, "x = 1\n    "},                    // area's body changes
		{1, 0, 1, 0, "import os\n"},                      // a new global
		{9, 0, 9, 0, "\n\n"},                             // between definitions
		{0, 0, 2, 0, ""},                                 // two lines removed at the top
		{4, 4, 4, 10, "retur"},                           // a syntax error...
		{4, 4, 4, 9, "return"},                           // ...and its fix
		{20, 0, 20, 0, "def fact(n):\n    return n\n\n"}, // a redefinition
	}
	for i, e := range edits {
		version := i + 2
		c.notify("textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []any{map[string]any{"range": map[string]any{
				"start": map[string]any{"line": e.line, "character": e.col},
				"end":   map[string]any{"line": e.endLine, "character": e.endCol}}, "text": e.text}}})
		raw := c.waitNotif("textDocument/publishDiagnostics", diagsFor(version))
		f := source.NewFile("", []byte(text))
		start := offsetOf(f, protocol.Position{Line: uint32(e.line), Character: uint32(e.col)})
		end := offsetOf(f, protocol.Position{Line: uint32(e.endLine), Character: uint32(e.endCol)})
		text = text[:start] + e.text + text[end:]

		var got protocol.PublishDiagnosticsParams
		_ = json.Unmarshal(raw, &got)
		fresh := analysis.Analyze(source.NewFile("/tmp/incremental.weft", []byte(text)), nil, nil)
		if a, b := diagList(got.Diagnostics), freshDiagList(fresh); a != b {
			t.Errorf("version %d: diagnostics\n%s\nwant (fresh analysis)\n%s\ntext:\n%s", version, a, b, text)
		}
		if fresh.Code == nil {
			continue
		}
		// The snapshot's code, with reused parts, equals a fresh compile.
		_, want, _ := compiler.CompileFile(source.NewFile("/tmp/incremental.weft", []byte(text)), compiler.Options{})
		d, err := c.server.document(protocol.DocumentURI(uri))
		if err != nil {
			t.Fatal(err)
		}
		sn := d.snapshot()
		if string(sn.file.Text) != text {
			t.Fatalf("version %d: document text differs from the test's", version)
		}
		if !reflect.DeepEqual(sn.compiled(), want) {
			t.Errorf("version %d: snapshot code differs from a fresh compile", version)
		}
	}
}

func diagList(ds []protocol.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d %v %s\n", d.Range.Start.Line, d.Range.Start.Character, d.Code, d.Message)
	}
	return b.String()
}

func freshDiagList(r *analysis.Result) string {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		p := positionOf(r.File, d.Span.Start)
		fmt.Fprintf(&b, "%d:%d %v %s\n", p.Line, p.Character, d.Code, d.Message)
	}
	return b.String()
}

// TestEditsWhileHovering sends bursts of edits while hovers run on
// another goroutine: every hover is answered, and the diagnostics of the
// last version arrive (no stale ones after them).
func TestEditsWhileHovering(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	uri := "file:///tmp/busy.weft"
	src, line, col := benchSource(2000)
	c.open(uri, src)
	c.waitNotif("textDocument/publishDiagnostics", diagsFor(1))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			var h protocol.Hover
			if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
				"position": map[string]any{"line": line, "character": col}}, &h); err != nil {
				t.Error(err)
				return
			}
			if !strings.Contains(h.Contents.Value, "def work_0") {
				t.Errorf("hover %q", h.Contents.Value)
				return
			}
		}
	}()
	last := 1
	for v := 2; v <= 40; v++ {
		c.notify("textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"range": map[string]any{
				"start": map[string]any{"line": 1, "character": 4}, "end": map[string]any{"line": 1, "character": 4}}, "text": "t"}}})
		last = v
	}
	// Every publication is kept in arrival order: an intermediate
	// version's (published while it was current) comes before the last
	// version's, and none may follow it.
	versions := c.publishedVersions(last)
	close(stop)
	wg.Wait()
	if !slices.IsSorted(versions) || versions[len(versions)-1] != last {
		t.Errorf("diagnostics published for versions %v: an older version after a newer one", versions)
	}
}

// publishedVersions waits for the diagnostics of version last and returns
// the versions of all publications received, in arrival order.
func (c *testClient) publishedVersions(last int) []int {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		var versions []int
		c.mu.Lock()
		for _, n := range c.notifs {
			var p protocol.PublishDiagnosticsParams
			if n.Method == "textDocument/publishDiagnostics" && n.Params != nil && json.Unmarshal(*n.Params, &p) == nil {
				versions = append(versions, int(p.Version))
			}
		}
		c.mu.Unlock()
		if slices.Contains(versions, last) {
			return versions
		}
		select {
		case <-c.signal:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("no diagnostics for version %d (got %v)", last, versions)
		}
	}
}
