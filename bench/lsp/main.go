// Command lsp measures language-server latency side by side: weft lsp on a
// generated 10,000-line Weft file and pyright on a Python file of the same
// shape, driven by the same client code.
//
//	cd bench/lsp && npm install --no-audit --no-fund   # pyright, once
//	go run ./bench/lsp [-runs 5] [-changes 5] [-weft PATH] [-pyright=false]
//
// Run it from the repository root. For each server and each run (a fresh
// server process) it measures the time from didOpen to the first
// publishDiagnostics of the document, from each one-character didChange
// (alternately inserting and deleting a letter on line 2, each followed by
// a pause, as isolated keystrokes) to the publishDiagnostics of that
// version, and the latency of hovers on a call of a function. It prints
// the medians over all runs (and the fastest and slowest run), the CPU
// time each server process used for a whole run (start, open, changes,
// hovers), the weft/pyright ratios, and the load average before and
// after, since the machines this runs on are shared.
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
	hovers := flag.Int("hovers", 50, "hover requests to time per run")
	runs := flag.Int("runs", 3, "fresh server processes per server")
	changes := flag.Int("changes", 5, "one-character edits to time per run")
	weft := flag.String("weft", "", "weft binary to measure, with weft-lsp beside it or on PATH (default: go build ./cmd/weft ./cmd/weft-lsp)")
	withPyright := flag.Bool("pyright", true, "also measure pyright when installed")
	flag.Parse()
	dir, err := os.MkdirTemp("", "weft-lsp-bench")
	check(err)
	defer os.RemoveAll(dir)
	src, hoverLine, hoverCol := generate(*lines)
	weftBin := *weft
	if weftBin == "" {
		weftBin = filepath.Join(dir, "weft")
		build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/weft", "./cmd/weft-lsp")
		build.Stderr = os.Stderr
		check(build.Run())
	}
	fmt.Printf("file: %d lines, %d bytes; %d runs × (1 open, %d changes, %d hovers)\n",
		strings.Count(src, "\n"), len(src), *runs, *changes, *hovers)
	fmt.Printf("load average before: %s\n", loadavg())
	fmt.Printf("%-8s %12s %12s %12s   %s\n", "server", "open→diag", "change→diag", "hover p50", "open / change range over runs")
	cfg := config{src: src, hoverLine: hoverLine, hoverCol: hoverCol, hovers: *hovers, changes: *changes}
	weftRes := measureRuns([]string{weftBin, "lsp"}, dir, "big.weft", "weft", cfg, *runs)
	report("weft", weftRes)
	pyright, err := filepath.Abs(filepath.Join("bench", "lsp", "node_modules", ".bin", "pyright-langserver"))
	check(err)
	if _, err := os.Stat(pyright); err == nil && *withPyright {
		pyRes := measureRuns([]string{pyright, "--stdio"}, dir, "big.py", "python", cfg, *runs)
		report("pyright", pyRes)
		fmt.Printf("ratios weft/pyright: open %.4f, change %.4f, hover %.4f\n",
			ratio(weftRes.open(), pyRes.open()), ratio(weftRes.change(), pyRes.change()), ratio(weftRes.hover(), pyRes.hover()))
	} else if *withPyright {
		fmt.Println("pyright: not installed (cd bench/lsp && npm install)")
	}
	fmt.Printf("load average after: %s\n", loadavg())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

type config struct {
	src                 string
	hoverLine, hoverCol int
	hovers, changes     int
}

// results are the raw samples of every run of one server.
type results struct {
	opens, changes, hovers []time.Duration
	changeByRun            []time.Duration // median change of each run
	cpu                    []time.Duration // the server's CPU time per run
}

