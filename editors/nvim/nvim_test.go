// Package nvim holds the headless Neovim test of the Weft plugin: it runs
// the real built-in LSP client against the real `weft lsp`.
package nvim

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestNeovimClient(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is required in CI (apt-get install -y neovim)")
		}
		t.Skip("nvim not installed; skipping the Neovim client test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "weft")
	// `weft lsp` hands over to the weft-lsp beside it.
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "../../cmd/weft", "../../cmd/weft-lsp")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build weft and weft-lsp: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "demo.weft")
	src := "def square(x):\n    return x * x\n\nsquare(7)\ny = (\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "out.json")
	plugin, _ := filepath.Abs(".")
	cmd := exec.Command(nvim, "--headless", "-u", "NONE", "-i", "NONE",
		"--cmd", "set rtp^="+plugin, "--cmd", "filetype on",
		"--cmd", "runtime! plugin/weft.lua", "--cmd", "runtime! ftdetect/weft.vim",
		"-c", "luafile "+filepath.Join(plugin, "test", "run.lua"))
	cmd.Env = append(os.Environ(), "WEFT_BIN="+bin, "WEFT_FILE="+file, "WEFT_OUT="+outPath, "HOME="+dir, "XDG_STATE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("no result from the Neovim script: %v", err)
	}
	var res struct {
		Error       string `json:"error"`
		Filetype    string `json:"filetype"`
		Diagnostics []struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"diagnostics"`
		Hover string `json:"hover"`
		Virt  []struct {
			Line int    `json:"line"`
			Text string `json:"text"`
		} `json:"virt"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("bad result %s: %v", data, err)
	}
	if res.Error != "" {
		t.Fatalf("script error: %s", res.Error)
	}
	if res.Filetype != "weft" {
		t.Errorf("filetype %q, want weft", res.Filetype)
	}
	foundErr := false
	for _, d := range res.Diagnostics {
		if d.Line >= 4 {
			foundErr = true
		}
	}
	if !foundErr {
		t.Errorf("no diagnostic for the unclosed '(' on line 5: %+v", res.Diagnostics)
	}
	if !strings.Contains(res.Hover, "max stack 2 slots") {
		t.Errorf("hover %q lacks the stack size", res.Hover)
	}
	foundVal := false
	for _, v := range res.Virt {
		if v.Line == 3 && strings.Contains(v.Text, "= 49") {
			foundVal = true
		}
	}
	if !foundVal {
		t.Errorf("no '= 49' virtual text on line 4: %+v", res.Virt)
	}
}
