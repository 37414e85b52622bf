package lsp

import (
	"context"
	"fmt"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler/syntax"
)

func init() {
	requestHandlers["textDocument/codeLens"] = (*Server).codeLens
}

// codeLens puts the stack size and frame bytes above each def and an
// "▶ Evaluate" lens above each top-level block (or "# %%" cell).
func (s *Server) codeLens(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.CodeLensParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	lenses := []protocol.CodeLens{}
	if sn.module == nil {
		return lenses, nil
	}
	syntax.Inspect(sn.module, func(n syntax.Node) bool {
		if fd, ok := n.(*syntax.FunctionDef); ok {
			if c := sn.codeFor(fd); c != nil {
				rep := stackReportFor(sn, c)
				r := rangeOf(sn.file, fd.Name.Span())
				lenses = append(lenses, protocol.CodeLens{Range: r, Command: &protocol.Command{
					Title: fmt.Sprintf("stack %d slots · frame %d B", c.MaxStack, rep.frameBytes), Command: ""}})
			}
		}
		return true
	})
	evalLens := func(line int) {
		start := sn.file.LineStart(line)
		r := protocol.Range{Start: positionOf(sn.file, start), End: positionOf(sn.file, start)}
		version := sn.version
		lenses = append(lenses, protocol.CodeLens{Range: r, Command: &protocol.Command{
			Title: "▶ Evaluate", Command: EvaluateCommand,
			Arguments: []any{EvalParams{URI: p.TextDocument.URI, Version: &version, Range: &r}}}})
	}
	if cells := cellBounds(sn.file, sn.module); cells != nil {
		for _, c := range cells {
			evalLens(sn.file.Position(c.Start).Line)
		}
		return lenses, nil
	}
	for _, st := range sn.module.Body {
		switch st.(type) {
		case *syntax.FunctionDef, *syntax.ClassDef, *syntax.Import, *syntax.ImportFrom:
			continue
		}
		evalLens(sn.file.Position(stmtSpan(sn.file, st).Start).Line)
	}
	return lenses, nil
}
