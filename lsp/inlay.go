package lsp

import (
	"context"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// InlayHint is LSP 3.17's InlayHint (absent from go.lsp.dev/protocol
// v0.12.0). Kind 1 is Type, 2 is Parameter.
type InlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"`
	Tooltip      string            `json:"tooltip,omitempty"`
	PaddingLeft  bool              `json:"paddingLeft,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

// inlayHintParams is LSP 3.17's InlayHintParams.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

func init() {
	requestHandlers["textDocument/inlayHint"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) (any, error) {
		var p inlayHintParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		d, err := s.document(p.TextDocument.URI)
		if err != nil {
			return nil, err
		}
		d.mu.Lock()
		version := d.Version
		d.mu.Unlock()
		s.mu.Lock()
		ev := s.evals[p.TextDocument.URI]
		s.mu.Unlock()
		out := []InlayHint{}
		if ev == nil || ev.version != version {
			return out, nil
		}
		for _, h := range ev.hints {
			if h.Position.Line >= p.Range.Start.Line && h.Position.Line <= p.Range.End.Line {
				out = append(out, h)
			}
		}
		return out, nil
	}
}

// refreshInlayHints asks the client to re-request inlay hints (LSP 3.17
// workspace/inlayHint/refresh); clients without support answer with an
// error, which is ignored.
func (s *Server) refreshInlayHints() {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5e9)
		defer cancel()
		var out any
		_ = conn.Call(ctx, "workspace/inlayHint/refresh", nil, &out)
	}()
}
