package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/compiler/source"
)

// `weft lint` checks .weft files with the analyzers of package analysis.
//
// Exit status, as ruff's: 0 when no diagnostic reaches the fail level
// (--fail-on, else fail-on of the file's weft.toml, else "error"), 1 when
// one does (0 with --exit-zero), 2 for usage, configuration and I/O
// errors. Files are checked in parallel on every core; the output is in
// file and position order whatever the scheduling.

func init() {
	register("lint", "check .weft files: weft lint [--format text|json|sarif|github] [--stack-report] [--fail-on warning|error] [--exit-zero] [PATHS...]", lintCmd)
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
	// StackReport is present only with --stack-report.
	StackReport []jsonStackFile `json:"stack_report,omitempty"`
}

type jsonStackFile struct {
	File      string          `json:"file"`
	Functions []jsonStackFunc `json:"functions"`
}

type jsonStackFunc struct {
	Name       string   `json:"name"`
	Kind       string   `json:"kind"`
	Line       int      `json:"line"`
	MaxStack   int      `json:"max_stack"`
	Locals     int      `json:"locals"`
	Cells      int      `json:"cells"`
	FrameBytes int      `json:"frame_bytes"`
	Chain      []string `json:"chain"`
	ChainBytes int      `json:"chain_bytes"`
	Cycle      []string `json:"cycle,omitempty"`
}

// lintOptions are the parsed flags.
type lintOptions struct {
	format      string
	stackReport bool
	exitZero    bool
	failOn      string
	config      string
}

// fileResult is what checking one file produced.
type fileResult struct {
	path  string
	diags source.Diagnostics
	stack *analysis.StackReport
	fail  source.Severity // least severe level that fails for this file
	err   error
}

func lintCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o lintOptions
	fl.StringVar(&o.format, "format", "", "output format: text, json, sarif or github (default text; github inside GitHub Actions)")
	fl.BoolVar(&o.stackReport, "stack-report", false, "print each function's stack size, frame bytes and worst-case call chain")
	fl.BoolVar(&o.exitZero, "exit-zero", false, "exit 0 even when diagnostics are found")
	fl.StringVar(&o.failOn, "fail-on", "", "least severe diagnostic that makes the exit status 1: warning or error (default: fail-on of weft.toml, else error)")
	fl.StringVar(&o.config, "config", "", "use this weft.toml instead of searching upwards from each file")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: weft lint [flags] [PATHS...]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if o.format == "" {
		o.format = "text"
		if os.Getenv("GITHUB_ACTIONS") == "true" {
			o.format = "github"
		}
	}
	switch o.format {
	case "text", "json", "sarif", "github":
	default:
		fmt.Fprintf(stderr, "weft lint: unknown format %q (want text, json, sarif or github)\n", o.format)
		return 2
	}
	failOverride := source.Severity(-1)
	if o.failOn != "" {
		sev, err := analysis.ParseSeverity(o.failOn)
		if err != nil || sev == source.Info {
			fmt.Fprintf(stderr, "weft lint: --fail-on: want warning or error, got %q\n", o.failOn)
			return 2
		}
		failOverride = sev
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
	configs := &analysis.ConfigLoader{}
	var fixed *analysis.Config
	if o.config != "" {
		if fixed, err = analysis.LoadConfig(o.config); err != nil {
			fmt.Fprintf(stderr, "weft lint: %v\n", err)
			return 2
		}
	}
	if os.Getenv("GOGC") == "" {
		// Linting builds many short-lived trees: a larger heap target
		// costs about 100 MB on a big tree and saves a quarter of the CPU
		// time spent collecting garbage.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	results := checkFiles(files, configs, fixed, o.stackReport, stderr)
	var all source.Diagnostics
	failed := false
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(stderr, "weft lint: %v\n", r.err)
			return 2
		}
		fail := r.fail
		if failOverride >= 0 {
			fail = failOverride
		}
		for _, d := range r.diags {
			if d.Severity <= fail {
				failed = true
			}
		}
		all = append(all, r.diags...)
	}
	all.Sort()
	if err := writeReport(stdout, o, files, all, results); err != nil {
		fmt.Fprintf(stderr, "weft lint: %v\n", err)
		return 2
	}
	if failed && !o.exitZero {
		return 1
	}
	return 0
}

// checkFiles lints files on all cores. A progress line goes to stderr
// when it is a terminal and there are many files.
func checkFiles(files []string, configs *analysis.ConfigLoader, fixed *analysis.Config, stack bool, stderr io.Writer) []fileResult {
	results := make([]fileResult, len(files))
	imports := analysis.NewModuleResolver(analysis.SearchPathFromEnv(), nil)
	var next, done atomic.Int64
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				results[i] = checkOne(files[i], configs, fixed, imports, stack)
				done.Add(1)
			}
		})
	}
	if len(files) >= progressThreshold && isTerminal(stderr) {
		stop := make(chan struct{})
		var pw sync.WaitGroup
		pw.Go(func() {
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					fmt.Fprint(stderr, "\r\033[K")
					return
				case <-tick.C:
					fmt.Fprintf(stderr, "\rweft lint: %d/%d files", done.Load(), len(files))
				}
			}
		})
		wg.Wait()
		close(stop)
		pw.Wait()
	} else {
		wg.Wait()
	}
	return results
}

