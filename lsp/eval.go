package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
	"github.com/weft-lang/weft/driver"
	"github.com/weft-lang/weft/vm"
)

// EvalParams are weft.evaluate's arguments.
type EvalParams struct {
	URI     protocol.DocumentURI `json:"uri"`
	Version *int32               `json:"version,omitempty"`
	Range   *protocol.Range      `json:"range,omitempty"`
}

// EvalError describes an uncaught exception.
type EvalError struct {
	Type      string      `json:"type"`
	Message   string      `json:"message"`
	Traceback []EvalFrame `json:"traceback"`
}

// EvalFrame is one traceback entry mapped to a document range.
type EvalFrame struct {
	URI      protocol.DocumentURI `json:"uri"`
	Range    protocol.Range       `json:"range"`
	Function string               `json:"function"`
}

// EvalTasklet summarises a tasklet alive at the end of the evaluation.
type EvalTasklet struct {
	Name  string               `json:"name"`
	State string               `json:"state"`
	URI   protocol.DocumentURI `json:"uri,omitempty"`
	Range *protocol.Range      `json:"range,omitempty"`
}

// EvalResult is weft.evaluate's result (also sent as
// weft/evaluationResult).
type EvalResult struct {
	URI          protocol.DocumentURI `json:"uri"`
	Version      int32                `json:"version"`
	Value        *string              `json:"value"`
	Stdout       string               `json:"stdout"`
	Error        *EvalError           `json:"error"`
	Tasklets     []EvalTasklet        `json:"tasklets"`
	Instructions int64                `json:"instructions"`
	ElapsedMs    float64              `json:"elapsed_ms"`
	Truncated    bool                 `json:"truncated"`

	version     int32
	hints       []InlayHint
	diagnostics []protocol.Diagnostic
}

func init() {
	requestHandlers["workspace/executeCommand"] = (*Server).executeCommand
}

func (s *Server) executeCommand(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.ExecuteCommandParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	if p.Command != EvaluateCommand {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "unknown command " + p.Command}
	}
	if len(p.Arguments) != 1 {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "weft.evaluate takes one argument {uri, version, range?}"}
	}
	raw, err := json.Marshal(p.Arguments[0])
	if err != nil {
		return nil, errInvalidParams(err)
	}
	var ep EvalParams
	if err := json.Unmarshal(raw, &ep); err != nil {
		return nil, errInvalidParams(err)
	}
	d, err := s.document(ep.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	if ep.Version != nil && *ep.Version != sn.version {
		return nil, &jsonrpc2.Error{Code: codeContentModified, Message: "document version changed"}
	}
	s.mu.Lock()
	st := s.settings
	s.mu.Unlock()
	res := s.evaluate(ctx, sn, ep, st)
	if ctx.Err() != nil && res.Error != nil && res.Error.Type == "BudgetExceeded" && strings.Contains(res.Error.Message, "cancelled") {
		return nil, &jsonrpc2.Error{Code: codeRequestCancelled, Message: "evaluation cancelled"}
	}
	s.mu.Lock()
	s.evals[ep.URI] = res
	s.mu.Unlock()
	s.send("weft/evaluationResult", res)
	s.refreshInlayHints()
	s.publishDiagnostics(ep.URI)
	return res, nil
}

const codeContentModified = -32801

// evalUnit is a piece of source compiled separately: the whole unit runs
// in one VM so later units see earlier definitions.
type evalUnit struct {
	file  *source.File // text of the unit alone
	base  source.Pos   // offset of the unit in the document
	isDef bool         // a preceding definition (no hint, no value)
}

