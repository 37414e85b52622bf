package vscode

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestServerSettingsForwarded: every weft.evaluate.* and weft.lint.*
// setting the extension declares is sent to the server at start-up
// (extension.ts builds initializationOptions key by key; a declared but
// unsent setting applies only after the user next changes the config).
func TestServerSettingsForwarded(t *testing.T) {
	data, err := os.ReadFile("package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Contributes struct {
			Configuration struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"configuration"`
		} `json:"contributes"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("src/extension.ts")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for key := range pkg.Contributes.Configuration.Properties {
		rest, ok := strings.CutPrefix(key, "weft.")
		if !ok || !(strings.HasPrefix(rest, "evaluate.") || strings.HasPrefix(rest, "lint.")) {
			continue
		}
		checked++
		if !regexp.MustCompile(`cfg\.get<[^>]+>\('` + regexp.QuoteMeta(rest) + `'\)`).Match(src) {
			t.Errorf("%s is declared in package.json but extension.ts does not send it", key)
		}
	}
	if checked < 4 {
		t.Errorf("only %d server settings found in package.json", checked)
	}
}
