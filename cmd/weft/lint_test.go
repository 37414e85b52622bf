package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lintTree writes files (path -> text) under a new folder and returns it.
func lintTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	srcClean   = "def f(a):\n    return a + 1\n\n\nprint(f(1))\n"
	srcWarning = "import math\n\n\ndef f():\n    x = 1\n    return 0\n"
	srcError   = "print(nope)\n"
	srcSyntax  = "def f(:\n"
)

func runLint(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	st := runMain(append([]string{"lint"}, args...), &out, &errOut)
	return st, out.String(), errOut.String()
}

func TestLintTextAndExitStatus(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := lintTree(t, map[string]string{"clean.weft": srcClean, "warn.weft": srcWarning, "err.weft": srcError})
	clean, warn, bad := filepath.Join(dir, "clean.weft"), filepath.Join(dir, "warn.weft"), filepath.Join(dir, "err.weft")
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{clean}, 0},
		{[]string{warn}, 0}, // warnings do not fail by default
		{[]string{"--fail-on", "warning", warn}, 1},
		{[]string{bad}, 1},
		{[]string{"--exit-zero", bad}, 0},
		{[]string{"--fail-on", "error", warn, clean}, 0},
		{[]string{"--fail-on", "sometimes", clean}, 2},
		{[]string{"--format", "xml", clean}, 2},
		{[]string{filepath.Join(dir, "missing.weft")}, 2},
	} {
		if st, out, errOut := runLint(t, tc.args...); st != tc.want {
			t.Errorf("weft lint %v: status %d, want %d\n%s%s", tc.args, st, tc.want, out, errOut)
		}
	}
	st, out, _ := runLint(t, dir)
	if st != 1 {
		t.Errorf("folder: status %d", st)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		bad + ":1:7: E201 undefined name 'nope'",
		warn + ":1:8: W202 'math' imported but unused",
		warn + ":5:5: W201 local variable 'x' is assigned to but never used",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("text output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	if strings.Contains(out, "\033[") {
		t.Error("colour in output that is not a terminal")
	}
}

func TestLintJSONShape(t *testing.T) {
	dir := lintTree(t, map[string]string{"a.weft": "x = 'é'; print(nope)\n", "b.weft": srcWarning})
	st, out, _ := runLint(t, "--format", "json", dir)
	if st != 1 {
		t.Errorf("status %d", st)
	}
	// Exactly the documented keys, nothing more.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) != 2 || raw["diagnostics"] == nil || raw["summary"] == nil {
		t.Errorf("top-level keys: %s", out)
	}
	var rep struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Summary     map[string]int   `json:"summary"`
	}
	json.Unmarshal([]byte(out), &rep)
	if len(rep.Diagnostics) != 3 {
		t.Fatalf("diagnostics: %s", out)
	}
	keys := []string{"code", "column", "end_column", "end_line", "file", "line", "message", "severity"}
	for _, d := range rep.Diagnostics {
		if len(d) != len(keys) {
			t.Errorf("keys of %v", d)
		}
		for _, k := range keys {
			if _, ok := d[k]; !ok {
				t.Errorf("missing %q in %v", k, d)
			}
		}
	}
	d := rep.Diagnostics[0]
	// 'é' is one code point: "nope" starts at column 16, ends at 20.
	if d["code"] != "E201" || d["line"] != 1.0 || d["column"] != 16.0 || d["end_column"] != 20.0 || d["severity"] != "error" {
		t.Errorf("first diagnostic %v", d)
	}
	if rep.Summary["files"] != 2 || rep.Summary["errors"] != 1 || rep.Summary["warnings"] != 2 || len(rep.Summary) != 3 {
		t.Errorf("summary %v", rep.Summary)
	}
}

