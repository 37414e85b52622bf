package lsp

import (
	"context"
	"net/url"
	"sync"
	"time"

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
	// snap is the newest finished analysis (of Version, or of an earlier
	// version while the current one is being analysed).
	snap *snapshot
	// run is the analysis in progress, if any.
	run *analysisRun
	// lastChange is when the last didChange arrived (for the debounce).
	lastChange time.Time
	// pubMu orders publications: the version check and the send happen
	// under it, so an older version's diagnostics can never follow a
	// newer one's. published is the last version sent.
	pubMu     sync.Mutex
	published int32
}

// analysisRun is the analysis of one version, computed by one goroutine
// while others wait for it. It is cancelled when a newer version arrives.
type analysisRun struct {
	version int32
	gen     uint64
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	snap    *snapshot // set before done is closed; nil when cancelled
}

// snapshot returns the analysis of the document's current version,
// computing it, or waiting for the analysis already in progress (it never
// analyses the same version twice at once). Analysis runs without holding
// d.mu, so edits are applied while it runs.
func (d *Document) snapshot() *snapshot {
	for {
		if sn := d.snapshotOnce(); sn != nil {
			return sn
		}
		// The version was superseded while being analysed: analyse the
		// newer one.
	}
}

// snapshotOnce is one attempt of snapshot: nil when the version it
// waited for was superseded by a newer one before its analysis finished.
func (d *Document) snapshotOnce() *snapshot {
	gen := d.server.lintGen()
	d.mu.Lock()
	if sn := d.snap; sn != nil && sn.version == d.Version && sn.gen == gen {
		d.mu.Unlock()
		return sn
	}
	run := d.run
	if run != nil && run.version == d.Version && run.gen == gen {
		d.mu.Unlock()
		<-run.done
		return run.snap
	}
	if run != nil {
		run.cancel() // an older version or configuration: nobody needs it
	}
	ctx, cancel := context.WithCancel(context.Background())
	run = &analysisRun{version: d.Version, gen: gen, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	d.run = run
	text, prev := d.Text, d.snap
	d.mu.Unlock()

	defer func() {
		cancel()
		d.mu.Lock()
		if d.run == run {
			d.run = nil
		}
		if sn := run.snap; sn != nil && (d.snap == nil || d.snap.version < sn.version || d.snap.gen < sn.gen) {
			d.snap = sn
		}
		d.mu.Unlock()
		close(run.done)
	}()
	run.snap = d.analyze(ctx, run.version, text, prev)
	return run.snap
}

// cancelStaleLocked cancels an analysis of an older version (d.mu held).
func (d *Document) cancelStaleLocked() {
	if d.run != nil && d.run.version != d.Version {
		d.run.cancel()
	}
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

// uriPath is the file path of a file: URI. uri.Filename panics on any
// other URI (an editor's untitled: buffer, a malformed one), which made
// the session lose the didOpen or fail initialize; such a URI stands for
// itself instead, a name that matches no file on disk.
func uriPath(u string) string {
	if p, err := url.ParseRequestURI(u); err != nil || p.Scheme != uri.FileScheme {
		return u
	}
	return uri.URI(u).Filename()
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
		d := &Document{URI: p.TextDocument.URI, Path: uriPath(string(p.TextDocument.URI)),
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
		d.cancelStaleLocked()
		// Debounce bursts of changes, not single keystrokes: a change
		// that follows the previous one by more than the debounce delay
		// is analysed at once (the analysis of the previous version, if
		// still running, is cancelled above).
		now := time.Now()
		burst := now.Sub(d.lastChange) < s.opts.Debounce
		d.lastChange = now
		d.mu.Unlock()
		delay := s.opts.Debounce
		if !burst {
			delay = 0
		}
		s.scheduleDiagnostics(d.URI, delay)
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
		if d := s.docs[p.TextDocument.URI]; d != nil {
			d.mu.Lock()
			if d.run != nil {
				d.run.cancel()
			}
			d.mu.Unlock()
		}
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
			name := uriPath(f.URI)
			for i, x := range s.folders {
				if x == name {
					s.folders = append(s.folders[:i], s.folders[i+1:]...)
					break
				}
			}
		}
		for _, f := range p.Event.Added {
			s.folders = append(s.folders, uriPath(f.URI))
		}
		return nil
	}
}
