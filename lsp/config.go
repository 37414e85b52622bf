package lsp

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/driver"
)

// lintState holds the weft.toml loader and the module resolver; both are
// replaced when weft.toml or a .weft file changes on disk.
type lintState struct {
	mu      sync.Mutex
	loader  *analysis.ConfigLoader
	modules *analysis.FileResolver
}

// lintConfig returns the weft.toml settings for path, with the client's
// lint settings applied on top (the CLI reads the same files the same way).
func (s *Server) lintConfig(path string) *analysis.Config {
	s.lint.mu.Lock()
	if s.lint.loader == nil {
		s.lint.loader = new(analysis.ConfigLoader)
	}
	loader := s.lint.loader
	s.lint.mu.Unlock()
	cfg, err := loader.ForFile(path)
	if err != nil || cfg == nil {
		s.log.Printf("weft.toml for %s: %v", path, err)
		cfg = analysis.DefaultConfig()
	}
	s.mu.Lock()
	st := s.settings.Lint
	s.mu.Unlock()
	if len(st.Select) > 0 || len(st.Ignore) > 0 || st.MaxStack > 0 || st.MaxFrameBytes > 0 {
		c := *cfg
		if len(st.Select) > 0 {
			c.Select = st.Select
		}
		if len(st.Ignore) > 0 {
			c.Ignore = append(append([]string(nil), c.Ignore...), st.Ignore...)
		}
		if st.MaxStack > 0 {
			c.MaxStack = st.MaxStack
		}
		if st.MaxFrameBytes > 0 {
			c.MaxFrameBytes = st.MaxFrameBytes
		}
		cfg = &c
	}
	return cfg
}

// lintGen is the generation of the lint configuration: it changes when
// weft.toml, the settings or the modules on disk change, which makes every
// snapshot stale.
func (s *Server) lintGen() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// modules resolves imported .weft modules, preferring open buffers.
func (s *Server) modules() analysis.ModuleResolver {
	s.lint.mu.Lock()
	defer s.lint.mu.Unlock()
	if s.lint.modules == nil {
		s.lint.modules = analysis.NewModuleResolver(driver.SearchPath(), s.overlay)
	}
	return s.lint.modules
}

// overlay returns the text of an open document by file path.
func (s *Server) overlay(path string) ([]byte, bool) {
	abs, _ := filepath.Abs(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.Path == path || d.Path == abs {
			d.mu.Lock()
			text := append([]byte(nil), d.Text...)
			d.mu.Unlock()
			return text, true
		}
	}
	return nil, false
}

// reloadLint drops cached weft.toml files and modules, then re-checks
// every open document.
func (s *Server) reloadLint() {
	s.lint.mu.Lock()
	s.lint.loader = nil
	s.lint.modules = nil
	s.lint.mu.Unlock()
	s.mu.Lock()
	// Snapshots and analyses of the previous generation are now stale.
	s.gen++
	uris := s.openURIs()
	for _, d := range s.docs {
		d.mu.Lock()
		d.snap = nil
		if d.run != nil {
			d.run.cancel()
		}
		d.mu.Unlock()
	}
	s.mu.Unlock()
	for _, u := range uris {
		s.scheduleDiagnostics(u, 0)
	}
}

func init() {
	notificationHandlers["workspace/didChangeWatchedFiles"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		s.reloadLint()
		return nil
	}
}
