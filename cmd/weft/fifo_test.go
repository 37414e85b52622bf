//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNonRegularFilesAreSkipped: a FIFO named like a source file, module
// or config file must not block lint or run (reading one waits for a
// writer forever); lint and imports consider regular files only.
func TestNonRegularFilesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"pipe.weft", "mod.weft", "weft.toml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	user := filepath.Join(dir, "user.weft")
	os.WriteFile(user, []byte("import mod\n"), 0o644)
	run := func(args ...string) (int, string) {
		done := make(chan struct{})
		var out, errOut bytes.Buffer
		var st int
		go func() {
			st = runMain(args, &out, &errOut)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("weft %s blocked on a FIFO", strings.Join(args, " "))
		}
		return st, out.String() + errOut.String()
	}
	if _, out := run("lint", dir); !strings.Contains(out, "user.weft") || strings.Contains(out, "pipe.weft") {
		t.Errorf("lint output:\n%s", out)
	}
	if st, out := run("run", user); st != 1 || !strings.Contains(out, "ModuleNotFoundError: No module named 'mod'") {
		t.Errorf("run: status %d, output:\n%s", st, out)
	}
}