// TestLintSARIF checks the output against the parts of the SARIF 2.1.0
// schema that consumers require.
func TestLintSARIF(t *testing.T) {
	dir := lintTree(t, map[string]string{"a b.weft": srcError + srcWarning, "s.weft": srcSyntax})
	st, out, errOut := runLint(t, "--format", "sarif", dir)
	if st != 1 {
		t.Fatalf("status %d: %s", st, errOut)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" || !strings.Contains(log["$schema"].(string), "sarif-2.1.0") {
		t.Errorf("version/schema: %v %v", log["version"], log["$schema"])
	}
	runs := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("runs: %d", len(runs))
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "weft" {
		t.Errorf("driver name %v", driver["name"])
	}
	rules := driver["rules"].([]any)
	ruleIndex := map[string]int{}
	for i, r := range rules {
		rule := r.(map[string]any)
		id, _ := rule["id"].(string)
		if id == "" || rule["name"] == "" {
			t.Errorf("rule %d lacks id or name: %v", i, rule)
		}
		for _, k := range []string{"shortDescription", "fullDescription", "help"} {
			m, ok := rule[k].(map[string]any)
			if !ok || m["text"] == "" {
				t.Errorf("rule %s: %s.text missing", id, k)
			}
		}
		level := rule["defaultConfiguration"].(map[string]any)["level"]
		if level != "error" && level != "warning" && level != "note" {
			t.Errorf("rule %s: level %v", id, level)
		}
		ruleIndex[id] = i
	}
	for _, code := range []string{"E101", "E201", "W201", "A301", "S401", "T503"} {
		if _, ok := ruleIndex[code]; !ok {
			t.Errorf("rule %s missing", code)
		}
	}
	results := run["results"].([]any)
	if len(results) != 4 {
		t.Fatalf("%d results:\n%s", len(results), out)
	}
	seenURI := map[string]bool{}
	for _, r := range results {
		res := r.(map[string]any)
		id := res["ruleId"].(string)
		if int(res["ruleIndex"].(float64)) != ruleIndex[id] {
			t.Errorf("%s: ruleIndex %v", id, res["ruleIndex"])
		}
		if lv := res["level"]; lv != "error" && lv != "warning" && lv != "note" {
			t.Errorf("%s: level %v", id, lv)
		}
		if res["message"].(map[string]any)["text"] == "" {
			t.Errorf("%s: no message text", id)
		}
		loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		seenURI[loc["artifactLocation"].(map[string]any)["uri"].(string)] = true
		reg := loc["region"].(map[string]any)
		for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
			if v, ok := reg[k].(float64); !ok || v < 1 {
				t.Errorf("%s: region.%s = %v", id, k, reg[k])
			}
		}
	}
	if !seenURI[filepath.ToSlash(filepath.Join(dir, "a%20b.weft"))] && !seenURI["file://"+filepath.ToSlash(filepath.Join(dir, "a%20b.weft"))] {
		t.Errorf("URIs %v: want the space escaped", seenURI)
	}
}

func TestLintGitHub(t *testing.T) {
	dir := lintTree(t, map[string]string{"a.weft": srcError + srcWarning})
	t.Setenv("GITHUB_ACTIONS", "true")
	_, out, _ := runLint(t, dir) // github is the default inside Actions
	p := filepath.Join(dir, "a.weft")
	want := []string{
		"::error file=" + ghProperty(p) + ",line=1,col=7,endLine=1,endColumn=11,title=E201::undefined name 'nope'",
		"::warning file=" + ghProperty(p) + ",line=2,col=8,endLine=2,endColumn=12,title=W202::'math' imported but unused",
		"::warning file=" + ghProperty(p) + ",line=6,col=5,endLine=6,endColumn=6,title=W201::local variable 'x' is assigned to but never used",
	}
	if got := strings.TrimSpace(out); got != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if ghData("a%b\nc") != "a%25b%0Ac" || ghProperty("x:y,z") != "x%3Ay%2Cz" {
		t.Error("escaping")
	}
}

