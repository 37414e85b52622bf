package analysis

import (
	"fmt"
	"strings"

	"github.com/weft-lang/weft/compiler/syntax"
)

// Signature is what a callable defined in Weft source accepts, in the
// terms CPython uses when it rejects a call. Bound counts the leading
// parameters filled by the call itself (1 for self of a method called
// through an instance, or of __init__ called through its class).
type Signature struct {
	// Name is how CPython names the callable in a TypeError: "f",
	// "C.__init__", "outer.<locals>.inner".
	Name string
	// NoArgs marks a class without __init__ whose bases add none: it
	// takes no arguments at all ("C() takes no arguments").
	NoArgs bool

	PosOnly     []string
	Args        []string // positional-or-keyword
	NumDefaults int      // defaults of the last NumDefaults of PosOnly ++ Args
	VarArgs     bool
	KwOnly      []string
	KwDefault   []bool // per KwOnly
	VarKw       bool
	Bound       int
}

// signatureOf builds the Signature of a parameter list.
func signatureOf(name string, a *syntax.Arguments, bound int) *Signature {
	s := &Signature{Name: name, Bound: bound}
	if a == nil {
		return s
	}
	for _, p := range a.PosOnly {
		s.PosOnly = append(s.PosOnly, argName(p))
	}
	for _, p := range a.Args {
		s.Args = append(s.Args, argName(p))
	}
	s.NumDefaults = len(a.Defaults)
	s.VarArgs = a.Vararg != nil
	for i, p := range a.KwOnly {
		s.KwOnly = append(s.KwOnly, argName(p))
		s.KwDefault = append(s.KwDefault, i < len(a.KwDefaults) && a.KwDefaults[i] != nil)
	}
	s.VarKw = a.Kwarg != nil
	if bound > len(s.PosOnly)+len(s.Args) && !s.VarArgs {
		// A method without a self parameter: calling it always fails, but
		// that is another rule's business.
		return nil
	}
	return s
}

func argName(a *syntax.Arg) string {
	if a == nil || a.Name == nil {
		return ""
	}
	return a.Name.Name
}

