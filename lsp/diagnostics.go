package lsp

import (
	"context"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/weft-lang/weft/compiler/source"
)

// scheduleDiagnostics recomputes and publishes d's diagnostics after
// delay, replacing any pending run for the same document. The analysis
// runs on its own goroutine, never on the one reading the client's
// messages.
func (s *Server) scheduleDiagnostics(u protocol.DocumentURI, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.timers[u]; t != nil {
		t.Stop()
		delete(s.timers, u)
	}
	if delay <= 0 {
		go s.publishDiagnostics(u)
		return
	}
	s.timers[u] = time.AfterFunc(delay, func() { s.publishDiagnostics(u) })
}

func (s *Server) publishDiagnostics(u protocol.DocumentURI) {
	defer func() {
		if p := recover(); p != nil {
			s.recovered("diagnostics of "+string(u), p)
		}
	}()
	d, err := s.document(u)
	if err != nil {
		return
	}
	start := time.Now()
	sn := d.snapshotOnce()
	if sn == nil {
		return // superseded: the newer version's own run publishes
	}
	analysed := time.Since(start)
	diags := s.toProtocol(sn, u)
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	d.mu.Lock()
	current := d.Version == sn.version
	d.mu.Unlock()
	if !current || sn.version < d.published {
		return // a newer version is being analysed or was sent; drop this stale result
	}
	d.published = sn.version
	v := uint32(sn.version)
	s.send("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: u, Version: v, Diagnostics: diags})
	s.log.Printf("diagnostics of %s v%d: %d, analysis %s, sent after %s", u, v, len(diags), analysed, time.Since(start))
}

// toProtocol converts a snapshot's diagnostics plus the last evaluation's
// (source weft-eval) to LSP diagnostics.
func (s *Server) toProtocol(sn *snapshot, u protocol.DocumentURI) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	for _, d := range sn.diags {
		if d.File != nil && d.File != sn.file && d.File.Name != sn.file.Name {
			continue
		}
		out = append(out, protocol.Diagnostic{
			Range:    rangeOf(sn.file, d.Span),
			Severity: severityOf(d.Severity),
			Code:     d.Code,
			Source:   "weft",
			Message:  d.Message,
		})
	}
	s.mu.Lock()
	ev := s.evals[u]
	s.mu.Unlock()
	if ev != nil && ev.version == sn.version {
		out = append(out, ev.diagnostics...)
	}
	return out
}

func severityOf(sv source.Severity) protocol.DiagnosticSeverity {
	switch sv {
	case source.Error:
		return protocol.DiagnosticSeverityError
	case source.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

func init() {
	// Pull diagnostics (LSP 3.17 textDocument/diagnostic).
	requestHandlers["textDocument/diagnostic"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) (any, error) {
		var p struct {
			TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
		}
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		d, err := s.document(p.TextDocument.URI)
		if err != nil {
			return nil, err
		}
		sn := d.snapshot()
		return map[string]any{"kind": "full", "items": s.toProtocol(sn, p.TextDocument.URI)}, nil
	}
}
