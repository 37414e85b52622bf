package lsp

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
	"github.com/weft-lang/weft/driver"
	"github.com/weft-lang/weft/vm"
)

var keywords = strings.Fields(`False None True and as assert break class continue def del elif else except
	finally for from global if import in is lambda nonlocal not or pass raise return try while with yield`)

func init() {
	requestHandlers["textDocument/completion"] = (*Server).completion
	requestHandlers["textDocument/signatureHelp"] = (*Server).signatureHelp
}

func (s *Server) completion(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.CompletionParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	off := offsetOf(sn.file, p.Position)
	prefix, qualifier := wordBefore(sn.file.Text, off)
	var items []protocol.CompletionItem
	add := func(label string, kind protocol.CompletionItemKind, detail string) {
		if strings.HasPrefix(label, prefix) {
			items = append(items, protocol.CompletionItem{Label: label, Kind: kind, Detail: detail})
		}
	}
	if qualifier != "" {
		for _, m := range s.moduleMembers(sn, qualifier) {
			add(m, protocol.CompletionItemKindField, qualifier+"."+m)
		}
		return &protocol.CompletionList{Items: nonNil(items)}, nil
	}
	seen := map[string]bool{}
	if sn.module != nil && sn.module.Scope != nil {
		_, path := identAt(sn.module, off)
		if len(path) == 0 {
			path = pathAt(sn.module, off)
		}
		sc := scopeAt(sn.module, path)
		for sco := sc; sco != nil; sco = sco.Parent {
			if sco != sc && sco.Kind == syntax.ClassScope {
				continue
			}
			for _, name := range sco.Order {
				sym := sco.Symbols[name]
				if seen[name] || sym == nil || sym.Flags&syntax.SymBound == 0 {
					continue
				}
				seen[name] = true
				kind := protocol.CompletionItemKindVariable
				switch {
				case sym.Flags&syntax.SymDef != 0:
					kind = protocol.CompletionItemKindFunction
				case sym.Flags&syntax.SymImported != 0:
					kind = protocol.CompletionItemKindModule
				}
				add(name, kind, "")
			}
		}
	}
	for n := range builtinNames {
		if !seen[n] {
			add(n, protocol.CompletionItemKindFunction, "builtin")
		}
	}
	for _, k := range keywords {
		add(k, protocol.CompletionItemKindKeyword, "keyword")
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return &protocol.CompletionList{Items: nonNil(items)}, nil
}

func nonNil(items []protocol.CompletionItem) []protocol.CompletionItem {
	if items == nil {
		return []protocol.CompletionItem{}
	}
	return items
}

// wordBefore returns the identifier prefix ending at off and, when it
// follows "name.", that qualifier.
func wordBefore(text []byte, off source.Pos) (prefix, qualifier string) {
	i := int(off)
	if i > len(text) {
		i = len(text)
	}
	j := i
	for j > 0 && isIdentByte(text[j-1]) {
		j--
	}
	prefix = string(text[j:i])
	if j > 0 && text[j-1] == '.' {
		k := j - 1
		for k > 0 && isIdentByte(text[k-1]) {
			k--
		}
		qualifier = string(text[k : j-1])
	}
	return prefix, qualifier
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// moduleMembers lists the public names of a builtin or .weft module bound
// to the local name q.
func (s *Server) moduleMembers(sn *snapshot, q string) []string {
	modName := sn.moduleNameOf(q)
	if names := vm.ModuleNames(modName); names != nil {
		return names
	}
	p, ok := driver.FindModule(modName, filepath.Dir(sn.file.Name), driver.SearchPath())
	if !ok {
		return nil
	}
	text, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	m, _ := syntax.Parse(source.NewFile(p, text))
	if m == nil {
		return nil
	}
	var out []string
	for _, st := range m.Body {
		switch d := st.(type) {
		case *syntax.FunctionDef:
			out = append(out, d.Name.Name)
		case *syntax.ClassDef:
			out = append(out, d.Name.Name)
		case *syntax.Assign:
			for _, t := range d.Targets {
				if n, ok := t.(*syntax.Name); ok {
					out = append(out, n.Id)
				}
			}
		}
	}
	return out
}

func (s *Server) signatureHelp(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.SignatureHelpParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	d, err := s.document(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sn := d.snapshot()
	off := int(offsetOf(sn.file, p.Position))
	text := sn.file.Text
	// Find the unmatched '(' before the cursor and count commas at depth 0.
	depth, commas := 0, 0
	open := -1
	for i := off - 1; i >= 0 && i > off-4096; i-- {
		switch text[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				if text[i] == '(' {
					open = i
				}
				i = -1
				continue
			}
			depth--
		case ',':
			if depth == 0 {
				commas++
			}
		case '\n':
			// keep scanning: calls span lines
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return nil, nil
	}
	name, _ := wordBefore(text, source.Pos(open))
	if name == "" || sn.module == nil {
		return nil, nil
	}
	_, path := identAt(sn.module, source.Pos(open))
	def, _ := definitionOf(scopeAt(sn.module, path), name)
	var fn *syntax.FunctionDef
	skipSelf := false
	if def != nil {
		switch x := defNodeFor(sn.module, def).(type) {
		case *syntax.FunctionDef:
			fn = x
		case *syntax.ClassDef:
			for _, st := range x.Body {
				if f, ok := st.(*syntax.FunctionDef); ok && f.Name.Name == "__init__" {
					fn = f
					skipSelf = true
				}
			}
		}
	}
	if fn == nil {
		return nil, nil
	}
	params := sn.paramList(fn.Args)
	if skipSelf && len(params) > 0 {
		params = params[1:]
	}
	info := protocol.SignatureInformation{Label: name + "(" + strings.Join(params, ", ") + ")"}
	if doc := docstring(fn.Body); doc != "" {
		info.Documentation = protocol.MarkupContent{Kind: protocol.PlainText, Value: doc}
	}
	for _, prm := range params {
		info.Parameters = append(info.Parameters, protocol.ParameterInformation{Label: prm})
	}
	active := uint32(commas)
	if n := uint32(len(params)); n > 0 && active >= n {
		active = n - 1
	}
	return &protocol.SignatureHelp{Signatures: []protocol.SignatureInformation{info}, ActiveParameter: active}, nil
}
