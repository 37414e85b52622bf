package analysis

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// An Analyzer is one lint rule. Each lives in its own file and registers
// itself in the table returned by Analyzers.
type Analyzer struct {
	// Name is the rule's stable kebab-case name ("unused-import").
	Name string
	// Code is its stable code ("W202"); the letter is the family (E
	// errors, W warnings, A arity, S stack, T tasklets).
	Code string
	// Doc describes the rule; its first sentence is the short description.
	Doc string
	// Severity of the diagnostics it reports.
	Severity source.Severity
	// NeedsCode marks rules that read compiled code objects; they are
	// skipped when the file does not compile.
	NeedsCode bool
	// Run reports the rule's findings on one file through Pass.Report.
	Run func(*Pass)
	// usesFlow marks the analyzers that query the flow analysis (see
	// index.flowAnalysis): they run one after the other on one goroutine,
	// the others on another.
	usesFlow bool
}

// Pass is what an Analyzer sees of one file.
type Pass struct {
	Analyzer *Analyzer
	File     *source.File
	// Module is the parsed and resolved module; Module.Scope is the root of
	// the scope tree (every scope's Symbols, Defs and Uses are filled in).
	Module *syntax.Module
	// Code is the module's code object with its nested code objects, or
	// nil when the file did not compile (analyzers with NeedsCode do not
	// run then).
	Code    *bytecode.Code
	Config  *Config
	Imports ModuleResolver

	ix     *index
	report func(source.Diagnostic)
}

// Report records a diagnostic. Code, Name and File default to the
// analyzer's and the pass's; a diagnostic with the analyzer's code gets
// its severity.
func (p *Pass) Report(d source.Diagnostic) {
	if d.Code == "" {
		d.Code = p.Analyzer.Code
	}
	if d.Name == "" {
		d.Name = p.Analyzer.Name
	}
	if d.Code == p.Analyzer.Code {
		d.Severity = p.Analyzer.Severity
	}
	if d.File == nil {
		d.File = p.File
	}
	p.report(d)
}

// Reportf reports a diagnostic with the analyzer's code and severity at sp.
func (p *Pass) Reportf(sp source.Span, format string, args ...any) {
	p.report(source.Diagnostic{
		File: p.File, Span: sp, Severity: p.Analyzer.Severity,
		Code: p.Analyzer.Code, Name: p.Analyzer.Name,
		Message: fmt.Sprintf(format, args...),
	})
}

// Functions returns every code block of the file (module first, then each
// def, method, lambda, class body and comprehension in source order) with
// its resolved calls.
func (p *Pass) Functions() []*Function {
	p.ix.buildGraph()
	return p.ix.funcs
}

// FunctionOf returns the Function of a scope.
func (p *Pass) FunctionOf(s *syntax.Scope) *Function { return p.ix.byScope[s] }

// Stack returns the stack report of the file (see StackReport).
func (p *Pass) Stack() *StackReport { return p.ix.stackReport() }

// Rule describes a diagnostic code: every analyzer, and the codes the
// parser, resolver and compiler report.
type Rule struct {
	Code     string
	Name     string
	Severity source.Severity
	Doc      string
	// FrontEnd marks the parser, resolver and compiler codes, which
	// configuration and suppression comments cannot turn off.
	FrontEnd bool
}

// frontEndRules are the codes reported before any analyzer runs. They are
// always on: select, ignore and suppression comments do not hide them.
var frontEndRules = []Rule{
	{"E101", "syntax-error", source.Error, "The file is not valid Weft syntax.", true},
	{"E102", "indentation-error", source.Error, "Inconsistent indentation (IndentationError or TabError).", true},
	{"E103", "scope-error", source.Error, "A name is declared or used in a way CPython rejects at compile time.", true},
	{"E104", "unsupported-syntax", source.Error, "Python syntax that Weft does not support.", true},
	{"E901", "internal-error", source.Error, "The compiler's own consistency check failed (a bug in Weft).", true},
	{"E902", "analyzer-error", source.Error, "An analyzer failed (a bug in Weft); the other analyzers still ran.", true},
}

var registry []*Analyzer

func register(a *Analyzer) *Analyzer {
	registry = append(registry, a)
	sort.Slice(registry, func(i, j int) bool { return registry[i].Code < registry[j].Code })
	return a
}

// Analyzers returns every analyzer, ordered by code.
func Analyzers() []*Analyzer { return append([]*Analyzer(nil), registry...) }