// progressThreshold is the number of files from which a terminal gets a
// progress line.
const progressThreshold = 200

func checkOne(path string, configs *analysis.ConfigLoader, fixed *analysis.Config, imports analysis.ModuleResolver, stack bool) fileResult {
	r := fileResult{path: path}
	cfg := fixed
	if cfg == nil {
		var err error
		if cfg, err = configs.ForFile(path); err != nil {
			r.err = err
			return r
		}
	}
	r.fail = cfg.FailOn
	text, err := os.ReadFile(path)
	if err != nil {
		r.err = err
		return r
	}
	res := analysis.Analyze(source.NewFile(path, text), cfg, imports)
	r.diags = res.Diagnostics
	if stack {
		r.stack = res.Stack()
	}
	return r
}

func writeReport(w io.Writer, o lintOptions, files []string, all source.Diagnostics, results []fileResult) error {
	switch o.format {
	case "json":
		return writeJSON(w, o, files, all, results)
	case "sarif":
		return writeSARIF(w, all)
	case "github":
		if err := writeGitHub(w, all); err != nil {
			return err
		}
	default:
		if err := writeText(w, all); err != nil {
			return err
		}
	}
	if o.stackReport {
		for _, r := range results {
			if r.stack == nil {
				fmt.Fprintf(w, "%s: no stack report (the file does not compile)\n", r.path)
				continue
			}
			if err := r.stack.WriteTable(w, r.path); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeText prints `path:line:col: CODE message`, coloured on a terminal
// unless NO_COLOR is set.
func writeText(w io.Writer, all source.Diagnostics) error {
	color := isTerminal(w) && os.Getenv("NO_COLOR") == ""
	bw := newBufWriter(w)
	for _, d := range all {
		if !color {
			bw.WriteString(d.String())
			bw.WriteByte('\n')
			continue
		}
		s := d.String()
		// Split "name:line:col: " from "CODE message" to colour them.
		loc, rest := s, ""
		if i := strings.Index(s, ": "+d.Code+" "); i >= 0 {
			loc, rest = s[:i+1], s[i+2+len(d.Code):]
		}
		code := "\033[1;31m" // error: bold red
		switch d.Severity {
		case source.Warning:
			code = "\033[1;33m"
		case source.Info:
			code = "\033[1;36m"
		}
		fmt.Fprintf(bw, "\033[1m%s\033[0m %s%s\033[0m%s\n", loc, code, d.Code, rest)
	}
	return bw.Flush()
}

func position(d source.Diagnostic) (line, col, endLine, endCol int) {
	start := d.File.Position(d.Span.Start)
	end := d.File.Position(d.Span.End)
	return start.Line, d.File.RuneColumn(d.Span.Start), end.Line, d.File.RuneColumn(d.Span.End)
}

func writeJSON(w io.Writer, o lintOptions, files []string, all source.Diagnostics, results []fileResult) error {
	var report jsonReport
	report.Diagnostics = make([]jsonDiagnostic, 0, len(all))
	report.Summary.Files = len(files)
	for _, d := range all {
		switch d.Severity {
		case source.Error:
			report.Summary.Errors++
		case source.Warning:
			report.Summary.Warnings++
		}
		line, col, endLine, endCol := position(d)
		report.Diagnostics = append(report.Diagnostics, jsonDiagnostic{
			File: d.File.Name, Line: line, Column: col, EndLine: endLine, EndColumn: endCol,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
		})
	}
	if o.stackReport {
		report.StackReport = []jsonStackFile{}
		for _, r := range results {
			sf := jsonStackFile{File: r.path, Functions: []jsonStackFunc{}}
			if r.stack != nil {
				for _, fs := range r.stack.Functions {
					line := 0
					if fs.Func.Code != nil {
						line = fs.Func.Code.FirstLine
					}
					jf := jsonStackFunc{Name: fs.Func.QualName, Kind: fs.Func.Kind.String(), Line: line,
						MaxStack: fs.MaxStack, Locals: fs.Locals, Cells: fs.Cells, FrameBytes: fs.FrameBytes,
						ChainBytes: fs.ChainBytes}
					for _, f := range fs.Chain {
						jf.Chain = append(jf.Chain, f.QualName)
					}
					for _, f := range fs.Cycle {
						jf.Cycle = append(jf.Cycle, f.QualName)
					}
					sf.Functions = append(sf.Functions, jf)
				}
			}
			report.StackReport = append(report.StackReport, sf)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

// writeGitHub prints workflow commands that GitHub Actions turns into
// annotations on the pull request.
func writeGitHub(w io.Writer, all source.Diagnostics) error {
	bw := newBufWriter(w)
	for _, d := range all {
		kind := "error"
		switch d.Severity {
		case source.Warning:
			kind = "warning"
		case source.Info:
			kind = "notice"
		}
		line, col, endLine, endCol := position(d)
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			kind, ghProperty(d.File.Name), line, col, endLine, endCol, ghProperty(d.Code), ghData(d.Message))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message; ghProperty also escapes
// the property separators.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
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
			// Regular files only (through symlinks too): reading a FIFO or
			// a device named *.weft would block the run forever.
			if !d.IsDir() && strings.HasSuffix(path, ".weft") {
				if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
					out = append(out, path)
				}
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
