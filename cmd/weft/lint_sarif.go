package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/compiler/source"
)

// SARIF 2.1.0 output (the OASIS static-analysis results format that code
// scanning services read): one run whose tool.driver lists every rule,
// and one result per diagnostic.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	Name                 string           `json:"name"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	Help                 sarifText        `json:"help"`
	DefaultConfiguration sarifRuleDefault `json:"defaultConfiguration"`
}

type sarifRuleDefault struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex *int            `json:"ruleIndex,omitempty"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

func sarifLevel(s source.Severity) string {
	switch s {
	case source.Error:
		return "error"
	case source.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, all source.Diagnostics) error {
	rules := analysis.Rules()
	index := map[string]int{}
	driver := sarifDriver{Name: "weft", Version: version, InformationURI: "https://github.com/weft-lang/weft/blob/main/docs/diagnostics.md"}
	for i, r := range rules {
		index[r.Code] = i
		doc := unwrap(r.Doc)
		short, _, _ := strings.Cut(doc, "\n")
		help := doc + "\n\nSee docs/diagnostics.md (" + r.Code + " " + r.Name + ")."
		if !r.FrontEnd {
			help += " Turn the rule off with ignore = [\"" + r.Code + "\"] in the [lint] table of weft.toml, or on one line with # weft: ignore[" + r.Code + "]."
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.Code, Name: r.Name,
			ShortDescription:     sarifText{short},
			FullDescription:      sarifText{doc},
			Help:                 sarifText{help},
			DefaultConfiguration: sarifRuleDefault{sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: make([]sarifResult, 0, len(all))}
	for _, d := range all {
		line, col, endLine, endCol := position(d)
		var ri *int
		if i, ok := index[d.Code]; ok {
			ri = &i
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: d.Code, RuleIndex: ri, Level: sarifLevel(d.Severity),
			Message: sarifText{d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(d.File.Name)},
				Region:           sarifRegion{StartLine: line, StartColumn: col, EndLine: endLine, EndColumn: endCol},
			}}},
		})
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}); err != nil {
		return err
	}
	return bw.Flush()
}

// sarifURI turns a path into a URI reference: relative paths stay
// relative (resolved against the folder weft lint ran in), absolute ones
// become file: URIs.
func sarifURI(path string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	if filepath.IsAbs(path) {
		u.Scheme = "file"
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path
		}
	}
	return u.String()
}

// unwrap joins the hard-wrapped lines of each paragraph of a rule's doc.
func unwrap(doc string) string {
	paras := strings.Split(doc, "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n")
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 64<<10) }
