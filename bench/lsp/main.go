// Command lsp measures language-server latency side by side: weft lsp on a
// generated 10,000-line Weft file and pyright on a Python file of the same
// shape, driven by the same client code.
//
//	cd bench/lsp && npm install --no-audit --no-fund   # pyright, once
//	go run ./bench/lsp                                  # from the repo root
//
// For each server it reports: time from didOpen to the first
// publishDiagnostics, from a one-character didChange to the next
// publishDiagnostics, and the median hover latency over 50 hovers.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

func main() {
	lines := flag.Int("lines", 10000, "size of the generated file")
	hovers := flag.Int("hovers", 50, "hover requests to time")
	flag.Parse()
	dir, err := os.MkdirTemp("", "weft-lsp-bench")
	check(err)
	defer os.RemoveAll(dir)
	src, hoverLine, hoverCol := generate(*lines)
	weftBin := filepath.Join(dir, "weft")
	build := exec.Command("go", "build", "-o", weftBin, "./cmd/weft")
	build.Stderr = os.Stderr
	check(build.Run())

	fmt.Printf("%-8s %12s %12s %12s\n", "server", "open→diag", "change→diag", "hover p50")
	weftRes := measure([]string{weftBin, "lsp"}, dir, "big.weft", "weft", src, hoverLine, hoverCol, *hovers)
	print("weft", weftRes)
	pyright, err := filepath.Abs(filepath.Join("bench", "lsp", "node_modules", ".bin", "pyright-langserver"))
	check(err)
	if _, err := os.Stat(pyright); err == nil {
		pyRes := measure([]string{pyright, "--stdio"}, dir, "big.py", "python", src, hoverLine, hoverCol, *hovers)
		print("pyright", pyRes)
		fmt.Printf("ratios weft/pyright: open %.3f, change %.3f, hover %.3f\n",
			ratio(weftRes.open, pyRes.open), ratio(weftRes.change, pyRes.change), ratio(weftRes.hover, pyRes.hover))
	} else {
		fmt.Println("pyright: not installed (cd bench/lsp && npm install)")
	}
}

type result struct{ open, change, hover time.Duration }

func print(name string, r result) {
	fmt.Printf("%-8s %12s %12s %12s\n", name, r.open.Round(time.Microsecond), r.change.Round(time.Microsecond), r.hover.Round(time.Microsecond))
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// generate makes a realistic file: functions with loops and calls,
// classes with methods. It is valid Python and valid Weft.
func generate(lines int) (string, int, int) {
	var b strings.Builder
	n := 0
	i := 0
	for n < lines-4 {
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
		n += 15
		i++
	}
	fmt.Fprintf(&b, "result = work_0([1, 2, 3])\n")
	line := n // 0-based line of the final statement
	return b.String(), line, 10
}

type client struct {
	conn  *jsonrpc2.Conn
	mu    sync.Mutex
	diags chan time.Time
}

func (c *client) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		if req.Method == "textDocument/publishDiagnostics" {
			select {
			case c.diags <- time.Now():
			default:
			}
		}
		return
	}
	// Server-to-client requests (configuration, refresh, progress).
	var res any
	if req.Method == "workspace/configuration" {
		var p struct {
			Items []any `json:"items"`
		}
		if req.Params != nil {
			_ = json.Unmarshal(*req.Params, &p)
		}
		out := make([]any, len(p.Items))
		res = out
	}
	_ = conn.Reply(ctx, req.ID, res)
}

type pipe struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipe) Close() error { p.WriteCloser.Close(); return p.ReadCloser.Close() }

func measure(argv []string, dir, name, lang, src string, hoverLine, hoverCol, hovers int) result {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	check(err)
	stdout, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	defer cmd.Process.Kill()
	c := &client{diags: make(chan time.Time, 16)}
	ctx := context.Background()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipe{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	root := "file://" + dir
	var initRes any
	check(c.conn.Call(ctx, "initialize", map[string]any{"processId": os.Getpid(), "rootUri": root,
		"capabilities":     map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}}}},
		"workspaceFolders": []any{map[string]any{"uri": root, "name": "bench"}}}, &initRes))
	check(c.conn.Notify(ctx, "initialized", map[string]any{}))
	path := filepath.Join(dir, name)
	check(os.WriteFile(path, []byte(src), 0o644))
	uri := "file://" + path
	drain(c.diags)
	t0 := time.Now()
	check(c.conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": lang, "version": 1, "text": src}}))
	open := waitDiag(c.diags, t0)
	// Let servers that publish twice settle.
	time.Sleep(300 * time.Millisecond)
	drain(c.diags)
	t1 := time.Now()
	check(c.conn.Notify(ctx, "textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{
			"start": map[string]any{"line": 1, "character": 4}, "end": map[string]any{"line": 1, "character": 4}}, "text": "t"}}}))
	change := waitDiag(c.diags, t1)
	var lat []time.Duration
	for i := 0; i < hovers; i++ {
		var h any
		t := time.Now()
		check(c.conn.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": hoverLine, "character": hoverCol}}, &h))
		lat = append(lat, time.Since(t))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var none any
	_ = c.conn.Call(ctx, "shutdown", nil, &none)
	_ = c.conn.Notify(ctx, "exit", nil)
	return result{open: open, change: change, hover: lat[len(lat)/2]}
}

func drain(ch chan time.Time) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func waitDiag(ch chan time.Time, start time.Time) time.Duration {
	select {
	case t := <-ch:
		return t.Sub(start)
	case <-time.After(120 * time.Second):
		check(fmt.Errorf("no publishDiagnostics within 120s"))
	}
	return 0
}
