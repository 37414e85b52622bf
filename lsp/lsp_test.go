package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// testClient drives a server over net.Pipe like an editor would.
type testClient struct {
	t      *testing.T
	server *Server
	conn   *jsonrpc2.Conn
	raw    net.Conn
	mu     sync.Mutex
	notifs []*jsonrpc2.Request
	signal chan struct{}
	done   chan int
}

func (c *testClient) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if !req.Notif {
		// workspace/inlayHint/refresh and friends: answer null.
		_ = conn.Reply(ctx, req.ID, nil)
		return
	}
	c.mu.Lock()
	c.notifs = append(c.notifs, req)
	c.mu.Unlock()
	select {
	case c.signal <- struct{}{}:
	default:
	}
}

func newTestClient(t *testing.T) *testClient {
	t.Helper()
	a, b := net.Pipe()
	srv := NewServer(Options{Debounce: 5 * time.Millisecond, Version: "test"})
	c := &testClient{t: t, server: srv, raw: a, signal: make(chan struct{}, 1), done: make(chan int, 1)}
	go func() { c.done <- srv.Serve(context.Background(), b) }()
	c.conn = jsonrpc2.NewConn(context.Background(), newFrameStream(a), c)
	t.Cleanup(func() { c.conn.Close() })
	return c
}

func (c *testClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *testClient) notify(method string, params any) {
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) initialize() {
	c.t.Helper()
	var res map[string]any
	if err := c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res); err != nil {
		c.t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
}

// waitNotif waits for a notification satisfying pred.
func (c *testClient) waitNotif(method string, pred func(json.RawMessage) bool) json.RawMessage {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		for i, n := range c.notifs {
			if n.Method == method && n.Params != nil && pred(*n.Params) {
				c.notifs = append(c.notifs[:i], c.notifs[i+1:]...)
				c.mu.Unlock()
				return *n.Params
			}
		}
		c.mu.Unlock()
		select {
		case <-c.signal:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("no %s notification", method)
		}
	}
}

func (c *testClient) open(uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "weft", "version": 1, "text": text}})
}

func diagsFor(version int) func(json.RawMessage) bool {
	return func(raw json.RawMessage) bool {
		var p protocol.PublishDiagnosticsParams
		_ = json.Unmarshal(raw, &p)
		return int(p.Version) == version
	}
}

const sample = `def add(a, b):
    """Add two numbers."""
    return a + b

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

x = add(1, 2)
x * 10
`

func TestRequestBeforeInitialize(t *testing.T) {
	c := newTestClient(t)
	var out any
	err := c.call("textDocument/hover", map[string]any{}, &out)
	if e, ok := err.(*jsonrpc2.Error); !ok || e.Code != codeServerNotInitialized {
		t.Fatalf("want ServerNotInitialized, got %v", err)
	}
}

func TestDiagnosticsHoverEvaluate(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	uri := "file:///tmp/sample.weft"
	c.open(uri, sample)
	raw := c.waitNotif("textDocument/publishDiagnostics", diagsFor(1))
	var pd protocol.PublishDiagnosticsParams
	_ = json.Unmarshal(raw, &pd)
	for _, d := range pd.Diagnostics {
		if d.Severity != protocol.DiagnosticSeverityInformation {
			t.Errorf("clean file got diagnostic: %+v", d)
		}
	}
	// Hover on the call site of add: signature, docstring and stack size.
	var hover protocol.Hover
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 7, "character": 5}}, &hover); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"def add(a, b)", "Add two numbers.", "max stack 2 slots", "locals 2"} {
		if !strings.Contains(hover.Contents.Value, want) {
			t.Errorf("hover %q lacks %q", hover.Contents.Value, want)
		}
	}
	// Evaluate the whole file.
	var res EvalResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": EvaluateCommand,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Value == nil || *res.Value != "30" || res.Error != nil {
		t.Errorf("evaluate: value %v error %+v", res.Value, res.Error)
	}
	// A change introduces a syntax error on line 2 (0-based 1).
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 7, "character": 0}, "end": map[string]any{"line": 7, "character": 0}}, "text": "y = (\n"}},
	})
	raw = c.waitNotif("textDocument/publishDiagnostics", diagsFor(2))
	_ = json.Unmarshal(raw, &pd)
	if len(pd.Diagnostics) == 0 {
		t.Fatalf("no diagnostics after introducing an error")
	}
}

func TestEvaluateBudgetsKeepServerResponsive(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	uri := "file:///tmp/loop.weft"
	c.open(uri, "def spin():\n    while True:\n        pass\n\nspin()\n")
	c.waitNotif("textDocument/publishDiagnostics", diagsFor(1))
	done := make(chan EvalResult, 1)
	go func() {
		var res EvalResult
		_ = c.call("workspace/executeCommand", map[string]any{"command": EvaluateCommand,
			"arguments": []any{map[string]any{"uri": uri}}}, &res)
		done <- res
	}()
	// Hovers keep being answered while the loop runs.
	var hover protocol.Hover
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 0, "character": 5}}, &hover); err != nil {
		t.Fatal(err)
	}
	select {
	case res := <-done:
		if res.Error == nil || res.Error.Type != "BudgetExceeded" {
			t.Errorf("want a budget error, got %+v", res.Error)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("evaluation did not stop within its budget")
	}
}