// evaluate runs the requested part of the document under budgets.
func (s *Server) evaluate(ctx context.Context, sn *snapshot, ep EvalParams, st Settings) *EvalResult {
	res := &EvalResult{URI: ep.URI, Version: sn.version, version: sn.version, Tasklets: []EvalTasklet{}}
	start := time.Now()
	units, perr := planUnits(sn, ep.Range)
	if perr != "" {
		res.Error = &EvalError{Type: "SyntaxError", Message: perr, Traceback: []EvalFrame{}}
		return res
	}
	var stdout bytes.Buffer
	machine := vm.New(vm.Options{
		Stdout:          &stdout,
		Loader:          driver.NewLoader(driver.SearchPath(), nil),
		Argv:            []string{sn.file.Name},
		MaxInstructions: st.Evaluate.MaxInstructions,
		Deadline:        start.Add(time.Duration(st.Evaluate.TimeoutMs) * time.Millisecond),
		Context:         ctx,
		RecursionLimit:  st.Evaluate.RecursionLimit,
		MaxOutput:       st.Evaluate.MaxOutput,
		MaxAlloc:        st.Evaluate.MaxAlloc,
		MaxHeap:         st.Evaluate.MaxHeapMB << 20,
	})
	machine.AddSource(sn.file.Name, sn.file.Text)
	globals := vm.NewDict(0)
	globals.SetStr("__name__", vm.NewStr("__main__"))
	globals.SetStr("__file__", vm.NewStr(sn.file.Name))
	globals.SetStr("__doc__", vm.None)
	unitOf := map[string]evalUnit{}
	for i, u := range units {
		name := sn.file.Name
		if i > 0 || u.base > 0 {
			name = sn.file.Name + "#" + strconv.Itoa(i)
		}
		f := source.NewFile(name, u.file.Text)
		unitOf[name] = evalUnit{file: f, base: u.base, isDef: u.isDef}
		machine.AddSource(name, f.Text)
		_, code, diags := compiler.CompileFile(f, compiler.Options{ReturnLastExpr: !u.isDef})
		if (diags.HasErrors() || code == nil) && u.isDef {
			continue // a broken definition elsewhere: evaluate without it
		}
		if diags.HasErrors() || code == nil {
			msg := "invalid syntax"
			for _, d := range diags {
				if d.Severity == source.Error {
					msg = d.Message
					break
				}
			}
			res.Error = &EvalError{Type: "SyntaxError", Message: msg, Traceback: []EvalFrame{}}
			break
		}
		r := machine.RunIn(code, globals)
		if r.Exception != nil {
			res.Error = s.evalError(machine, r.Exception, sn, ep.URI, unitOf)
			res.diagnostics = append(res.diagnostics, evalErrorDiagnostics(res.Error, ep.URI)...)
			break
		}
		if !u.isDef && r.Value != nil && r.Value != vm.None {
			if rep, err := machine.Repr(r.Value); err == nil {
				v := rep
				res.Value = &v
				end := positionOf(sn.file, u.base+source.Pos(len(bytes.TrimRight(u.file.Text, " \t\r\n"))))
				res.hints = append(res.hints, InlayHint{Position: end, Label: "= " + shorten(rep, 80), Kind: 1, PaddingLeft: true, Tooltip: rep})
			}
		} else if !u.isDef {
			res.Value = nil
		}
	}
	for _, t := range machine.Tasklets() {
		et := EvalTasklet{Name: t.Name, State: t.State}
		if u, ok := unitOf[t.File]; ok || t.File == sn.file.Name {
			et.URI = ep.URI
			line := t.Line
			if ok {
				line = sn.file.Position(u.base).Line + t.Line - 1
			}
			r := lineRange(sn.file, line)
			et.Range = &r
			if t.State == "blocked" {
				res.diagnostics = append(res.diagnostics, protocol.Diagnostic{Range: r, Severity: protocol.DiagnosticSeverityWarning,
					Source: "weft-eval", Message: "tasklet '" + t.Name + "' is blocked here (spawned at " + t.SpawnedAt + ")"})
			}
		}
		res.Tasklets = append(res.Tasklets, et)
	}
	_ = machine.Finish()
	res.Stdout = stdout.String()
	res.Truncated = machine.OutputTruncated
	res.Instructions = machine.Instructions()
	res.ElapsedMs = float64(time.Since(start).Microseconds()) / 1000
	return res
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func lineRange(f *source.File, line int) protocol.Range {
	start := f.LineStart(line)
	end := start + source.Pos(len(f.Line(line)))
	return protocol.Range{Start: positionOf(f, start), End: positionOf(f, end)}
}

// evalError maps an exception's traceback to document ranges.
func (s *Server) evalError(machine *vm.VM, exc *vm.Instance, sn *snapshot, u protocol.DocumentURI, units map[string]evalUnit) *EvalError {
	e := &EvalError{Type: vm.ExcTypeName(exc.Class), Message: machine.ExcStr(exc), Traceback: []EvalFrame{}}
	for _, fr := range machine.TracebackFrames(exc) {
		ef := EvalFrame{Function: fr.Function}
		if un, ok := units[fr.File]; ok {
			ef.URI = u
			if fr.Start >= 0 {
				ef.Range = rangeOf(sn.file, source.Span{Start: un.base + source.Pos(fr.Start), End: un.base + source.Pos(fr.End)})
			} else {
				ef.Range = lineRange(sn.file, sn.file.Position(un.base).Line+fr.Line-1)
			}
		} else if fr.File == sn.file.Name {
			ef.URI = u
			ef.Range = rangeOf(sn.file, source.Span{Start: source.Pos(fr.Start), End: source.Pos(fr.End)})
		} else {
			ef.URI = protocol.DocumentURI("file://" + fr.File)
			ef.Range = protocol.Range{Start: protocol.Position{Line: uint32(max(fr.Line-1, 0))}, End: protocol.Position{Line: uint32(max(fr.Line-1, 0))}}
		}
		e.Traceback = append(e.Traceback, ef)
	}
	return e
}

// evalErrorDiagnostics puts the error at the innermost traceback entry in
// the document (and an information note at the others).
func evalErrorDiagnostics(e *EvalError, u protocol.DocumentURI) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	innermost := -1
	for i, fr := range e.Traceback {
		if fr.URI == u {
			innermost = i
		}
	}
	for i, fr := range e.Traceback {
		if fr.URI != u {
			continue
		}
		msg := e.Type + ": " + e.Message
		sev := protocol.DiagnosticSeverityError
		if i != innermost {
			msg = "in call leading to " + e.Type
			sev = protocol.DiagnosticSeverityInformation
		}
		out = append(out, protocol.Diagnostic{Range: fr.Range, Severity: sev, Source: "weft-eval", Message: msg})
	}
	return out
}

