package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// maxFrame bounds one message body; larger frames are rejected with an
// error response instead of being buffered.
const maxFrame = 64 << 20

// frameStream is a jsonrpc2.ObjectStream speaking LSP's Content-Length
// framing that survives malformed messages: a body that is not valid JSON
// (or not a JSON-RPC message) is answered with a parse error and skipped.
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
				s.replyError(-32700, "Parse error: bad message header")
				continue
			}
			return err
		}
		if err := json.Unmarshal(body, v); err != nil {
			s.replyError(-32700, "Parse error: "+err.Error())
			continue
		}
		return nil
	}
}

var errBadFrame = fmt.Errorf("bad frame")

func (s *frameStream) readFrame() ([]byte, error) {
	tp := textproto.NewReader(s.r)
	length := -1
	sawHeader := false
	for {
		line, err := tp.ReadLine()
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
	body := make([]byte, length)
	if _, err := io.ReadFull(s.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

func (s *frameStream) replyError(code int, msg string) {
	_ = s.WriteObject(map[string]any{
		"jsonrpc": "2.0",
		"id":      nil,
		"error":   map[string]any{"code": code, "message": msg},
	})
}

// Close closes the underlying connection.
func (s *frameStream) Close() error { return s.c.Close() }
