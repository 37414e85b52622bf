package lsp

import (
	"context"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/weft-lang/weft/compiler/source"
)

// Document is an open editor buffer.
type Document struct {
	URI     protocol.DocumentURI
	Path    string
	Version int32
	Text    []byte

	server *Server
	mu     sync.Mutex
	snap   *snapshot // analysis of (Version, Text), computed on demand
}

func (s *Server) openURIs() []protocol.DocumentURI {
	out := make([]protocol.DocumentURI, 0, len(s.docs))
	for u := range s.docs {
		out = append(out, u)
	}
	return out
}

// document returns the open document for u or an InvalidParams error.
func (s *Server) document(u protocol.DocumentURI) (*Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[u]
	if !ok {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "unknown document " + string(u)}
	}
	return d, nil
}

// applyChange applies one content change (full or ranged) to text.
func applyChange(text []byte, ch protocol.TextDocumentContentChangeEvent) []byte {
	f := source.NewFile("", text)
	start := offsetOf(f, ch.Range.Start)
	end := offsetOf(f, ch.Range.End)
	if end < start {
		start, end = end, start
	}
	out := make([]byte, 0, len(text)-int(end-start)+len(ch.Text))
	out = append(out, text[:start]...)
	out = append(out, ch.Text...)
	out = append(out, text[end:]...)
	return out
}

type rawChange struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

func init() {
	notificationHandlers["textDocument/didOpen"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p protocol.DidOpenTextDocumentParams
		if err := decode(req, &p); err != nil {
			return err
		}
		d := &Document{URI: p.TextDocument.URI, Path: uri.URI(p.TextDocument.URI).Filename(),
			Version: p.TextDocument.Version, Text: []byte(p.TextDocument.Text), server: s}
		s.mu.Lock()
		s.docs[d.URI] = d
		s.mu.Unlock()
		s.scheduleDiagnostics(d.URI, 0)
		return nil
	}
	notificationHandlers["textDocument/didChange"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p struct {
			TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
			ContentChanges []rawChange                              `json:"contentChanges"`
		}
		if err := decode(req, &p); err != nil {
			return err
		}
		d, err := s.document(p.TextDocument.URI)
		if err != nil {
			return err
		}
		d.mu.Lock()
		text := d.Text
		for _, ch := range p.ContentChanges {
			if ch.Range == nil {
				text = []byte(ch.Text)
				continue
			}
			text = applyChange(text, protocol.TextDocumentContentChangeEvent{Range: *ch.Range, Text: ch.Text})
		}
		d.Text = text
		d.Version = p.TextDocument.Version
		d.snap = nil
		d.mu.Unlock()
		s.scheduleDiagnostics(d.URI, s.opts.Debounce)
		return nil
	}
	notificationHandlers["textDocument/didSave"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p protocol.DidSaveTextDocumentParams
		if err := decode(req, &p); err != nil {
			return err
		}
		if _, err := s.document(p.TextDocument.URI); err != nil {
			return err
		}
		s.scheduleDiagnostics(p.TextDocument.URI, 0)
		return nil
	}
	notificationHandlers["textDocument/didClose"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p protocol.DidCloseTextDocumentParams
		if err := decode(req, &p); err != nil {
			return err
		}
		s.mu.Lock()
		delete(s.docs, p.TextDocument.URI)
		delete(s.evals, p.TextDocument.URI)
		if t := s.timers[p.TextDocument.URI]; t != nil {
			t.Stop()
			delete(s.timers, p.TextDocument.URI)
		}
		s.mu.Unlock()
		s.send("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
		return nil
	}
	notificationHandlers["workspace/didChangeWorkspaceFolders"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p protocol.DidChangeWorkspaceFoldersParams
		if err := decode(req, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, f := range p.Event.Removed {
			name := uri.URI(f.URI).Filename()
			for i, x := range s.folders {
				if x == name {
					s.folders = append(s.folders[:i], s.folders[i+1:]...)
					break
				}
			}
		}
		for _, f := range p.Event.Added {
			s.folders = append(s.folders, uri.URI(f.URI).Filename())
		}
		return nil
	}
}
