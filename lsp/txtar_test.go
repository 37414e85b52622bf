package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// parseTxtar splits a txtar archive into its comment and named files.
func parseTxtar(data string) map[string]string {
	files := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			files[name] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		b.WriteString(line)
	}
	flush()
	return files
}

// pos parses "line:col" (1-based, UTF-16 columns) into an LSP position.
func pos(t *testing.T, s string) protocol.Position {
	t.Helper()
	l, c, ok := strings.Cut(s, ":")
	li, err1 := strconv.Atoi(l)
	ci, err2 := strconv.Atoi(c)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", s)
	}
	return protocol.Position{Line: uint32(li - 1), Character: uint32(ci - 1)}
}

func slashRegexp(t *testing.T, s string) *regexp.Regexp {
	t.Helper()
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '/' || s[len(s)-1] != '/' {
		t.Fatalf("want /regexp/, got %q", s)
	}
	return regexp.MustCompile(s[1 : len(s)-1])
}

// TestTxtar runs the scenarios in testdata/lsp/*.txtar: each holds a
// main.weft and an "expect" list of checks against a live server.
func TestTxtar(t *testing.T) {
	archives, _ := filepath.Glob(filepath.Join("..", "testdata", "lsp", "*.txtar"))
	if len(archives) == 0 {
		t.Fatal("no testdata/lsp/*.txtar")
	}
	for _, path := range archives {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files := parseTxtar(string(data))
			dir := t.TempDir()
			file := filepath.Join(dir, "main.weft")
			if err := os.WriteFile(file, []byte(files["main.weft"]), 0o644); err != nil {
				t.Fatal(err)
			}
			uri := "file://" + file
			c := newTestClient(t)
			c.initialize()
			c.open(uri, files["main.weft"])
			var published protocol.PublishDiagnosticsParams
			_ = json.Unmarshal(c.waitNotif("textDocument/publishDiagnostics", diagsFor(1)), &published)
			for _, line := range strings.Split(files["expect"], "\n") {
				fields := strings.Fields(line)
				if len(fields) == 0 {
					continue
				}
				runCheck(t, c, uri, published, line, fields)
			}
		})
	}
}

func runCheck(t *testing.T, c *testClient, uri string, published protocol.PublishDiagnosticsParams, line string, f []string) {
	t.Helper()
	doc := map[string]any{"uri": uri}
	rest := func(n int) string { return strings.TrimSpace(strings.SplitN(line, " ", n+1)[n]) }
	switch f[0] {
	case "hover":
		var h protocol.Hover
		if err := c.call("textDocument/hover", map[string]any{"textDocument": doc, "position": pos(t, f[1])}, &h); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if re := slashRegexp(t, rest(2)); !re.MatchString(h.Contents.Value) {
			t.Errorf("%s: hover is %q", line, h.Contents.Value)
		}
	case "diag":
		if f[1] == "none" {
			if len(published.Diagnostics) != 0 {
				t.Errorf("%s: got %+v", line, published.Diagnostics)
			}
			return
		}
		want := pos(t, f[1])
		re := slashRegexp(t, rest(2))
		for _, d := range published.Diagnostics {
			if d.Range.Start == want && re.MatchString(fmt.Sprint(d.Code)+" "+d.Message) {
				return
			}
		}
		t.Errorf("%s: diagnostics were %+v", line, published.Diagnostics)
	case "def":
		var locs []protocol.Location
		if err := c.call("textDocument/definition", map[string]any{"textDocument": doc, "position": pos(t, f[1])}, &locs); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if want := pos(t, f[3]); len(locs) == 0 || locs[0].Range.Start != want {
			t.Errorf("%s: got %+v", line, locs)
		}
	case "symbols", "symbol-children":
		var syms []protocol.DocumentSymbol
		if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": doc}, &syms); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		want := f[1:]
		if f[0] == "symbol-children" {
			want = f[2:]
			for _, s := range syms {
				if s.Name == f[1] {
					syms = s.Children
				}
			}
		}
		var got []string
		for _, s := range syms {
			got = append(got, s.Name)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: got %v", line, got)
		}
	case "complete", "complete-after":
		var list protocol.CompletionList
		if err := c.call("textDocument/completion", map[string]any{"textDocument": doc, "position": pos(t, f[1])}, &list); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		have := map[string]bool{}
		for _, it := range list.Items {
			have[it.Label] = true
		}
		for _, w := range f[2:] {
			if !have[w] {
				t.Errorf("%s: %q missing from %d items", line, w, len(list.Items))
			}
		}
	case "signature":
		var sh protocol.SignatureHelp
		if err := c.call("textDocument/signatureHelp", map[string]any{"textDocument": doc, "position": pos(t, f[1])}, &sh); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		active, _ := strconv.Atoi(f[len(f)-1])
		label := strings.Join(f[2:len(f)-1], " ")
		if len(sh.Signatures) == 0 || sh.Signatures[0].Label != label || int(sh.ActiveParameter) != active {
			t.Errorf("%s: got %+v", line, sh)
		}
	case "lens":
		var lenses []protocol.CodeLens
		if err := c.call("textDocument/codeLens", map[string]any{"textDocument": doc}, &lenses); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		ln, _ := strconv.Atoi(f[1])
		re := slashRegexp(t, rest(2))
		for _, l := range lenses {
			if int(l.Range.Start.Line) == ln-1 && l.Command != nil && re.MatchString(l.Command.Title) {
				return
			}
		}
		t.Errorf("%s: lenses were %+v", line, lenses)
	case "eval":
		from, to, _ := strings.Cut(f[1], "-")
		var res EvalResult
		rng := protocol.Range{Start: pos(t, from), End: pos(t, to)}
		if err := c.call("workspace/executeCommand", map[string]any{"command": EvaluateCommand,
			"arguments": []any{map[string]any{"uri": uri, "range": rng}}}, &res); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		for _, kv := range f[2:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "value":
				if res.Value == nil || *res.Value != v {
					t.Errorf("%s: value %v (error %+v)", line, res.Value, res.Error)
				}
			case "error":
				typ, msg, _ := strings.Cut(strings.ReplaceAll(rest(2)[len("error="):], " frame="+afterFrame(line), ""), ":")
				if res.Error == nil || res.Error.Type != typ || res.Error.Message != msg {
					t.Errorf("%s: error %+v", line, res.Error)
				}
			case "frame":
				ln, _ := strconv.Atoi(v)
				if res.Error == nil || len(res.Error.Traceback) == 0 ||
					int(res.Error.Traceback[len(res.Error.Traceback)-1].Range.Start.Line) != ln-1 {
					t.Errorf("%s: traceback %+v", line, res.Error)
				}
			}
		}
	default:
		t.Fatalf("unknown check %q", line)
	}
}

func afterFrame(line string) string {
	_, v, _ := strings.Cut(line, " frame=")
	return v
}
