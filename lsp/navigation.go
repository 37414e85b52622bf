package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
	"github.com/weft-lang/weft/driver"
)

func init() {
	requestHandlers["textDocument/definition"] = (*Server).definition
	requestHandlers["textDocument/documentSymbol"] = (*Server).documentSymbols
}

func (s *Server) definition(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.DefinitionParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	if sn.module == nil {
		return []protocol.Location{}, nil
	}
	n, path := identAt(sn.module, offsetOf(sn.file, p.Position))
	if n == nil {
		return []protocol.Location{}, nil
	}
	// module.attr: jump into the imported .weft module.
	if id, ok := n.(*syntax.Ident); ok {
		for i := len(path) - 1; i >= 0; i-- {
			if a, ok := path[i].(*syntax.Attribute); ok && a.Attr == id {
				if mod, ok := a.X.(*syntax.Name); ok {
					if loc, ok := s.moduleMember(sn, path, mod.Id, id.Name); ok {
						return []protocol.Location{loc}, nil
					}
				}
			}
			if imp, ok := path[i].(*syntax.ImportFrom); ok && imp.Module != nil {
				if id == imp.Module {
					if loc, ok := s.moduleFile(sn, imp.Module.Name); ok {
						return []protocol.Location{loc}, nil
					}
				}
				if loc, ok := s.moduleMember(sn, nil, "", id.Name, imp.Module.Name); ok {
					return []protocol.Location{loc}, nil
				}
			}
			if al, ok := path[i].(*syntax.Alias); ok && al.Name == id {
				if loc, ok := s.moduleFile(sn, id.Name); ok {
					return []protocol.Location{loc}, nil
				}
			}
		}
		return []protocol.Location{}, nil
	}
	name := n.(*syntax.Name)
	def, _ := definitionOf(scopeAt(sn.module, path), name.Id)
	if def == nil {
		return []protocol.Location{}, nil
	}
	// An imported name: follow into the module.
	for _, st := range sn.module.Body {
		if imp, ok := st.(*syntax.ImportFrom); ok && imp.Module != nil {
			for _, al := range imp.Names {
				if al.AsName == def || al.Name == def {
					if loc, ok := s.moduleMember(sn, nil, "", al.Name.Name, imp.Module.Name); ok {
						return []protocol.Location{loc}, nil
					}
				}
			}
		}
	}
	return []protocol.Location{{URI: p.TextDocument.URI, Range: rangeOf(sn.file, def.Span())}}, nil
}

// moduleFile locates an importable .weft module.
func (s *Server) moduleFile(sn *snapshot, modName string) (protocol.Location, bool) {
	path, ok := driver.FindModule(modName, filepath.Dir(sn.file.Name), driver.SearchPath())
	if !ok {
		return protocol.Location{}, false
	}
	return protocol.Location{URI: protocol.DocumentURI(uri.File(path))}, true
}

// moduleMember finds the top-level definition of member in the module
// bound to local name modLocal (or named modName directly).
func (s *Server) moduleMember(sn *snapshot, path []syntax.Node, modLocal, member string, modName ...string) (protocol.Location, bool) {
	name := modLocal
	if len(modName) > 0 {
		name = modName[0]
	} else {
		name = sn.moduleNameOf(modLocal)
	}
	p, ok := driver.FindModule(name, filepath.Dir(sn.file.Name), driver.SearchPath())
	if !ok {
		return protocol.Location{}, false
	}
	text, err := os.ReadFile(p)
	if err != nil {
		return protocol.Location{}, false
	}
	f := source.NewFile(p, text)
	m, _ := syntax.Parse(f)
	if m == nil {
		return protocol.Location{}, false
	}
	for _, st := range m.Body {
		var id *syntax.Ident
		switch d := st.(type) {
		case *syntax.FunctionDef:
			id = d.Name
		case *syntax.ClassDef:
			id = d.Name
		case *syntax.Assign:
			for _, t := range d.Targets {
				if n, ok := t.(*syntax.Name); ok && n.Id == member {
					return protocol.Location{URI: protocol.DocumentURI(uri.File(p)), Range: rangeOf(f, n.Span())}, true
				}
			}
		}
		if id != nil && id.Name == member {
			return protocol.Location{URI: protocol.DocumentURI(uri.File(p)), Range: rangeOf(f, id.Span())}, true
		}
	}
	return protocol.Location{}, false
}

func (s *Server) documentSymbols(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.DocumentSymbolParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	if sn.module == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	return sn.symbols(sn.module.Body), nil
}

func (sn *snapshot) symbols(body []syntax.Stmt) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	for _, st := range body {
		switch d := st.(type) {
		case *syntax.FunctionDef:
			kind := protocol.SymbolKindFunction
			detail := "(" + sn.params(d.Args) + ")"
			if c := sn.codeFor(d); c != nil {
				detail += " · max stack " + strconv.Itoa(c.MaxStack)
			}
			out = append(out, protocol.DocumentSymbol{Name: d.Name.Name, Detail: detail, Kind: kind,
				Range: rangeOf(sn.file, d.Span()), SelectionRange: rangeOf(sn.file, d.Name.Span()),
				Children: sn.symbols(d.Body)})
		case *syntax.ClassDef:
			children := sn.symbols(d.Body)
			for i := range children {
				if children[i].Kind == protocol.SymbolKindFunction {
					children[i].Kind = protocol.SymbolKindMethod
				}
			}
			out = append(out, protocol.DocumentSymbol{Name: d.Name.Name, Kind: protocol.SymbolKindClass,
				Range: rangeOf(sn.file, d.Span()), SelectionRange: rangeOf(sn.file, d.Name.Span()), Children: children})
		case *syntax.Assign:
			for _, t := range d.Targets {
				if n, ok := t.(*syntax.Name); ok {
					out = append(out, protocol.DocumentSymbol{Name: n.Id, Kind: protocol.SymbolKindVariable,
						Range: rangeOf(sn.file, d.Span()), SelectionRange: rangeOf(sn.file, n.Span())})
				}
			}
		case *syntax.AnnAssign:
			if n, ok := d.Target.(*syntax.Name); ok {
				out = append(out, protocol.DocumentSymbol{Name: n.Id, Kind: protocol.SymbolKindVariable,
					Range: rangeOf(sn.file, d.Span()), SelectionRange: rangeOf(sn.file, n.Span())})
			}
		}
	}
	return out
}

// moduleNameOf maps a local name bound by "import m as n" back to m (other
// names are returned unchanged).
func (sn *snapshot) moduleNameOf(local string) string {
	if sn.module == nil {
		return local
	}
	for _, st := range sn.module.Body {
		if imp, ok := st.(*syntax.Import); ok {
			for _, al := range imp.Names {
				if al.AsName != nil && al.AsName.Name == local {
					return al.Name.Name
				}
			}
		}
	}
	return local
}
