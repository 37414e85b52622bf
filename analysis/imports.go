package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/weft-lang/weft/compiler/resolve"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// ModuleResolver gives analyzers what they need to know about the .weft
// modules a file imports (today: the signatures of their functions and
// classes, for A301). Implementations must be safe for concurrent use.
type ModuleResolver interface {
	// Module returns the facts of module name as imported by a file in
	// folder dir, or nil when it is a builtin module or no .weft file
	// for it can be found and parsed.
	Module(name, dir string) *ModuleInfo
}

// ModuleInfo is what other files may rely on about a module.
type ModuleInfo struct {
	Path string
	// Signatures of the module-level functions and classes bound exactly
	// once (by def or class) whose call signature is known.
	Signatures map[string]*Signature
}

// FileResolver is the ModuleResolver over the file system that the CLI
// and the language server share: NAME.weft is looked up in the importing
// file's folder, then in each folder of the search path (WEFTPATH), the
// same order the VM's loader uses. Each file is parsed at most once;
// Overlay, when set, supplies unsaved editor buffers by path.
type FileResolver struct {
	SearchPath []string
	Overlay    func(path string) ([]byte, bool)

	mu    sync.Mutex
	cache map[string]*moduleEntry
}

type moduleEntry struct {
	once sync.Once
	info *ModuleInfo
}

// NewModuleResolver returns a FileResolver for the given search path.
func NewModuleResolver(searchPath []string, overlay func(path string) ([]byte, bool)) *FileResolver {
	return &FileResolver{SearchPath: searchPath, Overlay: overlay}
}

// SearchPathFromEnv returns the folders listed in WEFTPATH.
func SearchPathFromEnv() []string {
	p := os.Getenv("WEFTPATH")
	if p == "" {
		return nil
	}
	return filepath.SplitList(p)
}

// Module implements ModuleResolver.
func (r *FileResolver) Module(name, dir string) *ModuleInfo {
	if builtinModules[name] {
		return nil
	}
	path, ok := r.find(name, dir)
	if !ok {
		return nil
	}
	r.mu.Lock()
	if r.cache == nil {
		r.cache = map[string]*moduleEntry{}
	}
	e := r.cache[path]
	if e == nil {
		e = &moduleEntry{}
		r.cache[path] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.info = r.load(path) })
	return e.info
}

// Forget drops what the resolver knows about the file at path (after an
// edit), or everything when path is "".
func (r *FileResolver) Forget(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if path == "" {
		r.cache = nil
		return
	}
	delete(r.cache, path)
}

func (r *FileResolver) find(name, dir string) (string, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return "", false
	}
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator)) + ".weft"
	for _, d := range append([]string{dir}, r.SearchPath...) {
		p := filepath.Join(d, rel)
		if r.Overlay != nil {
			if _, ok := r.Overlay(p); ok {
				return p, true
			}
		}
		// Regular files only: reading a FIFO would block the analysis.
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

func (r *FileResolver) load(path string) *ModuleInfo {
	var text []byte
	ok := false
	if r.Overlay != nil {
		text, ok = r.Overlay(path)
	}
	if !ok {
		var err error
		if text, err = os.ReadFile(path); err != nil {
			return nil
		}
	}
	m, diags := syntax.Parse(source.NewFile(path, text))
	if m == nil || diags.HasErrors() || resolve.Resolve(m).HasErrors() {
		return nil
	}
	return ModuleInfoOf(m)
}

// ModuleInfoOf extracts the facts of a parsed and resolved module.
func ModuleInfoOf(m *syntax.Module) *ModuleInfo {
	info := &ModuleInfo{Signatures: map[string]*Signature{}}
	if m.File != nil {
		info.Path = m.File.Name
	}
	s := m.Scope
	if s == nil {
		return info
	}
	classes := map[string]*syntax.ClassDef{}
	for _, st := range m.Body {
		if c, ok := st.(*syntax.ClassDef); ok && c.Name != nil {
			classes[c.Name.Name] = c
		}
	}
	once := func(name string) bool {
		sym := s.Symbols[name]
		return sym != nil && len(sym.Defs) == 1
	}
	cs := classSigs{
		resolveBase: func(_ *syntax.ClassDef, b syntax.Expr) *syntax.ClassDef {
			if n, ok := b.(*syntax.Name); ok && once(n.Id) {
				return classes[n.Id]
			}
			return nil
		},
		qual: func(c *syntax.ClassDef) string { return c.Name.Name },
	}
	for _, st := range m.Body {
		switch d := st.(type) {
		case *syntax.FunctionDef:
			if d.Name == nil || !once(d.Name.Name) || len(d.Decorators) > 0 {
				continue
			}
			if sig := signatureOf(d.Name.Name, d.Args, 0); sig != nil {
				info.Signatures[d.Name.Name] = sig
			}
		case *syntax.ClassDef:
			if d.Name == nil || !once(d.Name.Name) {
				continue
			}
			if sig := cs.constructor(d); sig != nil {
				info.Signatures[d.Name.Name] = sig
			}
		}
	}
	return info
}
