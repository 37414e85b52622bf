package lsp

import (
	"context"
	"encoding/json"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
)

// EvaluateCommand is the workspace/executeCommand name of evaluation.
const EvaluateCommand = "weft.evaluate"

func (s *Server) initialize(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	var p protocol.InitializeParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	var raw struct {
		Capabilities struct {
			TextDocument struct {
				Diagnostic *struct{} `json:"diagnostic"`
			} `json:"textDocument"`
		} `json:"capabilities"`
		InitializationOptions json.RawMessage `json:"initializationOptions"`
	}
	_ = json.Unmarshal(*req.Params, &raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateNew {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize sent twice"}
	}
	s.state = stateRunning
	s.pullDiagnostics = raw.Capabilities.TextDocument.Diagnostic != nil
	if len(raw.InitializationOptions) > 0 {
		s.settings.merge(raw.InitializationOptions)
	}
	for _, f := range p.WorkspaceFolders {
		s.folders = append(s.folders, uriPath(f.URI))
	}
	if len(s.folders) == 0 && p.RootURI != "" {
		s.folders = append(s.folders, uriPath(string(p.RootURI)))
	}
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    protocol.TextDocumentSyncKindIncremental,
			Save:      &protocol.SaveOptions{IncludeText: false},
		},
		HoverProvider:          true,
		DefinitionProvider:     true,
		DocumentSymbolProvider: true,
		CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: []string{"."}},
		SignatureHelpProvider:  &protocol.SignatureHelpOptions{TriggerCharacters: []string{"(", ","}, RetriggerCharacters: []string{","}},
		CodeLensProvider:       &protocol.CodeLensOptions{},
		ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{EvaluateCommand}},
		Workspace: &protocol.ServerCapabilitiesWorkspace{
			WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
		},
	}
	// LSP 3.17 capabilities that go.lsp.dev/protocol v0.12.0 lacks are
	// added to the marshalled struct.
	capJSON, err := json.Marshal(caps)
	if err != nil {
		return nil, err
	}
	var capMap map[string]any
	if err := json.Unmarshal(capJSON, &capMap); err != nil {
		return nil, err
	}
	capMap["inlayHintProvider"] = true
	capMap["diagnosticProvider"] = map[string]any{"interFileDependencies": false, "workspaceDiagnostics": false}
	return map[string]any{
		"capabilities": capMap,
		"serverInfo":   map[string]any{"name": "weft", "version": s.opts.Version},
	}, nil
}
