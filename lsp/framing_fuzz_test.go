package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// probe is the valid frame sent after the fuzzed bytes.
const probe = `{"jsonrpc":"2.0","id":"probe","method":"weft/probe"}`

// probeRead is the probe as readFrames records it.
const probeRead = `weft/probe "probe"`

// lengthHeader finds bytes that may be read as a Content-Length header
// (readFrame compares header names with EqualFold, whose extra Unicode
// folds touch no letter of "content-length").
var lengthHeader = regexp.MustCompile(`(?i)content-length`)

// FuzzFraming feeds arbitrary bytes to the Content-Length frame reader.
// For any bytes: it neither panics nor hangs, stops at the end of the
// input with EOF, and what it writes back is only well-formed error
// frames: a parse error for a body that is not JSON, an invalid request
// for JSON that is not a JSON-RPC message. For bytes without a
// Content-Length header, which can hold no body, the valid frames that
// follow them are read intact. Bytes with a Content-Length header are a
// frame whose body takes that many of the following bytes, which may
// swallow the valid frames: framing cannot resynchronise then. A server
// reading the bytes and a probe request answers the probe whenever the
// frame reader reads it, and never panics. Bytes that are a request, sent
// as one frame's body, get a reply with its id.
func FuzzFraming(f *testing.F) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	for _, s := range []string{
		"", "\r\n", "\r\n\r\n", "garbage", "garbage\r\n\r\n", "x: y\r\n\r\n", "\n\n\n",
		frame(probe), frame("{not json"), frame(`{"id":1}`), frame(`[]`), frame(`[{"jsonrpc":"2.0","id":1,"method":"x"}]`),
		frame(`{"jsonrpc":"2.0","id":{"a":1},"method":"x"}`), frame(`{"jsonrpc":"2.0","method":5}`), frame(`{"jsonrpc":"2.0","id":1,"result":null}`),
		"Content-Length: 5\r\n\r\n{}", "Content-Length: -1\r\n\r\n", "Content-Length: 99999999999999999999\r\n\r\n",
		"Content-Length: 67108865\r\n\r\n{}", "content-length:2\n\n{}", "Content-Length: 2\r\nContent-Type: x\r\n\r\n{}",
		"Content-Length: 2", "Content-Length: 2\r\n\r\n", "Content-Length: 0\r\n\r\n", "Content-Length: 1e3\r\n\r\n",
		"\xff\xfe\x00garbage\r\n", "Content-Length: 2\r\n\r\n\xff\xfe", "Content-Length: 2\r\r\n\r\n{}",
		frame(probe) + "trailing", "stray" + frame(probe) + frame(probe),
		frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`),
		frame(`{"jsonrpc":"2.0","method":"exit"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`),
		// A session.
		frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) + frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
			frame(string(message(0, "textDocument/didOpen", didOpenParams(fuzzURI, sample)))) +
			frame(string(message(2, "textDocument/hover", posParams(fuzzURI, 7, 5)))) +
			frame(string(message(3, "workspace/executeCommand", fmt.Appendf(nil, `{"command":%q,"arguments":[{"uri":%q}]}`, EvaluateCommand, fuzzURI)))) +
			frame(string(message(0, "textDocument/didClose", fmt.Appendf(nil, `{"textDocument":{"uri":%q}}`, fuzzURI)))) +
			frame(`{"jsonrpc":"2.0","id":4,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`),
		// Bodies.
		probe, `{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"capabilities":{}}}`, `{"id":"\u00e9\ud800","method":"textDocument/hover"}`,
		`{"id":0,"method":"exit","params":null,"meta":{}}`, `{"id":-1,"method":"x"}`, `{"id":1.5,"method":"x"}`, `{"id":1e2,"method":"x"}`,
		`{"id":18446744073709551615,"method":"x"}`, `{"id":9223372036854775807,"method":"x","id":"y"}`, `{"id":1,"method":"x","result":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readFrames(t, data)
		if !lengthHeader.Match(data) {
			checkResync(t, data)
		}
		checkServer(t, data)
		checkBodyReply(t, data)
	})
}

// recorder is a jsonrpc2 handler and stream wrapper that records the
// messages a connection reads ("method id" for a request, "method" for a
// notification) and the error that ends its reading.
type recorder struct {
	*frameStream
	msgs []string
	err  error
}

func (r *recorder) ReadObject(v any) error {
	err := r.frameStream.ReadObject(v)
	if err != nil {
		r.err = err
	}
	return err
}

func (r *recorder) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		r.msgs = append(r.msgs, req.Method)
		return
	}
	r.msgs = append(r.msgs, req.Method+" "+req.ID.String())
}

// readFrames reads all of data with a frame reader under a jsonrpc2
// connection (as the server does), within fuzzWait, and checks what it
// wrote back; it returns the messages read (see recorder).
func readFrames(t *testing.T, data []byte) []string {
	t.Helper()
	var out bytes.Buffer
	r := &recorder{frameStream: newFrameStream(rwc{bytes.NewReader(data), &out})}
	conn := jsonrpc2.NewConn(context.Background(), r, r, jsonrpc2.SetLogger(log.New(io.Discard, "", 0)))
	select {
	case <-conn.DisconnectNotify():
		if r.err != io.EOF && r.err != io.ErrUnexpectedEOF {
			t.Fatalf("read ended with %v, want EOF", r.err)
		}
	case <-time.After(fuzzWait):
		t.Fatalf("frame reader still reading %d bytes after %s", len(data), fuzzWait)
	}
	checkErrorFrames(t, out.Bytes())
	return r.msgs
}

