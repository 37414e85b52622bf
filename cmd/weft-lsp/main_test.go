package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func frame(v any) string {
	b, _ := json.Marshal(v)
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(b), b)
}

// readFrame reads one Content-Length frame; anything else on stdout is a
// protocol violation.
func readFrame(t *testing.T, r *bufio.Reader) map[string]any {
	t.Helper()
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading header: %v", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(name, "Content-Length") {
			t.Fatalf("stdout is not a protocol frame: %q", line)
		}
		length, _ = strconv.Atoi(strings.TrimSpace(value))
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("bad JSON %q: %v", body, err)
	}
	return m
}

// TestBinaryOverStdio builds the server and drives it over real stdio:
// initialize, a document with an error, a malformed message, shutdown and
// exit with status 0; stdout carries only frames, the log goes to --log.
func TestBinaryOverStdio(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "weft-lsp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	logPath := filepath.Join(dir, "server.log")
	cmd := exec.Command(bin, "--log", logPath)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	send := func(s string) {
		if _, err := io.WriteString(stdin, s); err != nil {
			t.Fatal(err)
		}
	}
	send(frame(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}}))
	if m := readFrame(t, r); m["id"] != float64(1) || m["result"] == nil {
		t.Fatalf("initialize: %v", m)
	}
	send(frame(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}}))
	send("Content-Length: 5\r\n\r\n{oops")
	if m := readFrame(t, r); m["error"] == nil {
		t.Fatalf("malformed JSON should get a parse error, got %v", m)
	}
	send(frame(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///x.weft", "languageId": "weft", "version": 1, "text": "x = (\n"}}}))
	if m := readFrame(t, r); m["method"] != "textDocument/publishDiagnostics" {
		t.Fatalf("want diagnostics, got %v", m)
	}
	send(frame(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
	if m := readFrame(t, r); m["id"] != float64(2) {
		t.Fatalf("shutdown: %v", m)
	}
	send(frame(map[string]any{"jsonrpc": "2.0", "method": "exit"}))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit status: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not exit")
	}
	logText, _ := os.ReadFile(logPath)
	if !strings.Contains(string(logText), "initialize") {
		t.Errorf("log file lacks the initialize line: %q", logText)
	}
}
