package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`
[run]
preempt = 100   # another tool's table: skipped

[lint]
select = ["E", "W2", "A301", "unused-import"]
ignore = ["W205"]
max-stack = 32
max-frame-bytes = 4096
fail-on = "warning"

[lint.per-path-ignores]
"tests/**" = ["W201"]
"gen_*.weft" = ["ALL"]
`), "/proj/weft.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxStack != 32 || c.MaxFrameBytes != 4096 || c.FailOn != source.Warning || c.Dir != "/proj" {
		t.Errorf("settings: %+v", c)
	}
	for _, tc := range []struct {
		code, name, path string
		want             bool
	}{
		{"E201", "undefined-name", "/proj/a.weft", true},
		{"W201", "unused-variable", "/proj/a.weft", true},
		{"W201", "unused-variable", "/proj/tests/x/a.weft", false},
		{"W202", "unused-import", "/proj/tests/a.weft", true},
		{"W205", "shadowed-builtin", "/proj/a.weft", false},
		{"S401", "stack-depth", "/proj/a.weft", false}, // not selected
		{"A301", "call-arity", "/proj/sub/gen_x.weft", false},
		{"T501", "tasklets-never-run", "/proj/a.weft", false},
	} {
		if got := c.Enabled(tc.code, tc.name, tc.path); got != tc.want {
			t.Errorf("Enabled(%s, %s) = %v, want %v", tc.code, tc.path, got, tc.want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[lint]\nselct = [\"E\"]", "unknown setting"},
		{"[lint]\nselect = [\"X999\"]", "unknown rule"},
		{"[lint]\nignore = [\"not-a-rule\"]", "unknown rule"},
		{"[lint]\nmax-stack = 0", "max-stack must be positive"},
		{"[lint]\nmax-frame-bytes = -1", "must not be negative"},
		{"[lint]\nfail-on = \"sometimes\"", "fail-on"},
		{"[lint]\nfail-on = \"info\"", "fail-on"},
		{"[lint]\nmax-stack = \"big\"", "weft.toml"},
		{"[lint.per-path-ignores]\n\"x\" = [\"Q1\"]", "unknown rule"},
		{"[lint\n", "weft.toml"},
	} {
		_, err := ParseConfig([]byte(tc.text), "weft.toml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.text, err, tc.want)
		}
	}
}

func TestConfigLoaderWalksUp(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "weft.toml"), "[lint]\nmax-stack = 10\n")
	writeFile(t, filepath.Join(root, "a", "b", "c.weft"), "x = 1\n")
	writeFile(t, filepath.Join(root, "a", "own", "weft.toml"), "[lint]\nmax-stack = 20\n")
	var l ConfigLoader
	c, err := l.ForFile(filepath.Join(root, "a", "b", "c.weft"))
	if err != nil || c.MaxStack != 10 || c.Path != filepath.Join(root, "weft.toml") {
		t.Fatalf("got %+v, %v", c, err)
	}
	c2, err := l.ForFile(filepath.Join(root, "a", "own", "d.weft"))
	if err != nil || c2.MaxStack != 20 {
		t.Fatalf("nearest config: got %+v, %v", c2, err)
	}
	// A broken config is an error for every file below it.
	writeFile(t, filepath.Join(root, "bad", "weft.toml"), "[lint]\nmax-stack = -3\n")
	if _, err := l.ForFile(filepath.Join(root, "bad", "x.weft")); err == nil {
		t.Error("broken weft.toml: no error")
	}
	if c, err := FindConfig(t.TempDir()); err != nil || c.MaxStack != DefaultMaxStack {
		t.Errorf("no config: got %+v, %v", c, err)
	}
}

func TestConfigAppliesToCheck(t *testing.T) {
	src := "import math\n\ndef f():\n    x = 1\n    return 0\n"
	f := source.NewFile("/proj/tests/t.weft", []byte(src))
	codes := func(cfg *Config) string {
		var out []string
		for _, d := range Check(f, cfg, nil) {
			out = append(out, d.Code)
		}
		return strings.Join(out, ",")
	}
	if got := codes(nil); got != "W202,W201" {
		t.Errorf("defaults: %s", got)
	}
	c, _ := ParseConfig([]byte("[lint]\nignore = [\"W202\"]\n"), "/proj/weft.toml")
	if got := codes(c); got != "W201" {
		t.Errorf("ignore: %s", got)
	}
	c, _ = ParseConfig([]byte("[lint.per-path-ignores]\n\"tests/*.weft\" = [\"W2\"]\n"), "/proj/weft.toml")
	if got := codes(c); got != "" {
		t.Errorf("per-path-ignores: %s", got)
	}
	c, _ = ParseConfig([]byte("[lint]\nselect = [\"unused-import\"]\n"), "/proj/weft.toml")
	if got := codes(c); got != "W202" {
		t.Errorf("select by name: %s", got)
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		glob, path string
		want       bool
	}{
		{"tests/**", "tests/a/b.weft", true},
		{"tests/**", "src/a.weft", false},
		{"**/gen_*.weft", "a/b/gen_x.weft", true},
		{"**/gen_*.weft", "gen_x.weft", true},
		{"src/*.weft", "src/a.weft", true},
		{"src/*.weft", "src/sub/a.weft", false},
		{"a/**/z.weft", "a/z.weft", true},
		{"a/**/z.weft", "a/b/c/z.weft", true},
	} {
		if got := globMatch(tc.glob, tc.path); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v", tc.glob, tc.path, got)
		}
	}
}

func TestParseIgnore(t *testing.T) {
	for _, tc := range []struct {
		text  string
		codes string
		ok    bool
	}{
		{"# weft: ignore", "", true},
		{"#weft:ignore", "", true},
		{"# weft: ignore[W201]", "W201", true},
		{"# weft: ignore[W201, E2 ,unused-import]", "W201,E2,unused-import", true},
		{"# noqa # weft: ignore[A301]", "A301", true},
		{"# weft: ignored", "", false},
		{"# weft: ignore[W201", "", false},
		{"# a weft program", "", false},
		{"# weft: ignore[]", "", true},
	} {
		codes, ok := ParseIgnore(tc.text)
		if ok != tc.ok || strings.Join(codes, ",") != tc.codes {
			t.Errorf("ParseIgnore(%q) = %q, %v", tc.text, codes, ok)
		}
	}
}

func TestFrontEndErrorsAlwaysReported(t *testing.T) {
	f := source.NewFile("t.weft", []byte("def f(:\n    pass  # weft: ignore\n"))
	c, _ := ParseConfig([]byte("[lint]\nignore = [\"E\"]\n"), "weft.toml")
	ds := Check(f, c, nil)
	if len(ds) == 0 || ds[0].Code != "E101" {
		t.Errorf("got %v, want a syntax error", ds)
	}
}