// checkErrorFrames checks that out is a sequence of well-formed frames
// holding errors with a null id and a parse or invalid-request code.
func checkErrorFrames(t *testing.T, out []byte) {
	t.Helper()
	var back bytes.Buffer
	s := newFrameStream(rwc{bytes.NewReader(out), &back})
	for {
		var m rawMsg
		err := s.ReadObject(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || back.Len() > 0 {
			t.Fatalf("reply frames %q: %v %s", out, err, back.Bytes())
		}
		if string(m.ID) != "null" || m.Error == nil || m.Error.Code != jsonrpc2.CodeParseError && m.Error.Code != jsonrpc2.CodeInvalidRequest {
			t.Fatalf("reply %+v %+v, want a parse error or invalid request with a null id", string(m.ID), m.Error)
		}
	}
}

// probeFrames is the probe framed, n times.
func probeFrames(n int) []byte {
	return bytes.Repeat(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(probe), probe), n)
}

// checkResync: data without a Content-Length header, followed by valid
// frames (directly, or after a blank line), costs no frame: they are read
// intact, and nothing else is.
func checkResync(t *testing.T, data []byte) {
	t.Helper()
	for _, sep := range []string{"", "\r\n\r\n"} {
		in := append(append(append([]byte(nil), data...), sep...), probeFrames(2)...)
		msgs := readFrames(t, in)
		if len(msgs) != 2 || msgs[0] != probeRead || msgs[1] != probeRead {
			t.Fatalf("after %q%s: read %q, want the probe twice", data, sep, msgs)
		}
	}
}

// checkServer sends data and the probe to a server. The frame reader
// alone tells what the server reads: when that ends with the probe, the
// server must answer it (with ServerNotInitialized after bytes without a
// Content-Length, which hold no message), or stop if an exit came first.
// A probe swallowed by a body goes unanswered; then the server is only
// held to the checks of every session: no recovered panic, and a stop
// when the client hangs up.
func checkServer(t *testing.T, data []byte) {
	t.Helper()
	in := append(append([]byte(nil), data...), probeFrames(1)...)
	msgs := readFrames(t, in)
	c := newFuzzClient(t)
	// The server answers while reading: write and await at once, or both
	// ends could wait for the other.
	written := make(chan error, 1)
	go func() { written <- c.write(in) }()
	switch {
	case slices.Contains(msgs, "exit"):
		select {
		case <-c.stopped:
		case <-time.After(fuzzWait):
			t.Fatal("server did not stop on exit")
		}
		return
	case len(msgs) == 0 || msgs[len(msgs)-1] != probeRead:
		<-written
		return
	}
	r := c.await(`"probe"`, "probe")
	if err := <-written; err != nil {
		t.Fatalf("write: %v", err)
	}
	switch {
	case r.Error != nil && r.Error.Code == jsonrpc2.CodeInternalError:
		t.Fatalf("probe after %q: internal error %s", data, r.Error.Message)
	case !lengthHeader.Match(data) && (r.Error == nil || r.Error.Code != codeServerNotInitialized):
		t.Fatalf("probe after %q: want ServerNotInitialized, got %+v", data, r.Error)
	}
}

// checkBodyReply sends data as the body of one frame to a server and, when
// it is a request, wants a reply with its id that is no internal error.
func checkBodyReply(t *testing.T, data []byte) {
	t.Helper()
	id, ok := requestID(data)
	if !ok {
		return
	}
	c := newFuzzClient(t)
	c.frame(data)
	if r := c.await(id, "request"); r.Error != nil && r.Error.Code == jsonrpc2.CodeInternalError {
		t.Fatalf("request %q: internal error %s", data, r.Error.Message)
	}
}

// requestID is the id, as the server echoes it, of a request body; false
// for other bodies. jsonrpc2 v0.2.3 tells requests from responses with a
// struct (whose keys match case-insensitively: "Result" makes a response),
// then reads the request from a map (exact keys). It keeps numeric ids as
// uint64: it answers a negative id with 2^64 minus it and refuses one with
// a fraction or exponent (InvalidRequest, null id), so those are false too.
func requestID(data []byte) (string, bool) {
	var kind struct {
		ID, Error any
		Method    *string
		Result    json.RawMessage
	}
	if json.Unmarshal(data, &kind) != nil || kind.Method == nil || kind.Result != nil || kind.Error != nil {
		return "", false
	}
	var m map[string]json.RawMessage
	var method, str string
	if json.Unmarshal(data, &m) != nil || !bytes.HasPrefix(m["method"], []byte(`"`)) || json.Unmarshal(m["method"], &method) != nil {
		return "", false
	}
	raw := m["id"]
	switch {
	case bytes.HasPrefix(raw, []byte(`"`)) && json.Unmarshal(raw, &str) == nil:
		id, _ := json.Marshal(str)
		return string(id), true
	case unsignedInt.Match(raw):
		n, err := strconv.ParseInt(string(raw), 10, 64)
		return strconv.FormatInt(n, 10), err == nil
	}
	return "", false
}

var unsignedInt = regexp.MustCompile(`^[0-9]+$`)
