package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// TestWeftLinksNoServer keeps the reason weft-lsp is a binary of its own
// (lsp.go): weft must not link the language server or what its protocol
// library brings.
func TestWeftLinksNoServer(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "github.com/weft-lang/weft/lsp", strings.HasPrefix(dep, "go.lsp.dev/"),
			strings.HasPrefix(dep, "go.uber.org/"), dep == "net/http", dep == "crypto/tls":
			t.Errorf("weft links %s", dep)
		}
	}
}

// TestLSPHandsOverToServer runs `weft lsp` as an editor does: the server
// beside weft answers initialize and shutdown on weft's stdio and exits 0.
func TestLSPHandsOverToServer(t *testing.T) {
	weft := buildWeft(t, "../weft-lsp")
	version, err := exec.Command(weft, "lsp", "--version").Output()
	if err != nil || !strings.HasPrefix(string(version), "weft-lsp ") {
		t.Fatalf("weft lsp --version: %q, %v", version, err)
	}

	cmd := exec.Command(weft, "lsp")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard // the server's log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream := jsonrpc2.NewBufferedStream(stdioPipes{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
		return nil, nil // requests from the server (none expected) get an empty reply
	}))
	var init struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, &init); err != nil || init.Capabilities["hoverProvider"] == nil {
		t.Fatalf("initialize: %v, %+v", err, init)
	}
	if err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := conn.Notify(ctx, "exit", nil); err != nil {
		t.Fatalf("exit: %v", err)
	}
	conn.Close() // before Wait, which closes the pipes the connection reads
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server exit: %v", err)
	}
}

// stdioPipes is a child's stdout and stdin as one connection.
type stdioPipes struct {
	io.ReadCloser
	in io.WriteCloser
}

func (p stdioPipes) Write(b []byte) (int, error) { return p.in.Write(b) }

func (p stdioPipes) Close() error {
	p.in.Close()
	return p.ReadCloser.Close()
}

// TestLSPWithoutServer: weft alone says how to install the server and
// exits 2, rather than leaving an editor with a process that never talks.
func TestLSPWithoutServer(t *testing.T) {
	weft := buildWeft(t)
	cmd := exec.Command(weft, "lsp")
	cmd.Env = append(os.Environ(), "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != 2 {
		t.Fatalf("status: %v, output %q", err, out)
	}
	if !strings.Contains(string(out), "weft-lsp") || !strings.Contains(string(out), "go install") {
		t.Errorf("message does not say what to install: %q", out)
	}
}