// Check returns CPython's TypeError message for a call with npos
// positional arguments (besides the bound ones) and the keyword
// arguments kws, or "" when the call binds.
func (s *Signature) Check(npos int, kws []string) string {
	if s.NoArgs {
		if npos > 0 || len(kws) > 0 {
			return fmt.Sprintf("%s() takes no arguments", s.Name)
		}
		return ""
	}
	positional := append(append([]string{}, s.PosOnly...), s.Args...)
	given := npos + s.Bound
	if given > len(positional) && !s.VarArgs {
		return s.tooMany(given, len(positional), kws)
	}
	filled := map[string]bool{}
	for i := 0; i < given && i < len(positional); i++ {
		filled[positional[i]] = true
	}
	var posOnlyKw []string
	for _, k := range kws {
		switch {
		case contains(s.PosOnly, k):
			if !s.VarKw {
				posOnlyKw = append(posOnlyKw, k)
			}
		case contains(s.Args, k):
			if filled[k] {
				return fmt.Sprintf("%s() got multiple values for argument '%s'", s.Name, k)
			}
			filled[k] = true
		case contains(s.KwOnly, k):
			if filled[k] {
				return fmt.Sprintf("%s() got multiple values for argument '%s'", s.Name, k)
			}
			filled[k] = true
		default:
			if !s.VarKw {
				return fmt.Sprintf("%s() got an unexpected keyword argument '%s'", s.Name, k)
			}
		}
	}
	if len(posOnlyKw) > 0 {
		return fmt.Sprintf("%s() got some positional-only arguments passed as keyword arguments: '%s'", s.Name, strings.Join(posOnlyKw, ", "))
	}
	var missing []string
	for i, p := range positional {
		if i < len(positional)-s.NumDefaults && !filled[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return fmt.Sprintf("%s() missing %d required positional argument%s: %s", s.Name, len(missing), plural(len(missing)), quoteList(missing))
	}
	for i, p := range s.KwOnly {
		if !s.KwDefault[i] && !filled[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return fmt.Sprintf("%s() missing %d required keyword-only argument%s: %s", s.Name, len(missing), plural(len(missing)), quoteList(missing))
	}
	return ""
}

// tooMany is CPython's "takes N positional arguments but M were given".
func (s *Signature) tooMany(given, max int, kws []string) string {
	min := max - s.NumDefaults
	var takes string
	if min < max {
		takes = fmt.Sprintf("from %d to %d positional arguments", min, max)
	} else {
		takes = fmt.Sprintf("%d positional argument%s", max, plural(max))
	}
	kwonly := 0
	for _, k := range kws {
		if contains(s.KwOnly, k) {
			kwonly++
		}
	}
	was := "were"
	if given == 1 && kwonly == 0 {
		was = "was"
	}
	extra := ""
	if kwonly > 0 {
		extra = fmt.Sprintf(" positional argument%s (and %d keyword-only argument%s)", plural(given), kwonly, plural(kwonly))
	}
	return fmt.Sprintf("%s() takes %s but %d%s %s given", s.Name, takes, given, extra, was)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// quoteList is CPython's "'a'", "'a' and 'b'", "'a', 'b', and 'c'".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	switch len(q) {
	case 1:
		return q[0]
	case 2:
		return q[0] + " and " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + ", and " + q[len(q)-1]
}

// decoratorKind returns "staticmethod" or "classmethod" for a def with
// that single decorator, "" for none; ok is false for any other
// decoration, which may change how the def is called.
func decoratorKind(decs []syntax.Expr) (kind string, ok bool) {
	if len(decs) == 0 {
		return "", true
	}
	if len(decs) > 1 {
		return "", false
	}
	if n, isName := decs[0].(*syntax.Name); isName {
		switch n.Id {
		case "staticmethod", "classmethod":
			return n.Id, true
		}
	}
	return "", false
}

// classSigs computes constructor signatures. resolveBase maps a base
// class expression to the ClassDef it names in the same module (nil when
// unknown or builtin); qual gives the qualified name of a class.
type classSigs struct {
	resolveBase func(cls *syntax.ClassDef, base syntax.Expr) *syntax.ClassDef
	qual        func(cls *syntax.ClassDef) string
}

// constructor returns the signature of calling class cls, or nil when it
// cannot be known (decorators, metaclass keywords, __new__, bases defined
// elsewhere).
func (cs classSigs) constructor(cls *syntax.ClassDef) *Signature {
	seen := map[*syntax.ClassDef]bool{}
	return cs.ctor(cls, cls, seen)
}

func (cs classSigs) ctor(called, cls *syntax.ClassDef, seen map[*syntax.ClassDef]bool) *Signature {
	if cls == nil || seen[cls] || len(cls.Decorators) > 0 || len(cls.Keywords) > 0 {
		return nil
	}
	seen[cls] = true
	var init *syntax.FunctionDef
	n := 0
	for _, st := range cls.Body {
		switch d := st.(type) {
		case *syntax.FunctionDef:
			if d.Name == nil {
				continue
			}
			switch d.Name.Name {
			case "__init__":
				init = d
				n++
			case "__new__":
				return nil
			}
		case *syntax.Assign, *syntax.AnnAssign:
			if assignsName(st, "__init__") || assignsName(st, "__new__") {
				return nil
			}
		}
	}
	if n > 1 {
		return nil
	}
	if init != nil {
		if _, ok := decoratorKind(init.Decorators); !ok || len(init.Decorators) > 0 {
			return nil
		}
		return signatureOf(cs.qual(cls)+".__init__", init.Args, 1)
	}
	// No __init__ here: the first base (in order) that has one decides;
	// a class with only `object` (or no) bases takes no arguments.
	for _, b := range cls.Bases {
		if n, ok := b.(*syntax.Name); ok && n.Id == "object" {
			continue
		}
		bc := cs.resolveBase(cls, b)
		if bc == nil {
			return nil
		}
		sig := cs.ctor(called, bc, seen)
		if sig == nil || !sig.NoArgs {
			return sig
		}
	}
	return &Signature{Name: cs.qual(called), NoArgs: true}
}

func assignsName(st syntax.Stmt, name string) bool {
	var targets []syntax.Expr
	switch a := st.(type) {
	case *syntax.Assign:
		targets = a.Targets
	case *syntax.AnnAssign:
		targets = []syntax.Expr{a.Target}
	}
	for _, t := range targets {
		if n, ok := t.(*syntax.Name); ok && n.Id == name {
			return true
		}
	}
	return false
}
