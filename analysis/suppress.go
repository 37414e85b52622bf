package analysis

import (
	"strings"

	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/compiler/syntax"
)

// suppression is what the "# weft: ignore" comments of a file turn off:
// per line, nil for every code or the listed codes, prefixes and names.
type suppressionSet map[int][]string

// suppressions collects "# weft: ignore" and "# weft: ignore[W201, E201]"
// comments (the directive may follow other text in the comment, and
// spaces around ":" and inside the brackets are optional).
func suppressions(m *syntax.Module) suppressionSet {
	var set suppressionSet
	for _, c := range m.Comments {
		codes, ok := ParseIgnore(c.Text)
		if !ok {
			continue
		}
		if set == nil {
			set = suppressionSet{}
		}
		line := m.File.Position(c.Span().Start).Line
		if codes == nil {
			set[line] = []string{"ALL"}
		} else if prev, ok := set[line]; !ok || len(prev) != 1 || prev[0] != "ALL" {
			set[line] = append(prev, codes...)
		}
	}
	return set
}

// ParseIgnore parses a comment's text. ok is true when it holds a weft
// ignore directive; codes is nil for a bare "# weft: ignore" (every
// code) and the listed selectors otherwise.
func ParseIgnore(comment string) (codes []string, ok bool) {
	i := strings.Index(comment, "weft")
	for i >= 0 {
		rest := strings.TrimLeft(comment[i+4:], " \t")
		if strings.HasPrefix(rest, ":") {
			rest = strings.TrimLeft(rest[1:], " \t")
			if strings.HasPrefix(rest, "ignore") {
				rest = rest[len("ignore"):]
				if !strings.HasPrefix(rest, "[") {
					if rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '#' {
						return nil, true
					}
					return nil, false
				}
				end := strings.IndexByte(rest, ']')
				if end < 0 {
					return nil, false
				}
				for _, f := range strings.FieldsFunc(rest[1:end], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
					codes = append(codes, f)
				}
				if codes == nil {
					return nil, true
				}
				return codes, true
			}
		}
		j := strings.Index(comment[i+4:], "weft")
		if j < 0 {
			break
		}
		i += 4 + j
	}
	return nil, false
}

// suppressed reports whether d starts on a line whose ignore comment
// covers its code.
func (s suppressionSet) suppressed(f *source.File, d source.Diagnostic) bool {
	if len(s) == 0 {
		return false
	}
	codes, ok := s[f.Position(d.Span.Start).Line]
	return ok && matchesAny(codes, d.Code, d.Name)
}
