package lsp

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestNegativeAndStringIDs: LSP ids are integers or strings, negative ones
// included; every reply carries the id of its request exactly (jsonrpc2
// keeps numeric ids as uint64 and wrote -5 back as 18446744073709551611).
func TestNegativeAndStringIDs(t *testing.T) {
	c := newFuzzClient(t)
	c.call("initialize", []byte(`{"capabilities":{}}`))
	c.notify("initialized", []byte(`{}`))
	uri := "file:///tmp/ids.weft"
	c.notify("textDocument/didOpen", didOpenParams(uri, "x = 1\n"))
	for _, id := range []string{`-5`, `-9223372036854775808`, `0`, `9223372036854775807`, `"-5"`, `"abc"`} {
		c.frame(fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"method":"textDocument/hover","params":%s}`, id, posParams(uri, 0, 0)))
		if r := c.await(id, "hover with id "+id); r.Error != nil {
			t.Errorf("id %s: error %v", id, r.Error)
		}
	}
}

// TestCancelNegativeID: $/cancelRequest finds a running request by a
// negative id, and a reused id does not lose the newer request's entry.
func TestCancelNegativeID(t *testing.T) {
	c := newFuzzClient(t)
	c.call("initialize", []byte(`{"capabilities":{}}`))
	c.notify("initialized", []byte(`{}`))
	uri := "file:///tmp/sleep.weft"
	c.notify("textDocument/didOpen", didOpenParams(uri, "import time; time.sleep(0.2)\nimport time; time.sleep(60)\n"))
	// eval evaluates one line: line 0 ends after 0.2 s, line 1 runs until
	// cancelled (or its time budget ends it).
	eval := func(id string, line int) {
		args, _ := json.Marshal(map[string]any{"command": EvaluateCommand,
			"arguments": []any{map[string]any{"uri": uri, "range": map[string]any{
				"start": map[string]any{"line": line, "character": 0},
				"end":   map[string]any{"line": line + 1, "character": 0}}}}})
		c.frame(fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"method":"workspace/executeCommand","params":%s}`, id, args))
	}
	eval(`-7`, 1)
	c.notify("$/cancelRequest", []byte(`{"id":-7}`))
	if r := c.await(`-7`, "cancelled evaluation"); r.Error == nil || r.Error.Code != codeRequestCancelled {
		t.Fatalf("cancelled evaluation: reply %s %+v, want RequestCancelled", r.Result, r.Error)
	}
	// Two requests with one id (a client bug): the older one ends first;
	// the cancel must still reach the newer one.
	eval(`-8`, 0)
	eval(`-8`, 1)
	if r := c.await(`-8`, "short evaluation"); r.Error != nil {
		t.Fatalf("short evaluation: %+v", r.Error)
	}
	// The older request drops its cancel entry just after replying: give
	// it the time to (the correct outcome does not depend on it).
	time.Sleep(50 * time.Millisecond)
	c.notify("$/cancelRequest", []byte(`{"id":-8}`))
	if r := c.await(`-8`, "cancelled evaluation"); r.Error == nil || r.Error.Code != codeRequestCancelled {
		t.Fatalf("cancelled evaluation: reply %s %+v, want RequestCancelled", r.Result, r.Error)
	}
}
