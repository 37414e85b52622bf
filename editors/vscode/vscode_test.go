// Package vscode runs the VS Code extension's npm test suite (grammar
// tests and the protocol client test) from `go test`, so the one test
// command covers the extension too.
package vscode

import (
	"os"
	"os/exec"
	"testing"
)

func TestExtension(t *testing.T) {
	if _, err := os.Stat("node_modules"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("editors/vscode/node_modules missing: .ci/run must run npm ci")
		}
		t.Skip("npm dependencies not installed (run `npm ci` in editors/vscode)")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm not installed")
	}
	cmd := exec.Command("npm", "test")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm test: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