func TestMalformedJSONAndUnknownMethod(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	// A frame with broken JSON gets a parse error; the session continues.
	if _, err := c.raw.Write([]byte("Content-Length: 9\r\n\r\n{not json")); err != nil {
		t.Fatal(err)
	}
	var out any
	err := c.call("weft/noSuchMethod", map[string]any{}, &out)
	if e, ok := err.(*jsonrpc2.Error); !ok || e.Code != jsonrpc2.CodeMethodNotFound {
		t.Fatalf("want MethodNotFound, got %v", err)
	}
	// Position past the end of a document: an answer, not a crash.
	uri := "file:///tmp/x.weft"
	c.open(uri, "x = 1\n")
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 99, "character": 99}}, &out); err != nil {
		t.Fatal(err)
	}
}

func TestShutdownExit(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	var out any
	if err := c.call("shutdown", nil, &out); err != nil {
		t.Fatal(err)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.done:
		if code != 0 {
			t.Errorf("exit code %d after shutdown, want 0", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not exit")
	}
}

// TestUntitledDocument: a buffer with a URI that is not file: (an
// editor's unsaved buffer) is served like a file, and workspace folders
// with such URIs are accepted (uri.Filename used to panic on them).
func TestUntitledDocument(t *testing.T) {
	c := newTestClient(t)
	var res map[string]any
	if err := c.call("initialize", map[string]any{"processId": nil, "rootUri": "untitled:root", "capabilities": map[string]any{},
		"workspaceFolders": []any{map[string]any{"uri": "https://example.com/ws", "name": "ws"}}}, &res); err != nil {
		t.Fatal(err)
	}
	uri := "untitled:Untitled-1"
	c.open(uri, sample)
	var hover protocol.Hover
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 7, "character": 5}}, &hover); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hover.Contents.Value, "def add(a, b)") {
		t.Errorf("hover %q", hover.Contents.Value)
	}
}

// rwc is a connection made of a reader and a writer.
type rwc struct {
	io.Reader
	io.Writer
}

func (rwc) Close() error { return nil }

// TestFrameReaderResyncs: frames sent back to back after stray bytes
// without a newline are read; a JSON body that is not a JSON-RPC message
// is answered with an invalid request, one that is not JSON with a parse
// error.
func TestFrameReaderResyncs(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	req := `{"jsonrpc":"2.0","id":1,"method":"x"}`
	in := "stray" + frame(req) + frame(`{"id":1}`) + frame("{not json") + frame(req)
	var out bytes.Buffer
	s := newFrameStream(rwc{strings.NewReader(in), &out})
	var got []string
	for {
		var r jsonrpc2.Request
		if err := s.ReadObject(&r); err != nil {
			break
		}
		got = append(got, r.Method)
	}
	if len(got) != 2 {
		t.Errorf("read requests %q, want both", got)
	}
	var codes []int64
	back := newFrameStream(rwc{&out, io.Discard})
	for {
		var m struct{ Error jsonrpc2.Error }
		if err := back.ReadObject(&m); err != nil {
			break
		}
		codes = append(codes, m.Error.Code)
	}
	if want := []int64{jsonrpc2.CodeInvalidRequest, jsonrpc2.CodeParseError}; !slices.Equal(codes, want) {
		t.Errorf("replies %v, want %v", codes, want)
	}
}

// TestEvaluateReversedRange: a selection given end first evaluates the
// same text (it used to slice text[start:end] with start > end and panic).
func TestEvaluateReversedRange(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	uri := "file:///tmp/sample.weft"
	c.open(uri, sample)
	for _, r := range [][2]int{{4, 13}, {13, 4}, {12, 4}} {
		var res EvalResult
		rng := map[string]any{"start": map[string]any{"line": 7, "character": r[0]}, "end": map[string]any{"line": 7, "character": r[1]}}
		if err := c.call("workspace/executeCommand", map[string]any{"command": EvaluateCommand,
			"arguments": []any{map[string]any{"uri": uri, "range": rng}}}, &res); err != nil {
			t.Fatalf("range %v: %v", r, err)
		}
		if r[0] == 12 {
			continue // "add(1, 2" does not parse; an answer is enough
		}
		if res.Value == nil || *res.Value != "3" {
			t.Errorf("range %v: value %v error %+v, want 3", r, res.Value, res.Error)
		}
	}
}

// TestExitTwice: the reader can hand over a second exit before Serve has
// closed the connection; it used to panic closing done again.
func TestExitTwice(t *testing.T) {
	s := NewServer(Options{})
	for range 2 {
		if err := notificationHandlers["exit"](s, context.Background(), &jsonrpc2.Request{Method: "exit", Notif: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEvaluateHeapBudget: an evaluation that holds ever more memory is
// stopped with MemoryError at weft.evaluate.maxHeapMB instead of growing
// the server without bound, and the server keeps answering.
func TestEvaluateHeapBudget(t *testing.T) {
	c := newTestClient(t)
	c.initialize()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"weft": map[string]any{"evaluate": map[string]any{"maxHeapMB": 64, "timeoutMs": 20000}}}})
	uri := "file:///tmp/hog.weft"
	c.open(uri, "l = []\nwhile True:\n    l.append([0] * 100000)\n")
	var res EvalResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": EvaluateCommand,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatal(err)
	}
	if res.Error == nil || res.Error.Type != "MemoryError" {
		t.Fatalf("want MemoryError, got %+v", res.Error)
	}
	var hover protocol.Hover
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 0, "character": 0}}, &hover); err != nil {
		t.Fatal(err)
	}
}
