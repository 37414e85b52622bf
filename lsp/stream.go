package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
)

// maxFrame bounds one message body; larger frames are rejected with an
// error response instead of being buffered.
const maxFrame = 64 << 20

// frameStream is a jsonrpc2.ObjectStream speaking LSP's Content-Length
// framing that survives malformed messages: a body that is not valid JSON
// is answered with a parse error, JSON that is not a JSON-RPC message with
// an invalid request (both with a null id), and skipped.
//
// Garbage between frames: unknown header lines are skipped; a header
// block (up to a blank line) without a Content-Length is answered with a
// parse error and dropped; a Content-Length header after other bytes on
// its line starts a frame there. So bytes without a Content-Length header
// cost no valid frame after them (FuzzFraming checks this). Garbage with a
// Content-Length header is a frame whose body takes that many of the
// following bytes, valid frames included: no framing can resynchronise
// that. Reading resumes after that body, mid-line if need be.
type frameStream struct {
	r   *bufio.Reader
	w   io.Writer
	c   io.Closer
	wmu sync.Mutex
}

func newFrameStream(rwc io.ReadWriteCloser) *frameStream {
	return &frameStream{r: bufio.NewReaderSize(rwc, 64<<10), w: rwc, c: rwc}
}

// WriteObject writes one framed message.
func (s *frameStream) WriteObject(obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	data = signedResponseID(data)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := fmt.Fprintf(s.w, "Content-Length: %d\r\n\r\n", len(data)); err != nil {
		return err
	}
	_, err = s.w.Write(data)
	return err
}

// ReadObject reads the next well-formed message into v.
func (s *frameStream) ReadObject(v any) error {
	for {
		body, err := s.readFrame()
		if err != nil {
			if err == errBadFrame {
				s.replyError(jsonrpc2.CodeParseError, "Parse error: bad message header")
				continue
			}
			return err
		}
		if err := json.Unmarshal(body, v); err != nil {
			// Only a body that is not JSON is a parse error; JSON that
			// is not a JSON-RPC message is an invalid request.
			if json.Valid(body) {
				s.replyError(jsonrpc2.CodeInvalidRequest, "Invalid Request: "+err.Error())
			} else {
				s.replyError(jsonrpc2.CodeParseError, "Parse error: "+err.Error())
			}
			continue
		}
		return nil
	}
}

var errBadFrame = fmt.Errorf("bad frame")

// maxLineTail is how much of an over-long header line is kept: its end,
// where a frame that follows garbage without a newline starts. A client
// sending bytes without a newline costs no more memory than this.
const maxLineTail = 4 << 10

// readLine reads one header line without its CR LF (or LF), keeping only
// the last maxLineTail bytes of a longer one.
func (s *frameStream) readLine() (string, error) {
	var tail []byte
	for {
		chunk, err := s.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			tail = append(tail, chunk...)
			if len(tail) > maxLineTail {
				tail = append(tail[:0], tail[len(tail)-maxLineTail:]...)
			}
			continue
		}
		if err != nil {
			return "", err
		}
		tail = append(tail, chunk...)
		if len(tail) > maxLineTail {
			tail = tail[len(tail)-maxLineTail:]
		}
		line := strings.TrimSuffix(strings.TrimSuffix(string(tail), "\n"), "\r")
		return line, nil
	}
}

func (s *frameStream) readFrame() ([]byte, error) {
	length := -1
	sawHeader := false
	for {
		line, err := s.readLine()
		if err != nil {
			return nil, err
		}
		if line == "" {
			if !sawHeader {
				continue
			}
			break
		}
		sawHeader = true
		// A frame that follows bytes without a final newline (stray
		// output, a body longer than its Content-Length) starts mid-line:
		// without this, its header and every frame sent back to back after
		// it merged with the line before and were lost.
		if i := lengthHeaderAt(line); i > 0 {
			line = line[i:]
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err == nil && n >= 0 {
				length = n
			}
		}
	}
	if length < 0 {
		return nil, errBadFrame
	}
	if length > maxFrame {
		if _, err := io.CopyN(io.Discard, s.r, int64(length)); err != nil {
			return nil, err
		}
		return nil, errBadFrame
	}
	// The body grows as its bytes arrive: a header announcing 64 MB
	// that never come costs nothing.
	var body bytes.Buffer
	body.Grow(min(length, 64<<10))
	if n, err := body.ReadFrom(io.LimitReader(s.r, int64(length))); err != nil {
		return nil, err
	} else if n < int64(length) {
		if n == 0 {
			return nil, io.EOF
		}
		return nil, io.ErrUnexpectedEOF
	}
	return body.Bytes(), nil
}

// lengthHeaderAt is where the last "Content-Length:" in line starts
// (case-insensitive), or -1.
func lengthHeaderAt(line string) int {
	const h = "content-length:"
	for i := len(line) - len(h); i >= 0; i-- {
		if strings.EqualFold(line[i:i+len(h)], h) {
			return i
		}
	}
	return -1
}

func (s *frameStream) replyError(code int64, msg string) {
	_ = s.WriteObject(map[string]any{
		"jsonrpc": "2.0",
		"id":      nil,
		"error":   map[string]any{"code": code, "message": msg},
	})
}

// signedResponseID restores a negative request id in a response.
// jsonrpc2 reads a numeric id as int64 but keeps and writes it as uint64,
// so the reply to id -5 would carry 18446744073709551611 and the client
// could not match it. Ids above math.MaxInt64 are rejected on input, so a
// response id that large was negative. A response is marshalled with its
// id first.
func signedResponseID(data []byte) []byte {
	const prefix = `{"id":`
	if !bytes.HasPrefix(data, []byte(prefix)) {
		return data
	}
	rest := data[len(prefix):]
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	if err != nil || n <= math.MaxInt64 {
		return data
	}
	out := append([]byte(prefix), strconv.FormatInt(int64(n), 10)...)
	return append(out, rest[end:]...)
}

// Close closes the underlying connection.
func (s *frameStream) Close() error { return s.c.Close() }
