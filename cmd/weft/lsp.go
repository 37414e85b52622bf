package main

// `weft lsp` runs the language server, which is a binary of its own,
// weft-lsp (cmd/weft-lsp), installed next to weft.
//
// Why not link the server into weft: the LSP protocol types
// (go.lsp.dev/protocol) bring zap, and zap brings net/http and
// crypto/tls. Go runs every linked package's init in every process, keeps
// what they allocate and scans their globals at every collection, and the
// kernel maps the code and tables they touch 64 KB at a time. Linked into
// weft, they cost each `weft run` 0.6-1.3 MB of peak RSS (fib 6.7 → 5.7 MB,
// objects 8.2 → 7.7), 1 ms of start-up, part of each of its program's
// collections and 3 MB of binary (bench/README.md, stop 30). A language
// server runs once per editor; programs run all the time.
//
// Editors keep starting `weft lsp`: on Unix weft replaces itself with the
// server (exec: the same process, stdio and signals), elsewhere it runs
// the server as a child on its own stdio and passes on its exit status.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

func init() {
	register("lsp", "run the language server on stdio (--listen ADDR for TCP, --log FILE); needs weft-lsp installed", lspCmd)
}

func lspCmd(args []string, stdout, stderr io.Writer) int {
	server, err := findServer()
	if err != nil {
		fmt.Fprintf(stderr, "weft lsp: %v\n", err)
		return 2
	}
	if err := handOver(server, args); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintf(stderr, "weft lsp: %v\n", err)
		return 2
	}
	return 0
}

// serverName is the language server's file name.
func serverName() string {
	if runtime.GOOS == "windows" {
		return "weft-lsp.exe"
	}
	return "weft-lsp"
}

// findServer returns the path of weft-lsp: the one next to this weft
// binary (symlinks resolved), as `go install ./cmd/...` and release
// archives place them, or else the first on PATH.
func findServer() (string, error) {
	name := serverName()
	if self, err := os.Executable(); err == nil {
		if self, err = filepath.EvalSymlinks(self); err == nil {
			beside := filepath.Join(filepath.Dir(self), name)
			if st, err := os.Stat(beside); err == nil && !st.IsDir() {
				return beside, nil
			}
		}
	}
	if onPath, err := exec.LookPath(name); err == nil {
		return onPath, nil
	}
	return "", fmt.Errorf("the language server %s is neither next to weft nor on PATH; install it with\n"+
		"  CGO_ENABLED=0 go install github.com/weft-lang/weft/cmd/weft-lsp@latest", name)
}
