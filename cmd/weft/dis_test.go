package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDisCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.weft")
	os.WriteFile(good, []byte("def f(a, b):\n    return a + b\n"), 0o644)
	bad := filepath.Join(dir, "bad.weft")
	os.WriteFile(bad, []byte("x = (\n"), 0o644)

	var out, errOut bytes.Buffer
	if st := runMain([]string{"dis", good}, &out, &errOut); st != 0 {
		t.Fatalf("status %d: %s", st, errOut.String())
	}
	for _, want := range []string{"== f (line 1, max_stack 2)", "locals: a, b", "BINARY_OP            0 (+)", "RETURN_VALUE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}

	out.Reset()
	if st := runMain([]string{"dis", "--json", good}, &out, &errOut); st != 0 {
		t.Fatalf("--json status %d", st)
	}
	var js struct {
		Functions []struct {
			Name     string `json:"name"`
			MaxStack int    `json:"max_stack"`
		} `json:"functions"`
	}
	if err := json.Unmarshal(out.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Functions) != 2 || js.Functions[0].Name != "<module>" || js.Functions[1].MaxStack != 2 {
		t.Errorf("json %s", out.String())
	}

	out.Reset()
	errOut.Reset()
	if st := runMain([]string{"dis", bad}, &out, &errOut); st != 2 {
		t.Errorf("syntax error: status %d", st)
	}
	if !strings.HasPrefix(errOut.String(), bad+":") || !strings.Contains(errOut.String(), " E1") {
		t.Errorf("stderr %q", errOut.String())
	}
	if st := runMain([]string{"dis"}, &out, &errOut); st != 2 {
		t.Errorf("usage: status %d", st)
	}
}
