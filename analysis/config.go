package analysis

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	slashpath "path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/weft-lang/weft/compiler/source"
)

// ConfigFileName is the name of the configuration file that Weft tools
// look for in a file's folder and each folder above it.
const ConfigFileName = "weft.toml"

// Defaults of the [lint] settings.
const (
	DefaultMaxStack      = 64
	DefaultMaxFrameBytes = 0 // S403 is off unless configured
)

// Config is the [lint] table of weft.toml:
//
//	[lint]
//	select = ["E", "W2", "A301"]   # codes, code prefixes, names or "ALL"
//	ignore = ["W205"]
//	max-stack = 64                 # S401 threshold (operand stack slots)
//	max-frame-bytes = 4096         # S403 threshold; 0 or absent: off
//	fail-on = "warning"            # "error" (default) or "warning"
//
//	[lint.per-path-ignores]
//	"tests/**" = ["W201", "unused-import"]
//
// A zero Config is not valid; use DefaultConfig, LoadConfig or a
// ConfigLoader.
type Config struct {
	// Path is the weft.toml the settings came from ("" for defaults);
	// Dir is its folder, the base of per-path-ignores globs.
	Path string
	Dir  string

	Select []string
	Ignore []string
	// MaxStack is the operand-stack size above which S401 reports a
	// function; MaxFrameBytes the call-chain size above which S403 does
	// (0: off).
	MaxStack      int
	MaxFrameBytes int
	// FailOn is the least severe diagnostic that makes `weft lint` exit 1.
	FailOn         source.Severity
	PerPathIgnores []PathIgnore
}

// PathIgnore turns off Codes (codes, prefixes or names) in files whose path
// relative to the config's folder matches Glob ("*" within a path
// segment, "**" across segments; a glob without "/" also matches the base
// name anywhere).
type PathIgnore struct {
	Glob  string
	Codes []string
}

// DefaultConfig returns the settings used when no weft.toml is found.
func DefaultConfig() *Config {
	return &Config{MaxStack: DefaultMaxStack, MaxFrameBytes: DefaultMaxFrameBytes, FailOn: source.Error}
}

type fileConfig struct {
	Lint struct {
		Select         []string            `toml:"select"`
		Ignore         []string            `toml:"ignore"`
		MaxStack       *int                `toml:"max-stack"`
		MaxFrameBytes  *int                `toml:"max-frame-bytes"`
		FailOn         string              `toml:"fail-on"`
		PerPathIgnores map[string][]string `toml:"per-path-ignores"`
	} `toml:"lint"`
}

// ParseConfig parses the text of a weft.toml found at path. Sections other
// than [lint] belong to other tools and are skipped; an unknown key, code
// or value inside [lint] is an error.
func ParseConfig(data []byte, path string) (*Config, error) {
	var fc fileConfig
	md, err := toml.Decode(string(data), &fc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "lint" {
			return nil, fmt.Errorf("%s: unknown setting %q", path, k.String())
		}
	}
	c := DefaultConfig()
	c.Path = path
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			c.Dir = filepath.Dir(abs)
		}
	}
	l := fc.Lint
	c.Select, c.Ignore = l.Select, l.Ignore
	if l.MaxStack != nil {
		if *l.MaxStack < 1 {
			return nil, fmt.Errorf("%s: max-stack must be positive, got %d", path, *l.MaxStack)
		}
		c.MaxStack = *l.MaxStack
	}
	if l.MaxFrameBytes != nil {
		if *l.MaxFrameBytes < 0 {
			return nil, fmt.Errorf("%s: max-frame-bytes must not be negative, got %d", path, *l.MaxFrameBytes)
		}
		c.MaxFrameBytes = *l.MaxFrameBytes
	}
	if l.FailOn != "" {
		sev, err := ParseSeverity(l.FailOn)
		if err != nil || sev == source.Info {
			return nil, fmt.Errorf("%s: fail-on: want \"error\" or \"warning\", got %q", path, l.FailOn)
		}
		c.FailOn = sev
	}
	globs := make([]string, 0, len(l.PerPathIgnores))
	for g := range l.PerPathIgnores {
		globs = append(globs, g)
	}
	sort.Strings(globs)
	for _, g := range globs {
		c.PerPathIgnores = append(c.PerPathIgnores, PathIgnore{Glob: filepath.ToSlash(g), Codes: l.PerPathIgnores[g]})
	}
	for _, list := range [][]string{c.Select, c.Ignore} {
		for _, s := range list {
			if !validSelector(s) {
				return nil, fmt.Errorf("%s: unknown rule %q", path, s)
			}
		}
	}
	for _, pi := range c.PerPathIgnores {
		for _, s := range pi.Codes {
			if !validSelector(s) {
				return nil, fmt.Errorf("%s: per-path-ignores %q: unknown rule %q", path, pi.Glob, s)
			}
		}
	}
	return c, nil
}

