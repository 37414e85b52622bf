package lsp

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"
)

// allocatedDuring reports how many bytes f allocated.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestFrameReaderMemoryIsBounded: a client that sends megabytes without
// a newline, or announces a body it never sends, costs the reader a
// bounded amount of memory, and a frame after the garbage still reads.
func TestFrameReaderMemoryIsBounded(t *testing.T) {
	const garbage = 8 << 20
	in := strings.Repeat("x", garbage) + "Content-Length: 2\r\n\r\n{}"
	s := newFrameStream(rwc{strings.NewReader(in), io.Discard})
	var body []byte
	var err error
	if n := allocatedDuring(func() { body, err = s.readFrame() }); n > 1<<20 {
		t.Errorf("reading past %d bytes without a newline allocated %d bytes", garbage, n)
	}
	if err != nil || string(body) != "{}" {
		t.Fatalf("frame after the garbage: %q, %v", body, err)
	}

	announced := "Content-Length: 60000000\r\n\r\n" + "{\"a\":"
	s = newFrameStream(rwc{strings.NewReader(announced), io.Discard})
	if n := allocatedDuring(func() { _, err = s.readFrame() }); n > 1<<20 {
		t.Errorf("an announced 60 MB body that never came allocated %d bytes", n)
	}
	if err != io.ErrUnexpectedEOF {
		t.Errorf("truncated body: %v, want unexpected EOF", err)
	}

	var out bytes.Buffer
	s = newFrameStream(rwc{strings.NewReader(""), &out})
	if _, err := s.readFrame(); err != io.EOF {
		t.Errorf("empty input: %v, want EOF", err)
	}
}