// Rules returns every diagnostic code Weft reports, ordered by code.
func Rules() []Rule {
	out := append([]Rule{}, frontEndRules...)
	for _, a := range registry {
		out = append(out, Rule{Code: a.Code, Name: a.Name, Severity: a.Severity, Doc: a.Doc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Result is everything Analyze learned about one file. The language
// server keeps it per document version for hovers and code lenses.
type Result struct {
	File *source.File
	// Module is the parsed tree (nil only for a nil file); it is resolved
	// when the parser found no error.
	Module *syntax.Module
	// Code is the compiled module, nil when the file has front-end errors.
	Code *bytecode.Code
	// Diagnostics are the front-end diagnostics and the findings of the
	// enabled analyzers, minus suppressed ones, sorted by position.
	Diagnostics source.Diagnostics

	cfg      *Config
	imports  ModuleResolver
	ix       *index
	resolved bool // parsed and resolved without errors

	// tops are the code objects of the top-level defs and classes of
	// topsFile, kept for the next version's AnalyzeWith: this file's when
	// it compiled without any diagnostic, otherwise (front-end errors, as
	// while a statement is being typed) those it was given, so that the
	// version after the error still reuses them.
	tops     []compiler.TopLevelCode
	topsFile *source.File
	previous *Result // the earlier version whose code compile may reuse
}

// Check analyzes one file and returns its diagnostics: syntax, scope and
// compiler errors, then the findings of every analyzer that cfg enables
// for the file's path, without those suppressed by "# weft: ignore"
// comments. cfg nil means DefaultConfig(); imports nil means imported
// modules are not looked at. Check never panics on user input and is safe
// to call from several goroutines at once (with a concurrency-safe
// resolver, like the one NewModuleResolver returns).
func Check(file *source.File, cfg *Config, imports ModuleResolver) source.Diagnostics {
	return Analyze(file, cfg, imports).Diagnostics
}

// Analyze is Check that also returns the tree, the code and the data
// behind the stack report.
func Analyze(file *source.File, cfg *Config, imports ModuleResolver) *Result {
	r, _ := AnalyzeWith(file, Options{Config: cfg, Imports: imports})
	return r
}

// Options are the settings of AnalyzeWith.
type Options struct {
	// Config nil means DefaultConfig().
	Config *Config
	// Imports nil means imported modules are not looked at.
	Imports ModuleResolver
	// Context, when done, stops the analysis at the next step (parse,
	// resolve, compile, each analyzer): AnalyzeWith then returns nil and
	// the context's error. Nil means it runs to the end.
	Context context.Context
	// Previous is the result of an earlier version of the same file (an
	// editor's previous snapshot). The code object of each top-level def
	// and class whose text did not change is taken from it, moved to its
	// new position, instead of being compiled again; the result is the
	// same either way. The earlier file's text must not be modified.
	Previous *Result
}

// AnalyzeWith is Analyze with options for editors: cancellation and
// reuse of an earlier version's code.
func AnalyzeWith(file *source.File, opts Options) (*Result, error) {
	cfg, imports := opts.Config, opts.Imports
	if cfg == nil {
		cfg = DefaultConfig()
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	r := &Result{File: file, cfg: cfg, imports: imports, previous: opts.Previous}
	defer func() {
		if p := r.previous; p != nil && r.tops == nil {
			r.tops, r.topsFile = p.tops, p.topsFile
		}
		r.previous = nil
	}()
	if file == nil {
		return r, nil
	}
	m, diags := syntax.Parse(file)
	r.Module = m
	if m == nil {
		r.Diagnostics = fill(diags, file)
		return r, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ok := !diags.HasErrors()
	if ok {
		rd := resolve.Resolve(m)
		diags = append(diags, rd...)
		ok = !rd.HasErrors()
	}
	r.resolved = ok
	if !ok {
		// A broken tree would give analyzers false positives: report only
		// what the front end found.
		r.Diagnostics = fill(diags, file)
		r.Diagnostics.Sort()
		return r, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var enabled []*Analyzer
	needCode := false
	for _, a := range registry {
		if cfg.Enabled(a.Code, a.Name, file.Name) {
			enabled = append(enabled, a)
			needCode = needCode || a.NeedsCode
		}
	}
	// Code generation and the index only read the tree: build them at
	// the same time, then attach the code objects to the index.
	var compileDiags source.Diagnostics
	var sup suppressionSet
	if needCode {
		done := make(chan struct{})
		go func() {
			defer close(done)
			compileDiags = r.compile()
		}()
		r.ix = newIndex(file, m, nil)
		sup = suppressions(m)
		<-done
		r.ix.matchCode(r.Code)
		diags = append(diags, compileDiags...)
	} else {
		r.ix = newIndex(file, m, nil)
		sup = suppressions(m)
	}
	// The analyzers only read the index once its lazily built parts are
	// built, so they run on two goroutines: those that query the flow
	// analysis (whose memo tables fill as it is asked, in an order that
	// matters) one after the other on one, the others on this one. Their
	// findings are gathered in registry order, as if they ran in turn.
	ix := r.ix
	ix.buildGraph()
	ix.methodsNamed("")
	ix.sccs()
	ix.calls(nil)
	ix.flowAnalysis()
	if needCode && r.Code != nil {
		ix.stackReport()
	}
	found := make([]source.Diagnostics, len(enabled))
	runGroup := func(flow bool) {
		for i, a := range enabled {
			if a.usesFlow != flow || a.NeedsCode && r.Code == nil || ctx.Err() != nil {
				continue
			}
			p := &Pass{Analyzer: a, File: file, Module: m, Code: r.Code, Config: cfg, Imports: imports, ix: ix}
			p.report = func(d source.Diagnostic) {
				if !sup.suppressed(file, d) {
					found[i] = append(found[i], d)
				}
			}
			runSafely(p, &found[i])
		}
	}
	flowDone := make(chan struct{})
	go func() {
		defer close(flowDone)
		runGroup(true)
	}()
	runGroup(false)
	<-flowDone
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, f := range found {
		diags = append(diags, f...)
	}
	r.Diagnostics = fill(diags, file)
	r.Diagnostics.Sort()
	return r, nil
}

// compile generates code for the resolved module once.
func (r *Result) compile() source.Diagnostics {
	if r.Code != nil || !r.resolved {
		return nil
	}
	opts := compiler.Options{Record: func(s syntax.Stmt, c *bytecode.Code) {
		r.tops = append(r.tops, compiler.TopLevelCode{Stmt: s, Code: c})
	}}
	if p := r.previous; p != nil && len(p.tops) > 0 {
		opts.Reuse = compiler.Reuser(p.topsFile, p.tops, r.File)
	}
	code, diags := compiler.Compile(r.Module, opts)
	r.topsFile = r.File
	if len(diags) > 0 {
		r.tops = nil // reuse only code that compiled cleanly
	}
	if !diags.HasErrors() {
		r.Code = code
	}
	return diags
}

// runSafely runs one analyzer; a panic (a bug in the analyzer) becomes an
// internal-error diagnostic instead of taking down the CLI or the server.
func runSafely(p *Pass, found *source.Diagnostics) {
	defer func() {
		if e := recover(); e != nil {
			*found = append(*found, source.Diagnostic{
				File: p.File, Severity: source.Error, Code: "E902", Name: "analyzer-error",
				Message: fmt.Sprintf("internal error in analyzer %s (%s): %v\n%s", p.Analyzer.Code, p.Analyzer.Name, e, debug.Stack()),
			})
		}
	}()
	p.Analyzer.Run(p)
}

func fill(ds source.Diagnostics, f *source.File) source.Diagnostics {
	for i := range ds {
		if ds[i].File == nil {
			ds[i].File = f
		}
	}
	return ds
}

// Functions returns the code blocks of the file (module first, then every
// def, method, lambda, class body and comprehension in source order), or
// nil when the file has front-end errors.
func (r *Result) Functions() []*Function {
	if r.ix == nil {
		if !r.resolved {
			return nil
		}
		r.ix = newIndex(r.File, r.Module, r.Code)
	}
	return r.ix.funcs
}

// FunctionAt returns the innermost code block whose source contains
// offset pos (the module when no def, lambda, class or comprehension
// does), for hovers and code lenses; nil when the file has front-end
// errors.
func (r *Result) FunctionAt(pos source.Pos) *Function {
	fns := r.Functions()
	if len(fns) == 0 {
		return nil
	}
	best := fns[0]
	for _, fn := range fns[1:] {
		if fn.Node == nil {
			continue
		}
		sp := fn.Node.Span()
		if sp.Start <= pos && pos < sp.End && sp.Start >= best.Node.Span().Start {
			best = fn
		}
	}
	return best
}

// Stack returns the stack report of the file: per code block its frame
// size and worst-case call chain. It compiles the module if Analyze did
// not, and returns nil when the file does not compile.
func (r *Result) Stack() *StackReport {
	if !r.resolved {
		return nil
	}
	if r.Code == nil {
		r.compile()
		if r.Code == nil {
			return nil
		}
		r.ix = nil
	}
	if r.ix == nil {
		r.ix = newIndex(r.File, r.Module, r.Code)
	}
	return r.ix.stackReport()
}