// ParseSeverity parses "error", "warning" or "info".
func ParseSeverity(s string) (source.Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return source.Error, nil
	case "warning":
		return source.Warning, nil
	case "info":
		return source.Info, nil
	}
	return source.Error, fmt.Errorf("want \"error\" or \"warning\", got %q", s)
}

// LoadConfig reads and parses the weft.toml at path.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfig(data, path)
}

// FindConfig returns the settings for files in folder dir: the first
// weft.toml in dir or a folder above it, or DefaultConfig when there is
// none.
func FindConfig(dir string) (*Config, error) {
	return new(ConfigLoader).forDir(dir)
}

// ConfigLoader finds the weft.toml of many files, reading each folder's
// file at most once. It is safe for concurrent use; the zero value is
// ready to use. The CLI and the language server both load configuration
// through it, so they agree on every setting.
type ConfigLoader struct {
	mu    sync.Mutex
	byDir map[string]configEntry
}

type configEntry struct {
	c   *Config
	err error
}

// ForFile returns the settings that apply to the file at path.
func (l *ConfigLoader) ForFile(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return l.forDir(filepath.Dir(abs))
}

// Forget drops cached settings (after an editor saw weft.toml change).
func (l *ConfigLoader) Forget() {
	l.mu.Lock()
	l.byDir = nil
	l.mu.Unlock()
}

func (l *ConfigLoader) forDir(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byDir == nil {
		l.byDir = map[string]configEntry{}
	}
	var visited []string
	var e configEntry
	for d := abs; ; {
		if c, ok := l.byDir[d]; ok {
			e = c
			break
		}
		visited = append(visited, d)
		p := filepath.Join(d, ConfigFileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			c, err := LoadConfig(p)
			e = configEntry{c, err}
			break
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
			e = configEntry{nil, err}
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			e = configEntry{DefaultConfig(), nil}
			break
		}
		d = parent
	}
	for _, d := range visited {
		l.byDir[d] = e
	}
	return e.c, e.err
}

// Enabled reports whether the analyzer with the given code and name runs
// on the file at path under these settings: it must be selected (every
// analyzer is when Select is empty), not ignored, and not turned off for
// the path by per-path-ignores.
func (c *Config) Enabled(code, name, path string) bool {
	if len(c.Select) > 0 && !matchesAny(c.Select, code, name) {
		return false
	}
	if matchesAny(c.Ignore, code, name) {
		return false
	}
	for _, pi := range c.PerPathIgnores {
		if matchesAny(pi.Codes, code, name) && c.matchPath(pi.Glob, path) {
			return false
		}
	}
	return true
}

// matchPath matches glob against path made relative to the config folder.
func (c *Config) matchPath(glob, path string) bool {
	rel := path
	if c.Dir != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if r, err := filepath.Rel(c.Dir, abs); err == nil {
				rel = r
			}
		}
	}
	rel = filepath.ToSlash(rel)
	if globMatch(glob, rel) {
		return true
	}
	if !strings.Contains(glob, "/") {
		return globMatch(glob, filepath.Base(path))
	}
	return false
}

// matchesAny reports whether a selector in list picks the rule: "ALL", the
// kebab-case name, or a prefix of the code ("W", "W2", "W201").
func matchesAny(list []string, code, name string) bool {
	for _, s := range list {
		if s == "ALL" || s == name || strings.HasPrefix(code, s) && s != "" {
			return true
		}
	}
	return false
}

func validSelector(s string) bool {
	if s == "ALL" {
		return true
	}
	for _, r := range Rules() {
		if r.Name == s || s != "" && strings.HasPrefix(r.Code, s) {
			return true
		}
	}
	return false
}

// globMatch matches a slash-separated path against a glob whose "**"
// segments match any number of path segments.
func globMatch(glob, path string) bool {
	gs := strings.Split(strings.TrimSuffix(glob, "/"), "/")
	ps := strings.Split(path, "/")
	return matchSegs(gs, ps)
}

func matchSegs(gs, ps []string) bool {
	for len(gs) > 0 {
		if gs[0] == "**" {
			if len(gs) == 1 {
				return true
			}
			for i := 0; i <= len(ps); i++ {
				if matchSegs(gs[1:], ps[i:]) {
					return true
				}
			}
			return false
		}
		if len(ps) == 0 {
			return false
		}
		if ok, err := slashpath.Match(gs[0], ps[0]); err != nil || !ok {
			return false
		}
		gs, ps = gs[1:], ps[1:]
	}
	return len(ps) == 0
}