// planUnits chooses what to run: the preceding top-level definitions,
// then the target (selection, block at the cursor, or the whole file),
// one unit per top-level statement so each expression gets its value.
func planUnits(sn *snapshot, rng *protocol.Range) ([]evalUnit, string) {
	// Statement boundaries come from the (error-recovering) parse of the
	// whole document; each unit is compiled on its own, so an error
	// elsewhere in the file does not stop evaluating a correct block.
	m, _ := syntax.Parse(sn.file)
	if m == nil {
		return nil, "invalid syntax"
	}
	text := sn.file.Text
	stmtUnit := func(st syntax.Stmt, isDef bool) evalUnit {
		sp := stmtSpan(sn.file, st)
		return evalUnit{file: source.NewFile("", text[sp.Start:sp.End]), base: sp.Start, isDef: isDef}
	}
	if rng == nil {
		var units []evalUnit
		for _, st := range m.Body {
			units = append(units, stmtUnit(st, false))
		}
		return units, ""
	}
	start, end := offsetOf(sn.file, rng.Start), offsetOf(sn.file, rng.End)
	if end < start {
		// A range given end first selects the same text (as in a
		// didChange); slicing it as it came panicked.
		start, end = end, start
	}
	var targets []syntax.Stmt
	var partial *evalUnit
	if start == end {
		targets = blockAt(sn, m, start)
	} else {
		for _, st := range m.Body {
			sp := stmtSpan(sn.file, st)
			if sp.End > start && sp.Start < end {
				targets = append(targets, st)
			}
		}
		// A selection inside one statement evaluates just the selection.
		if len(targets) == 1 {
			sp := stmtSpan(sn.file, targets[0])
			if start > sp.Start || end < sp.End {
				sel := bytes.TrimSpace(text[start:end])
				lead := bytes.Index(text[start:end], sel)
				partial = &evalUnit{file: source.NewFile("", sel), base: start + source.Pos(max(lead, 0))}
			}
		}
	}
	var units []evalUnit
	first := end
	if len(targets) > 0 {
		first = stmtSpan(sn.file, targets[0]).Start
	}
	for _, st := range m.Body {
		if _, bad := st.(*syntax.BadStmt); bad {
			continue
		}
		if stmtSpan(sn.file, st).End <= first && isDefinition(st) {
			units = append(units, stmtUnit(st, true))
		}
	}
	if partial != nil {
		return append(units, *partial), ""
	}
	for _, st := range targets {
		units = append(units, stmtUnit(st, false))
	}
	return units, ""
}