func (r results) open() time.Duration   { return median(r.opens) }
func (r results) change() time.Duration { return median(r.changes) }
func (r results) hover() time.Duration  { return median(r.hovers) }

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func span(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return fmt.Sprintf("%s–%s", ms(s[0]), ms(s[len(s)-1]))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func report(name string, r results) {
	fmt.Printf("%-8s %12s %12s %12s   open %s, change %s; server CPU per run %s\n", name, ms(r.open()), ms(r.change()),
		fmt.Sprintf("%.3fms", float64(r.hover().Microseconds())/1000), span(r.opens), span(r.changeByRun), ms(median(r.cpu)))
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// generate makes a realistic file of exactly lines lines: functions with
// loops and calls, classes with methods, then a call of the first
// function, whose position (0-based line and column of "work_0") it
// returns for the hovers. It is valid Python and valid Weft.
func generate(lines int) (string, int, int) {
	const block = 16 // lines per function+class pair below
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

type client struct {
	conn  *jsonrpc2.Conn
	uri   string
	mu    sync.Mutex
	diags chan published
}

type published struct {
	at      time.Time
	version *int
}

func (c *client) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		if req.Method == "textDocument/publishDiagnostics" && req.Params != nil {
			var p struct {
				URI     string `json:"uri"`
				Version *int   `json:"version"`
			}
			_ = json.Unmarshal(*req.Params, &p)
			c.mu.Lock()
			uri := c.uri
			c.mu.Unlock()
			if p.URI == uri {
				select {
				case c.diags <- published{time.Now(), p.Version}:
				default:
				}
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

func measureRuns(argv []string, dir, name, lang string, cfg config, runs int) results {
	var r results
	for i := 0; i < runs; i++ {
		one := measure(argv, dir, name, lang, cfg)
		r.opens = append(r.opens, one.opens...)
		r.changes = append(r.changes, one.changes...)
		r.hovers = append(r.hovers, one.hovers...)
		r.changeByRun = append(r.changeByRun, median(one.changes))
		r.cpu = append(r.cpu, one.cpu...)
	}
	return r
}

func measure(argv []string, dir, name, lang string, cfg config) results {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	check(err)
	stdout, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	c := &client{diags: make(chan published, 16)}
	ctx := context.Background()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipe{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	root := "file://" + dir
	var initRes any
	check(c.conn.Call(ctx, "initialize", map[string]any{"processId": os.Getpid(), "rootUri": root,
		"capabilities":     map[string]any{"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}}}},
		"workspaceFolders": []any{map[string]any{"uri": root, "name": "bench"}}}, &initRes))
	check(c.conn.Notify(ctx, "initialized", map[string]any{}))
	path := filepath.Join(dir, name)
	check(os.WriteFile(path, []byte(cfg.src), 0o644))
	uri := "file://" + path
	c.mu.Lock()
	c.uri = uri
	c.mu.Unlock()
	var r results
	drain(c.diags)
	t0 := time.Now()
	check(c.conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": lang, "version": 1, "text": cfg.src}}))
	r.opens = append(r.opens, waitDiag(c.diags, t0, 1))
	for k := 0; k < cfg.changes; k++ {
		// Let servers that publish twice settle; isolated keystrokes.
		time.Sleep(300 * time.Millisecond)
		drain(c.diags)
		version := k + 2
		// Insert a letter, then delete it: "total" ⇄ "ttotal" on line 2.
		end, text := 4, "t"
		if k%2 == 1 {
			end, text = 5, ""
		}
		t1 := time.Now()
		check(c.conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []any{map[string]any{"range": map[string]any{
				"start": map[string]any{"line": 1, "character": 4}, "end": map[string]any{"line": 1, "character": end}}, "text": text}}}))
		r.changes = append(r.changes, waitDiag(c.diags, t1, version))
	}
	for i := 0; i < cfg.hovers; i++ {
		var h struct {
			Contents any `json:"contents"`
		}
		t := time.Now()
		check(c.conn.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": cfg.hoverLine, "character": cfg.hoverCol}}, &h))
		r.hovers = append(r.hovers, time.Since(t))
		if i == 0 && h.Contents == nil {
			check(fmt.Errorf("%s: empty hover at %d:%d", argv[0], cfg.hoverLine, cfg.hoverCol))
		}
	}
	var none any
	_ = c.conn.Call(ctx, "shutdown", nil, &none)
	_ = c.conn.Notify(ctx, "exit", nil)
	select {
	case <-exited:
		if st := cmd.ProcessState; st != nil {
			r.cpu = append(r.cpu, st.UserTime()+st.SystemTime())
		}
	case <-time.After(5 * time.Second):
	}
	return r
}

func drain(ch chan published) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// waitDiag waits for diagnostics of version (or of no version, for
// servers that do not send one) and returns the time since start.
func waitDiag(ch chan published, start time.Time, version int) time.Duration {
	deadline := time.After(120 * time.Second)
	for {
		select {
		case p := <-ch:
			if p.version == nil || *p.version >= version {
				return p.at.Sub(start)
			}
		case <-deadline:
			check(fmt.Errorf("no publishDiagnostics for version %d within 120s", version))
		}
	}
}
