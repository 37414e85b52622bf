//go:build !unix

package main

import (
	"os"
	"os/exec"
)

// handOver runs the server at path with args on this process's stdio and
// waits for it; an *exec.ExitError carries its exit status.
func handOver(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}
