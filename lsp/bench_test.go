package lsp

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// benchSource is the file bench/lsp generates (keep the two in step):
// functions with loops and calls and classes with methods, valid Python
// and valid Weft, exactly lines lines long. It returns the text and the
// (0-based) line and column of the hover target, a call of work_0.
func benchSource(lines int) (string, int, int) {
	const block = 16
	var b strings.Builder
	n := 0
	for i := 0; n+block < lines; i++ {
		fmt.Fprintf(&b, "def work_%d(items, scale=2):\n", i)
		fmt.Fprintf(&b, "    total = 0\n")
		fmt.Fprintf(&b, "    for x in items:\n")
		fmt.Fprintf(&b, "        if x %% 3 == 0:\n")
		fmt.Fprintf(&b, "            total += x * scale\n")
		fmt.Fprintf(&b, "        else:\n")
		fmt.Fprintf(&b, "            total -= len(str(x))\n")
		fmt.Fprintf(&b, "    return total\n\n")
		fmt.Fprintf(&b, "class Box_%d:\n", i)
		fmt.Fprintf(&b, "    def __init__(self, value):\n")
		fmt.Fprintf(&b, "        self.value = value\n\n")
		fmt.Fprintf(&b, "    def scaled(self, k):\n")
		fmt.Fprintf(&b, "        return work_%d([self.value, k], k)\n\n", i)
		n += block
	}
	for ; n < lines-1; n++ {
		b.WriteString("# padding\n")
	}
	fmt.Fprintf(&b, "result = work_0([1, 2, 3])\n")
	return b.String(), n, len("result = ")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ms/op metric (CPU time of the whole process, GC
// included, per iteration) when the benchmark ends: on a shared machine
// it is much steadier than ns/op, which counts the time other processes
// hold the CPU.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	})
}

// BenchmarkSnapshot10k is the work behind every publishDiagnostics of a
// 10,000-line document: a new version's snapshot, from the text.
func BenchmarkSnapshot10k(b *testing.B) {
	src, _, _ := benchSource(10000)
	s := NewServer(Options{})
	d := &Document{URI: "file:///tmp/bench/big.weft", Path: "/tmp/bench/big.weft", Text: []byte(src), server: s}
	b.ReportAllocs()
	reportCPU(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		d.mu.Lock()
		d.Version++
		d.snap = nil // analyse from scratch, as for didOpen
		d.mu.Unlock()
		if sn := d.snapshot(); sn.compiled() == nil {
			b.Fatal("the benchmark file does not compile")
		}
	}
}

// BenchmarkEdit10k is a snapshot after a one-character edit on line 2 (a
// local variable renamed), alternating between two texts so that every
// iteration sees a changed document, as the editor's didChange does.
func BenchmarkEdit10k(b *testing.B) {
	src, _, _ := benchSource(10000)
	alt := strings.Replace(src, "    total = 0\n", "    ttotal = 0\n", 1)
	s := NewServer(Options{})
	d := &Document{URI: "file:///tmp/bench/big.weft", Path: "/tmp/bench/big.weft", Text: []byte(src), server: s}
	d.snapshot()
	texts := [2][]byte{[]byte(alt), []byte(src)}
	b.ReportAllocs()
	reportCPU(b)
	i := 0
	for b.Loop() {
		d.mu.Lock()
		d.Text = texts[i%2]
		d.Version++
		d.mu.Unlock()
		i++
		d.snapshot()
	}
}

// BenchmarkPhases10k times the front end and the analysis of the 10k-line
// file one phase at a time.
func BenchmarkPhases10k(b *testing.B) {
	src, _, _ := benchSource(10000)
	f := source.NewFile("big.weft", []byte(src))
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		reportCPU(b)
		for b.Loop() {
			syntax.Parse(f)
		}
	})
	b.Run("resolve", func(b *testing.B) {
		b.ReportAllocs()
		reportCPU(b)
		for b.Loop() {
			b.StopTimer()
			m, _ := syntax.Parse(f)
			b.StartTimer()
			resolve.Resolve(m)
		}
	})
	b.Run("compile", func(b *testing.B) {
		m, _ := syntax.Parse(f)
		resolve.Resolve(m)
		b.ReportAllocs()
		reportCPU(b)
		for b.Loop() {
			compiler.Compile(m, compiler.Options{})
		}
	})
	b.Run("analyze", func(b *testing.B) {
		b.ReportAllocs()
		reportCPU(b)
		for b.Loop() {
			r := analysis.Analyze(f, nil, nil)
			r.Stack()
		}
	})
}

// BenchmarkHover is one hover request's handler on the final call of the
// 10k-line file, with the snapshot already computed (as after the
// diagnostics of that version).
func BenchmarkHover(b *testing.B) {
	src, line, col := benchSource(10000)
	s := NewServer(Options{})
	d := &Document{URI: "file:///tmp/bench/big.weft", Path: "/tmp/bench/big.weft", Text: []byte(src), server: s, Version: 1}
	d.snapshot()
	pos := protocol.Position{Line: uint32(line), Character: uint32(col)}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		sn := d.snapshot()
		if _, _, ok := sn.hover(offsetOf(sn.file, pos)); !ok {
			b.Fatal("no hover")
		}
	}
}

// BenchmarkServer10k drives a server over net.Pipe like bench/lsp drives
// the binary: didOpen→publishDiagnostics, one-character
// didChange→publishDiagnostics (the debounce included), and hover round
// trips. Each is reported as ms/op metrics.
func BenchmarkServer10k(b *testing.B) {
	src, line, col := benchSource(10000)
	t := &testing.T{}
	c := newTestClient(t)
	c.t = t
	c.initialize()
	var open, change, hover time.Duration
	var nOpen, nChange, nHover int
	version := 0
	k := 0
	for b.Loop() {
		k++
		uri := fmt.Sprintf("file:///tmp/bench/big%d.weft", k)
		version = 1
		t0 := time.Now()
		c.open(uri, src)
		c.waitNotif("textDocument/publishDiagnostics", diagsForURI(uri, version))
		open += time.Since(t0)
		nOpen++
		for j := 0; j < 3; j++ {
			version++
			t1 := time.Now()
			c.notify("textDocument/didChange", map[string]any{
				"textDocument": map[string]any{"uri": uri, "version": version},
				"contentChanges": []any{map[string]any{"range": map[string]any{
					"start": map[string]any{"line": 1, "character": 4}, "end": map[string]any{"line": 1, "character": 4}}, "text": "t"}}})
			c.waitNotif("textDocument/publishDiagnostics", diagsForURI(uri, version))
			change += time.Since(t1)
			nChange++
		}
		for j := 0; j < 10; j++ {
			var h protocol.Hover
			t2 := time.Now()
			if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
				"position": map[string]any{"line": line, "character": col}}, &h); err != nil {
				b.Fatal(err)
			}
			hover += time.Since(t2)
			nHover++
		}
		c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	}
	b.ReportMetric(float64(open.Microseconds())/1000/float64(nOpen), "open-ms")
	b.ReportMetric(float64(change.Microseconds())/1000/float64(nChange), "change-ms")
	b.ReportMetric(float64(hover.Microseconds())/1000/float64(nHover), "hover-ms")
}

func diagsForURI(uri string, version int) func(json.RawMessage) bool {
	return func(raw json.RawMessage) bool {
		var p protocol.PublishDiagnosticsParams
		_ = json.Unmarshal(raw, &p)
		return string(p.URI) == uri && int(p.Version) == version
	}
}
