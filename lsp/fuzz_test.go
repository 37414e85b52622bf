package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// The fuzz targets hold the server to the project's standard: any
// protocol message gets a clear JSON-RPC error, and the process keeps
// working. A recovered panic counts as a failure (Server.onPanic), so
// fuzzing finds the bugs safeCall would otherwise hide.

const (
	fuzzURI  = "file:///fuzz/main.weft"
	checkURI = "file:///fuzz/check.weft"
	// fuzzWait bounds each reply: a hang is a failure, not a stuck fuzzer.
	// It is well under the 10s after which a fuzzing worker kills itself
	// on an input ("hung or terminated unexpectedly"), which says nothing
	// of what hung.
	fuzzWait = 3 * time.Second
)

// rawMsg is any JSON-RPC message as the fuzz client reads it; malformed
// records that the request it answers was not JSON at all.
type rawMsg struct {
	ID        json.RawMessage `json:"id"`
	Method    string          `json:"method"`
	Result    json.RawMessage `json:"result"`
	Error     *jsonrpc2.Error `json:"error"`
	malformed bool
}

// fuzzClient drives an in-process server with hand-made frames, so it can
// send what jsonrpc2.Conn refuses to (broken JSON) and see the replies to
// those (which carry a null id).
type fuzzClient struct {
	t       *testing.T
	fs      *frameStream
	resps   chan rawMsg
	stopped chan struct{} // closed when Serve returns
	id      int
	// shutdown: the fuzzed request shut the server down.
	shutdown bool
	mu       sync.Mutex
	panics   []string
	log      bytes.Buffer
}

func newFuzzClient(t *testing.T) *fuzzClient {
	a, b := net.Pipe()
	// Past this every read and write fails: nothing can block forever.
	_ = a.SetDeadline(time.Now().Add(3 * fuzzWait))
	c := &fuzzClient{t: t, fs: newFrameStream(a), resps: make(chan rawMsg, 64), stopped: make(chan struct{})}
	srv := NewServer(Options{Debounce: time.Millisecond, Logger: log.New(c, "", 0)})
	srv.onPanic = func(where string, p any) {
		c.mu.Lock()
		c.panics = append(c.panics, fmt.Sprintf("%s: %v", where, p))
		c.mu.Unlock()
	}
	go func() {
		srv.Serve(context.Background(), b)
		close(c.stopped)
	}()
	go c.read()
	t.Cleanup(func() { c.finish(a) })
	return c
}

// Write collects the server's log, shown when an input fails.
func (c *fuzzClient) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.Write(p)
}