func TestLintStackReport(t *testing.T) {
	dir := lintTree(t, map[string]string{"s.weft": "def f(n):\n    return 0 if n == 0 else f(n - 1)\n\n\ndef g():\n    return [f(1)]\n\n\ng()\n"})
	st, out, _ := runLint(t, "--stack-report", dir)
	if st != 0 {
		t.Errorf("status %d", st)
	}
	for _, want := range []string{"S402 unbounded recursion: recursive via f → f", "function", "frame", "unbounded: recursive via f → f", "g  "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runLint(t, "--stack-report", "--format", "json", dir)
	var rep struct {
		StackReport []struct {
			File      string `json:"file"`
			Functions []struct {
				Name       string   `json:"name"`
				FrameBytes int      `json:"frame_bytes"`
				Chain      []string `json:"chain"`
				Cycle      []string `json:"cycle"`
			} `json:"functions"`
		} `json:"stack_report"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.StackReport) != 1 || len(rep.StackReport[0].Functions) != 3 {
		t.Fatalf("json stack report: %v\n%s", err, out)
	}
	g := rep.StackReport[0].Functions[2]
	if g.Name != "g" || g.FrameBytes <= 0 || strings.Join(g.Cycle, ",") != "f,f" {
		t.Errorf("g: %+v", g)
	}
}

func TestLintConfig(t *testing.T) {
	dir := lintTree(t, map[string]string{
		"weft.toml":            "[lint]\nignore = [\"W201\"]\nfail-on = \"warning\"\n\n[lint.per-path-ignores]\n\"gen/**\" = [\"W202\"]\n",
		"a.weft":               srcWarning,
		"gen/b.weft":           srcWarning,
		"sub/weft.toml":        "[lint]\nselect = [\"E\"]\n",
		"sub/c.weft":           srcWarning + srcError,
		"broken/weft.toml":     "[lint]\nmax-stack = \"many\"\n",
		"broken/d.weft":        srcClean,
		"suppressed/e.weft":    "import math  # weft: ignore[W202]\nprint(nope)  # weft: ignore\n",
		"suppressed/weft.toml": "[lint]\n",
	})
	st, out, errOut := runLint(t, filepath.Join(dir, "a.weft"), filepath.Join(dir, "gen"), filepath.Join(dir, "sub"), filepath.Join(dir, "suppressed"))
	want := []string{
		filepath.Join(dir, "a.weft") + ":1:8: W202 'math' imported but unused",
		filepath.Join(dir, "sub", "c.weft") + ":7:7: E201 undefined name 'nope'",
	}
	if st != 1 || strings.TrimSpace(out) != strings.Join(want, "\n") {
		t.Errorf("status %d, output:\n%s%s\nwant:\n%s", st, out, errOut, strings.Join(want, "\n"))
	}
	// fail-on = "warning" in the root config makes a warning fail.
	if st, _, _ := runLint(t, filepath.Join(dir, "a.weft")); st != 1 {
		t.Errorf("fail-on from weft.toml: status %d", st)
	}
	if st, _, _ := runLint(t, "--fail-on", "error", filepath.Join(dir, "a.weft")); st != 0 {
		t.Errorf("--fail-on overrides weft.toml: status %d", st)
	}
	st, _, errOut = runLint(t, filepath.Join(dir, "broken"))
	if st != 2 || !strings.Contains(errOut, "weft.toml") {
		t.Errorf("broken config: status %d, %q", st, errOut)
	}
	st, out, _ = runLint(t, "--config", filepath.Join(dir, "sub", "weft.toml"), filepath.Join(dir, "a.weft"))
	if st != 0 || out != "" {
		t.Errorf("--config: status %d, %q", st, out)
	}
}

// buildWeft builds the weft binary, and the packages of beside next to
// it (as `go install ./cmd/...` places them), into a temporary folder for
// the tests that run it as a separate process; it returns weft's path.
func buildWeft(t *testing.T, beside ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	args := append([]string{"build", "-o", dir + string(filepath.Separator), "."}, beside...)
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return filepath.Join(dir, "weft")
}

func TestLintBinaryExitCodes(t *testing.T) {
	bin := buildWeft(t)
	dir := lintTree(t, map[string]string{"clean.weft": srcClean, "warn.weft": srcWarning, "err.weft": srcError, "syn.weft": srcSyntax})
	for _, tc := range []struct {
		args []string
		want int
		out  string // regexp the stdout must match
	}{
		{[]string{"lint", "clean.weft"}, 0, `^$`},
		{[]string{"lint", "warn.weft"}, 0, `W202`},
		{[]string{"lint", "--fail-on", "warning", "warn.weft"}, 1, `W201`},
		{[]string{"lint", "err.weft"}, 1, `^err.weft:1:7: E201 undefined name 'nope'\n$`},
		{[]string{"lint", "syn.weft"}, 1, `E101`},
		{[]string{"lint", "--exit-zero", "err.weft", "syn.weft"}, 0, `E201`},
		{[]string{"lint", "--format", "sarif", "err.weft"}, 1, `"version": "2.1.0"`},
		{[]string{"lint", "--bogus"}, 2, `^$`},
		{[]string{"lint", "nothere.weft"}, 2, `^$`},
		{[]string{"lint", "--stack-report", "clean.weft"}, 0, `worst case`},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1")
		var out bytes.Buffer
		cmd.Stdout = &out
		err := cmd.Run()
		st := 0
		if ee, ok := err.(*exec.ExitError); ok {
			st = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if st != tc.want {
			t.Errorf("weft %v: exit %d, want %d\n%s", tc.args, st, tc.want, out.String())
		}
		if !regexp.MustCompile(tc.out).MatchString(out.String()) {
			t.Errorf("weft %v: output %q does not match %q", tc.args, out.String(), tc.out)
		}
	}
}

func TestLintManyFilesParallel(t *testing.T) {
	files := map[string]string{}
	for i := range 60 {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".weft")] = srcWarning
	}
	dir := lintTree(t, files)
	st1, out1, _ := runLint(t, "--format", "json", dir)
	st2, out2, _ := runLint(t, "--format", "json", dir)
	if st1 != 0 || st1 != st2 || out1 != out2 {
		t.Errorf("parallel runs differ or fail: %d %d", st1, st2)
	}
	if n := strings.Count(out1, `"W202"`); n != 60 {
		t.Errorf("%d W202 findings, want 60", n)
	}
}
