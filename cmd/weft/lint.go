package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

func init() {
	register("lint", "check .weft files: weft lint [--format text|json] [PATHS...]", lintCmd)
}

// jsonDiagnostic is one entry of `weft lint --format json`.
type jsonDiagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     struct {
		Files    int `json:"files"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
	} `json:"summary"`
}

func lintCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: text or json")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "weft lint: unknown format %q (want text or json)\n", *format)
		return 2
	}
	paths := fl.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := collectFiles(paths)
	if err != nil {
		fmt.Fprintf(stderr, "weft lint: %v\n", err)
		return 2
	}
	var all source.Diagnostics
	for _, p := range files {
		text, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(stderr, "weft lint: %v\n", err)
			return 2
		}
		all = append(all, checkFile(source.NewFile(p, text))...)
	}
	all.Sort()
	var report jsonReport
	report.Diagnostics = []jsonDiagnostic{}
	report.Summary.Files = len(files)
	for _, d := range all {
		switch d.Severity {
		case source.Error:
			report.Summary.Errors++
		case source.Warning:
			report.Summary.Warnings++
		}
	}
	if *format == "json" {
		for _, d := range all {
			end := d.File.Position(d.Span.End)
			report.Diagnostics = append(report.Diagnostics, jsonDiagnostic{
				File: d.File.Name, Line: d.File.Position(d.Span.Start).Line, Column: d.File.RuneColumn(d.Span.Start),
				EndLine: end.Line, EndColumn: d.File.RuneColumn(d.Span.End),
				Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
			})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return 2
		}
	} else {
		for _, d := range all {
			fmt.Fprintln(stdout, d.String())
		}
	}
	if report.Summary.Errors > 0 {
		return 1
	}
	return 0
}

// checkFile runs the syntax and scope checks on one file.
func checkFile(f *source.File) source.Diagnostics {
	m, diags := syntax.Parse(f)
	if m != nil {
		diags = append(diags, resolve.Resolve(m)...)
	}
	for i := range diags {
		if diags[i].File == nil {
			diags[i].File = f
		}
	}
	return diags
}

// collectFiles expands folders into their *.weft files (sorted); a path
// that does not exist is an error.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".weft") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