// finish hangs up and checks that the server stops and never panicked.
func (c *fuzzClient) finish(a net.Conn) {
	a.Close()
	select {
	case <-c.stopped:
	case <-time.After(fuzzWait):
		c.t.Error("server still running after the client hung up")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.panics {
		c.t.Errorf("recovered panic in %s", p)
	}
	if c.t.Failed() {
		c.t.Logf("server log:\n%s", c.log.String())
	}
}

// read routes the server's responses to resps; it answers the server's
// own requests (inlay hint refresh) on another goroutine, since the
// server's reader may be blocked sending to us meanwhile.
func (c *fuzzClient) read() {
	for {
		var m rawMsg
		if err := c.fs.ReadObject(&m); err != nil {
			close(c.resps)
			return
		}
		switch {
		case m.Method == "":
			c.resps <- m
		case len(m.ID) > 0:
			go c.fs.WriteObject(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
		}
	}
}

// write sends raw bytes, whole, between the frames of other writers.
func (c *fuzzClient) write(data []byte) error {
	c.fs.wmu.Lock()
	defer c.fs.wmu.Unlock()
	_, err := c.fs.w.Write(data)
	return err
}

// frame sends one Content-Length frame holding body.
func (c *fuzzClient) frame(body []byte) {
	c.t.Helper()
	if err := c.write(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(body), body)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// message is a request (id > 0) or notification body. The params are
// spliced in as they are, so they may make it invalid JSON; empty params
// leave the field out.
func message(id int, method string, params []byte) []byte {
	m, _ := json.Marshal(method)
	b := []byte(`{"jsonrpc":"2.0",`)
	if id > 0 {
		b = fmt.Appendf(b, `"id":%d,`, id)
	}
	b = append(append(b, `"method":`...), m...)
	if len(params) > 0 {
		b = append(append(b, `,"params":`...), params...)
	}
	return append(b, '}')
}

// call sends a request and returns its reply: the response with its id,
// or, when the frame is not JSON, the parse error (with a null id: the
// server cannot know the id).
func (c *fuzzClient) call(method string, params []byte) rawMsg {
	c.t.Helper()
	c.id++
	body := message(c.id, method, params)
	c.frame(body)
	if !json.Valid(body) {
		r := c.await("null", method)
		r.malformed = true
		return r
	}
	return c.await(strconv.Itoa(c.id), method)
}

// notify sends a notification; one that is not JSON gets a parse error.
func (c *fuzzClient) notify(method string, params []byte) {
	c.t.Helper()
	body := message(0, method, params)
	c.frame(body)
	if !json.Valid(body) {
		r := c.await("null", method+" notification")
		if r.Error == nil || r.Error.Code != jsonrpc2.CodeParseError {
			c.t.Fatalf("%q notification that is not JSON: reply %+v", method, r.Error)
		}
	}
}

// await returns the next response with the given id (raw JSON), dropping
// others (late parse errors).
func (c *fuzzClient) await(id, what string) rawMsg {
	c.t.Helper()
	timeout := time.After(fuzzWait)
	for {
		select {
		case m, ok := <-c.resps:
			if !ok {
				c.t.Fatalf("%q: connection closed before the reply", what)
			}
			if string(m.ID) == id {
				return m
			}
		case <-timeout:
			c.t.Fatalf("%q: no reply within %s", what, fuzzWait)
		}
	}
}

// served reports whether the server answers method with a result.
func served(method string) bool {
	_, ok := requestHandlers[method]
	return ok || method == "initialize"
}

// errorCodes are the errors a served method may answer with besides
// InvalidParams: initialize sent twice is an InvalidRequest, an evaluation
// of a version that is not the document's is ContentModified.
var errorCodes = map[string][]int64{
	"initialize":               {jsonrpc2.CodeInvalidRequest},
	"workspace/executeCommand": {codeContentModified},
}

// checkReply fails on a reply the server should not give to method once
// initialized: an internal error (a recovered panic or a Go error that
// was not meant for the client), a result for a method it does not serve,
// or an error code that does not say what was wrong.
func checkReply(t *testing.T, method string, r rawMsg) {
	t.Helper()
	e := r.Error
	switch {
	case r.malformed:
		if e == nil || e.Code != jsonrpc2.CodeParseError {
			t.Fatalf("%q: request that is not JSON: want a parse error, got %+v", method, e)
		}
	case e == nil && len(r.Result) == 0:
		t.Fatalf("%q: response with neither result nor error", method)
	case e == nil:
		if !served(method) {
			t.Fatalf("%q: result %s for a method the server does not serve", method, r.Result)
		}
	case e.Code == jsonrpc2.CodeInternalError:
		t.Fatalf("%q: internal error: %s", method, e.Message)
	case !served(method):
		if e.Code != jsonrpc2.CodeMethodNotFound {
			t.Fatalf("%q: want MethodNotFound, got %d %s", method, e.Code, e.Message)
		}
	case e.Code != jsonrpc2.CodeInvalidParams && !slices.Contains(errorCodes[method], e.Code):
		t.Fatalf("%q: unexpected error %d %s", method, e.Code, e.Message)
	}
}

// injects reports params that are not JSON themselves but make a message
// that is (`1,"id":2`): they rewrite the envelope rather than the params,
// and are left to FuzzFraming.
func injects(method string, params []byte) bool {
	return len(params) > 0 && !json.Valid(params) &&
		(json.Valid(message(1, method, params)) || json.Valid(message(0, method, params)))
}

const initParams = `{"processId":null,"rootUri":null,"capabilities":{}}`

// start checks that the fuzzed request is refused before initialize (or,
// when it is initialize, uses it to start the session), then initializes
// and opens fuzzURI.
func (c *fuzzClient) start(method string, params []byte) {
	c.t.Helper()
	r := c.call(method, params)
	if method == "initialize" {
		checkReply(c.t, method, r)
	} else if !r.malformed && (r.Error == nil || r.Error.Code != codeServerNotInitialized) {
		c.t.Fatalf("%q before initialize: want ServerNotInitialized, got %+v", method, r.Error)
	}
	if method != "initialize" || r.Error != nil {
		if r := c.call("initialize", []byte(initParams)); r.Error != nil {
			c.t.Fatalf("initialize: %+v", r.Error)
		}
	}
	c.notify("initialized", []byte("{}"))
	c.open(fuzzURI)
}

func (c *fuzzClient) open(uri string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", didOpenParams(uri, sample))
}

func didOpenParams(uri, text string) []byte {
	p, _ := json.Marshal(map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "weft", "version": 1, "text": text}})
	return p
}

func posParams(uri string, line, char any) []byte {
	return fmt.Appendf(nil, `{"textDocument":{"uri":%q},"position":{"line":%v,"character":%v}}`, uri, line, char)
}

// checkServing asks for a hover and the diagnostics of fuzzURI (which the
// fuzzed message may have changed: this analyses its text), then opens
// checkURI, wants the hover of a call to find the function and an
// evaluation (under the settings the fuzzed message may have changed) to
// give a result.
func (c *fuzzClient) checkServing(method string) {
	c.t.Helper()
	want := int64(0)
	switch {
	case c.shutdown:
		want = jsonrpc2.CodeInvalidRequest
	case method == "textDocument/didClose":
		want = jsonrpc2.CodeInvalidParams // only if it closed fuzzURI
	}
	for _, m := range []string{"textDocument/hover", "textDocument/diagnostic"} {
		r := c.call(m, posParams(fuzzURI, 7, 5))
		if r.Error != nil && r.Error.Code != want {
			c.t.Fatalf("%s after %q: %d %s", m, method, r.Error.Code, r.Error.Message)
		}
	}
	c.open(checkURI)
	r := c.call("textDocument/hover", posParams(checkURI, 7, 5))
	switch {
	case c.shutdown:
		if r.Error == nil || r.Error.Code != jsonrpc2.CodeInvalidRequest {
			c.t.Fatalf("hover after shutdown: want InvalidRequest, got %+v", r.Error)
		}
	case r.Error != nil || !bytes.Contains(r.Result, []byte("def add(a, b)")):
		c.t.Fatalf("hover after %q: %+v %s", method, r.Error, r.Result)
	default:
		r = c.call("workspace/executeCommand", fmt.Appendf(nil, `{"command":%q,"arguments":[{"uri":%q}]}`, EvaluateCommand, checkURI))
		if r.Error != nil {
			c.t.Fatalf("evaluate after %q: %d %s", method, r.Error.Code, r.Error.Message)
		}
	}
}

// FuzzRequest sends a fuzzed method with fuzzed params to a fresh server:
// as a request before initialize (ServerNotInitialized), as a request
// after it (a result, or InvalidParams, MethodNotFound, a parse error for
// broken JSON, never an internal error), then as a notification; after
// which the server must still answer hovers (or, after exit, have stopped).
func FuzzRequest(f *testing.F) {
	for _, s := range requestSeeds(f) {
		f.Add(s.method, []byte(s.params))
	}
	f.Fuzz(func(t *testing.T, method string, params []byte) {
		if injects(method, params) {
			return
		}
		c := newFuzzClient(t)
		c.start(method, params)
		r := c.call(method, params)
		checkReply(t, method, r)
		c.shutdown = method == "shutdown" && r.Error == nil
		c.notify(method, params)
		if method == "exit" && json.Valid(message(0, method, params)) {
			select {
			case <-c.stopped:
			case <-time.After(fuzzWait):
				t.Fatal("server did not stop on exit")
			}
			return
		}
		c.checkServing(method)
	})
}

type requestSeed struct{ method, params string }

// requestSeeds are valid params for every method the server dispatches
// (a handler without seeds fails the test), some it does not, and broken
// ones: not JSON, wrong types, huge and negative numbers, positions past
// the end, reversed ranges, invalid UTF-8, unknown and non-file URIs.
func requestSeeds(f *testing.F) []requestSeed {
	valid := validSeeds()
	var methods []string
	for m := range requestHandlers {
		methods = append(methods, m)
	}
	for m := range notificationHandlers {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		if len(valid[m]) == 0 {
			f.Fatalf("no FuzzRequest seed for %q", m)
		}
	}
	var out []requestSeed
	for m, ps := range valid {
		for _, p := range ps {
			out = append(out, requestSeed{m, p})
		}
	}
	for _, m := range []string{"textDocument/hover", "textDocument/didChange", "workspace/executeCommand", "textDocument/didOpen", "initialize", "textDocument/completion"} {
		for _, p := range brokenParams {
			out = append(out, requestSeed{m, p})
		}
	}
	return append(out, edgeSeeds()...)
}

func validSeeds() map[string][]string {
	u := fuzzURI
	doc := fmt.Sprintf(`{"textDocument":{"uri":%q}}`, u)
	at := func(line, char int) string { return string(posParams(u, line, char)) }
	change := func(changes string) string {
		return fmt.Sprintf(`{"textDocument":{"uri":%q,"version":2},"contentChanges":%s}`, u, changes)
	}
	eval := func(arg string) string {
		return fmt.Sprintf(`{"command":"weft.evaluate","arguments":[%s]}`, arg)
	}
	return map[string][]string{
		"initialize": {initParams, `{"processId":1,"rootUri":"file:///tmp/ws","capabilities":{"textDocument":{"diagnostic":{}}},` +
			`"initializationOptions":{"weft":{"evaluate":{"timeoutMs":50}}},"workspaceFolders":[{"uri":"file:///tmp/ws","name":"ws"}]}`},
		"initialized":     {`{}`},
		"shutdown":        {``, `null`},
		"exit":            {``, `null`},
		"$/setTrace":      {`{"value":"verbose"}`},
		"$/cancelRequest": {`{"id":1}`, `{"id":"x"}`},
		"textDocument/didOpen": {string(didOpenParams(u, "def f(x):\n    return x\n\nf(1)\n")),
			string(didOpenParams("file:///fuzz/other.weft", sample))},
		"textDocument/didChange": {
			change(`[{"range":{"start":{"line":7,"character":0},"end":{"line":7,"character":0}},"text":"y = (\n"}]`),
			change(`[{"text":"def g():\n    return 1\n"}]`),
			change(`[{"text":"a = 1\n"},{"range":{"start":{"line":0,"character":4},"end":{"line":0,"character":5}},"text":"🙂"}]`)},
		"textDocument/didSave":        {doc},
		"textDocument/didClose":       {doc},
		"textDocument/hover":          {at(7, 5), at(0, 4), at(5, 30)},
		"textDocument/completion":     {at(7, 6), at(8, 0)},
		"textDocument/signatureHelp":  {at(7, 9)},
		"textDocument/definition":     {at(7, 5)},
		"textDocument/documentSymbol": {doc},
		"textDocument/codeLens":       {doc},
		"textDocument/inlayHint":      {fmt.Sprintf(`{"textDocument":{"uri":%q},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}}}`, u)},
		"textDocument/diagnostic":     {doc},
		"workspace/executeCommand": {eval(fmt.Sprintf(`{"uri":%q}`, u)),
			eval(fmt.Sprintf(`{"uri":%q,"version":1,"range":{"start":{"line":7,"character":0},"end":{"line":7,"character":0}}}`, u)),
			eval(fmt.Sprintf(`{"uri":%q,"range":{"start":{"line":7,"character":4},"end":{"line":7,"character":13}}}`, u)),
			eval(fmt.Sprintf(`{"uri":%q,"version":7}`, u))},
		"workspace/didChangeConfiguration":    {`{"settings":{"weft":{"lint":{"maxStack":1},"evaluate":{"timeoutMs":100}}}}`},
		"workspace/didChangeWatchedFiles":     {`{"changes":[{"uri":"file:///fuzz/weft.toml","type":2}]}`},
		"workspace/didChangeWorkspaceFolders": {`{"event":{"added":[{"uri":"file:///tmp/ws","name":"ws"}],"removed":[{"uri":"file:///tmp/ws","name":"ws"}]}}`},
		// Methods the server does not serve.
		"textDocument/references": {fmt.Sprintf(`{"textDocument":{"uri":%q},"position":{"line":7,"character":5},"context":{"includeDeclaration":true}}`, u)},
		"textDocument/rename":     {fmt.Sprintf(`{"textDocument":{"uri":%q},"position":{"line":7,"character":5},"newName":"plus"}`, u)},
		"weft/noSuchMethod":       {`{}`},
		"":                        {`{}`},
		"$/progress":              {`{"token":1,"value":{}}`},
	}
}

// brokenParams are tried with several methods.
var brokenParams = []string{
	``, `null`, `{`, `not json`, `{"textDocument":`, `42`, `"text"`, `[]`, `[{"uri":1}]`, `true`,
	`{"textDocument":{"uri":5}}`, `{"textDocument":null,"position":"x"}`,
	`{"textDocument":{"uri":"file:///fuzz/main.weft"},"textDocument":7}`,
	string(posParams("file:///nowhere.weft", 0, 0)),
	string(posParams("untitled:Untitled-1", 0, 0)),
	string(posParams("", 0, 0)),
	string(posParams(fuzzURI, "1e40", 0)),
	string(posParams(fuzzURI, "99999999999999999999", 0)),
	string(posParams(fuzzURI, -1, -5)),
	string(posParams(fuzzURI, 4294967295, 4294967295)),
	string(posParams(fuzzURI, 1000, 1000)),
	string(posParams(fuzzURI, 7.5, "null")),
	"[" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "]",
}

// edgeSeeds are broken params specific to one method.
func edgeSeeds() []requestSeed {
	u := fuzzURI
	change := func(version, changes string) requestSeed {
		return requestSeed{"textDocument/didChange", fmt.Sprintf(`{"textDocument":{"uri":%q,"version":%s},"contentChanges":%s}`, u, version, changes)}
	}
	rng := func(l1, c1, l2, c2 any) string {
		return fmt.Sprintf(`{"start":{"line":%v,"character":%v},"end":{"line":%v,"character":%v}}`, l1, c1, l2, c2)
	}
	eval := func(arg string) requestSeed {
		return requestSeed{"workspace/executeCommand", fmt.Sprintf(`{"command":"weft.evaluate","arguments":[%s]}`, arg)}
	}
	return []requestSeed{
		change("2", `[{"range":`+rng(99, 99, 120, 0)+`,"text":"z = 1\n"}]`),
		change("2", `[{"range":`+rng(7, 10, 2, 0)+`,"text":""}]`),
		change("99999999999", `[{"text":"x = 1\n"}]`),
		change("-3", `[{"text":"x = 1\n"}]`),
		change(`"two"`, `[{"text":"x = 1\n"}]`),
		change("2", `{"text":"x = 1\n"}`),
		// Raw bytes that are not UTF-8 inside JSON strings.
		change("2", `[{"range":`+rng(0, 0, 0, 0)+",\"text\":\"s = '\xff\xfe\xc3'\\n\"}]"),
		change("2", `[{"text":"s = '\ud800\udfff\ud83d'\nt = '\u0000'\n"}]`),
		change("2", `[{"range":`+rng(-1, 0, 0, 0)+`,"text":"x"}]`),
		eval(fmt.Sprintf(`{"uri":%q,"range":%s}`, u, rng(7, 13, 7, 4))),
		eval(fmt.Sprintf(`{"uri":%q,"range":%s}`, u, rng(7, 12, 7, 4))),
		eval(fmt.Sprintf(`{"uri":%q,"range":%s}`, u, rng(50, 0, 99, 9))),
		eval(fmt.Sprintf(`{"uri":%q,"range":%s}`, u, rng(8, 2, 0, 3))),
		eval(`{"uri":"untitled:Untitled-1"}`),
		eval(`"file:///fuzz/main.weft"`),
		eval(fmt.Sprintf(`{"uri":%q,"version":"1"}`, u)),
		eval(fmt.Sprintf(`{"uri":%q},{"uri":%q}`, u, u)),
		{"workspace/executeCommand", `{"command":"weft.evaluate","arguments":"x"}`},
		{"workspace/executeCommand", `{"command":"rm -rf","arguments":[]}`},
		{"textDocument/didOpen", string(didOpenParams("untitled:Untitled-1", sample))},
		{"textDocument/didOpen", string(didOpenParams("", sample))},
		{"textDocument/didOpen", string(didOpenParams("file://%zz", sample))},
		{"textDocument/didOpen", "{\"textDocument\":{\"uri\":\"file:///fuzz/bad.weft\",\"version\":1,\"text\":\"def \xff(\xfe):\\n\\treturn '\xc3'\\n\"}}"},
		{"initialize", `{"processId":null,"rootUri":"untitled:x","capabilities":{}}`},
		{"initialize", `{"processId":null,"rootUri":null,"capabilities":{},"workspaceFolders":[{"uri":"https://example.com","name":"w"}]}`},
		{"initialize", `{"processId":null,"rootUri":null,"capabilities":{"textDocument":5},"initializationOptions":{"weft":{"evaluate":{"maxInstructions":-1}}}}`},
		{"workspace/didChangeWorkspaceFolders", `{"event":{"added":[{"uri":"untitled:x","name":"x"}],"removed":[]}}`},
		{"workspace/didChangeConfiguration", `{"settings":{"weft":{"lint":{"select":["NOPE"],"maxStack":-1}}}}`},
		{"textDocument/inlayHint", fmt.Sprintf(`{"textDocument":{"uri":%q},"range":%s}`, u, rng(9, 0, 0, 0))},
		{"$/cancelRequest", `{"id":{"nested":true}}`},
	}
}
