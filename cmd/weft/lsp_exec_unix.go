//go:build unix

package main

import (
	"os"
	"syscall"
)

// handOver replaces this process with the server at path, run with args:
// the editor's pipes, signals and process id carry over unchanged. It
// returns only if the exec fails.
func handOver(path string, args []string) error {
	return syscall.Exec(path, append([]string{path}, args...), os.Environ())
}
