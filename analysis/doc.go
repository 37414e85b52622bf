// Package analysis is Weft's static checker: the lint rules behind `weft
// lint` and the language server's diagnostics, the per-function stack
// report, and the configuration both read from weft.toml.
//
// # Design
//
// One entry point, Check (or Analyze, which also returns the tree, the
// code and the stack report), runs the whole pipeline on one file:
//
//	parse ─▶ resolve ─▶ compile ─▶ shared index ─▶ analyzers ─▶ filter
//
// Parser and resolver errors (E101–E104) are returned as they are and stop
// the pipeline: analyzers on a broken tree would only add noise. The
// module is compiled only when an enabled analyzer needs code objects
// (NeedsCode: stack depth, frame chains); a compiler error (E901) skips
// just those analyzers.
//
// Analyzers follow golang.org/x/tools/go/analysis: each is an Analyzer
// value {Name, Code, Doc, Severity, Run} in its own file, registered in a
// table (Analyzers), and reports through its Pass. A Pass gives the file,
// the resolved module (every scope's Symbols with their Defs and Uses),
// the compiled code when there is one, the Config, the ModuleResolver for
// imported .weft modules, and Report. Facts that several analyzers need
// are computed once per file in a shared index (index.go): a flat list of
// every node with the scope it runs in, one Function per code block
// matched to its code object, the kind of every binding site, what each
// import binds, and the resolved readers of every symbol; the call graph,
// its strongly connected components, the stack report and the scheduler
// effects (flow.go) are built lazily on first use. Each analyzer is
// therefore one linear pass over data that already exists, which keeps
// linting a large tree fast (see BenchmarkLintTree in cmd/weft).
//
// Diagnostics have a stable code and a kebab-case name: E2xx errors,
// W2xx warnings, A301 call arity, S4xx stack rules, T5xx tasklet rules
// (docs/diagnostics.md has one section per code). Config decides which
// analyzers run for a path (select, ignore, per-path-ignores); a
// "# weft: ignore" or "# weft: ignore[CODE, ...]" comment drops the
// diagnostics that start on its line. Front-end errors cannot be turned
// off. A panicking analyzer is reported as E902 and the others still run.
//
// # Stack report
//
// The VM allocates each frame on the heap with exactly
// NumLocals+MaxStack value slots. FrameBytes(code) is the one formula for
// a frame's cost:
//
//	FrameBytes = 96 + 16 × (NumLocals + MaxStack) [+ 48 + 8 × (len(Cells) + len(Frees))]
//
// 96 bytes is the fixed frame header (the vm.Frame struct on a 64-bit
// host), 16 bytes each value slot (an interface: type and data words),
// and a frame with cell or free variables adds the 48-byte record that
// holds their slice (vm's frameAux) and 8 bytes per cell pointer. The sizes come from package vm. The call graph links code blocks of one file:
// calls of names bound once by def or class (a class call runs its
// __init__), self.m(...) when the file has a single method m in the
// class's hierarchy, C.m(...), and the implicit call of each
// comprehension. For every block the report gives MaxStack, locals,
// cells, frame bytes and the worst-case chain: the deepest
// non-recursive call path from the block and the sum of its frame bytes,
// or, when a recursive cycle is reachable, that cycle ("unbounded:
// recursive via f → g → f"). Chains are computed over the strongly
// connected components in reverse topological order, so the report is
// linear in the size of the call graph.
//
// # Using the package (CLI and language server)
//
//	loader := &analysis.ConfigLoader{}             // one per process; Forget() when weft.toml changes
//	imports := analysis.NewModuleResolver(analysis.SearchPathFromEnv(), overlay)
//	cfg, err := loader.ForFile(path)               // nearest weft.toml, or defaults
//	res := analysis.Analyze(source.NewFile(path, text), cfg, imports)
//	res.Diagnostics                                // what weft lint prints
//	rep := res.Stack()                             // nil when the file does not compile
//	fs := rep.Of(res.FunctionAt(offset))           // hover: fs.Summary(), fs.FrameBytes, fs.CycleString()
//
// Check is Analyze without the extras. Analyze and Check may run
// concurrently; a Result is not safe for concurrent use. The
// FileResolver caches parsed imports: call Forget(path) after an edit.
// Rules lists every code with its name, severity and documentation (the
// SARIF rule table); Analyzers the analyzers themselves.
//
// # Missing pieces of other packages
//
// The compiler does not record which scope a code object belongs to, so
// code objects are matched to scopes by qualified name and first line
// (index.go, matchCode). The module search of driver.FindModule is
// repeated in FileResolver so that this package does not import the VM.
package analysis