// isDefinition reports which preceding statements an evaluation replays:
// def, class, imports and assignments (not expression statements, loops or
// other statements with effects).
func isDefinition(st syntax.Stmt) bool {
	switch st.(type) {
	case *syntax.FunctionDef, *syntax.ClassDef, *syntax.Import, *syntax.ImportFrom,
		*syntax.Assign, *syntax.AnnAssign:
		return true
	}
	return false
}

// stmtSpan is a top-level statement's span extended to the start of its
// line (decorators included).
func stmtSpan(f *source.File, st syntax.Stmt) source.Span {
	sp := st.Span()
	switch d := st.(type) {
	case *syntax.FunctionDef:
		for _, dec := range d.Decorators {
			if dec.Span().Start < sp.Start {
				sp.Start = dec.Span().Start
			}
		}
	case *syntax.ClassDef:
		for _, dec := range d.Decorators {
			if dec.Span().Start < sp.Start {
				sp.Start = dec.Span().Start
			}
		}
	}
	line := f.Position(sp.Start).Line
	sp.Start = f.LineStart(line)
	// Decorators start with "@" before the expression span.
	return sp
}

// blockAt returns the "# %%" cell around off, or the top-level statement
// containing (or nearest after) off.
func blockAt(sn *snapshot, m *syntax.Module, off source.Pos) []syntax.Stmt {
	cells := cellBounds(sn.file, m)
	for _, c := range cells {
		if off >= c.Start && off <= c.End {
			var out []syntax.Stmt
			for _, st := range m.Body {
				sp := st.Span()
				if sp.Start >= c.Start && sp.Start < c.End {
					out = append(out, st)
				}
			}
			return out
		}
	}
	for _, st := range m.Body {
		sp := stmtSpan(sn.file, st)
		if off >= sp.Start && off <= sp.End {
			return []syntax.Stmt{st}
		}
	}
	for _, st := range m.Body {
		if st.Span().Start >= off {
			return []syntax.Stmt{st}
		}
	}
	return nil
}

// cellBounds splits the file at "# %%" comment lines; none when the file
// has no such markers.
func cellBounds(f *source.File, m *syntax.Module) []source.Span {
	var marks []source.Pos
	for _, c := range m.Comments {
		if strings.HasPrefix(strings.TrimSpace(c.Text), "# %%") && f.Position(c.Span().Start).Column == 1 {
			marks = append(marks, c.Span().Start)
		}
	}
	if len(marks) == 0 {
		return nil
	}
	var out []source.Span
	prev := source.Pos(0)
	for _, mk := range marks {
		if mk > prev {
			out = append(out, source.Span{Start: prev, End: mk})
		}
		prev = mk
	}
	out = append(out, source.Span{Start: prev, End: source.Pos(len(f.Text))})
	return out
}
