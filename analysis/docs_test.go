package analysis

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/weft-lang/weft/compiler/source"
)

// TestDocExamples lints the example of every analyzer section of
// docs/diagnostics.md and compares the result with the text block that
// follows it, so the documentation cannot drift from the analyzers.
func TestDocExamples(t *testing.T) {
	data, err := os.ReadFile("../docs/diagnostics.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, "## Lint analyzers")
	if i < 0 {
		t.Fatal("no analyzer section in docs/diagnostics.md")
	}
	heading := regexp.MustCompile(`(?m)^### ([A-Z]\d{3}) ([a-z-]+)\n`)
	block := regexp.MustCompile("(?s)```(python|toml|text)\n(.*?)```\n")
	sections := heading.FindAllStringSubmatchIndex(doc[i:], -1)
	documented := map[string]bool{}
	for k, sec := range sections {
		code, name := doc[i+sec[2]:i+sec[3]], doc[i+sec[4]:i+sec[5]]
		end := len(doc)
		if k+1 < len(sections) {
			end = i + sections[k+1][0]
		}
		body := doc[i+sec[1] : end]
		documented[code] = true
		var a *Analyzer
		for _, x := range Analyzers() {
			if x.Code == code {
				a = x
			}
		}
		if a == nil {
			if code != "E902" {
				t.Errorf("%s: not an analyzer", code)
			}
			continue
		}
		if a.Name != name {
			t.Errorf("%s: documented as %q, named %q", code, name, a.Name)
		}
		blocks := map[string]string{}
		for _, m := range block.FindAllStringSubmatch(body, -1) {
			blocks[m[1]] = m[2]
		}
		if blocks["python"] == "" || blocks["text"] == "" {
			t.Errorf("%s: example needs a python and a text block", code)
			continue
		}
		cfg := DefaultConfig()
		if blocks["toml"] != "" {
			if cfg, err = ParseConfig([]byte(blocks["toml"]), "weft.toml"); err != nil {
				t.Fatalf("%s: %v", code, err)
			}
		}
		var got []string
		for _, d := range Check(source.NewFile("example.weft", []byte(blocks["python"])), cfg, nil) {
			got = append(got, d.String())
		}
		if g, w := strings.Join(got, "\n"), strings.TrimSpace(blocks["text"]); g != w {
			t.Errorf("%s example:\ngot:\n%s\nwant:\n%s", code, g, w)
		}
	}
	for _, a := range Analyzers() {
		if !documented[a.Code] {
			t.Errorf("%s %s has no section in docs/diagnostics.md", a.Code, a.Name)
		}
		if !strings.Contains(doc, "| "+a.Code+" | "+a.Name+" | "+a.Severity.String()+" |") {
			t.Errorf("%s %s has no row in the table of docs/diagnostics.md", a.Code, a.Name)
		}
	}
}
