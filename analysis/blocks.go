package analysis

import "github.com/weft-lang/weft/compiler/syntax"

// forEachBlock calls fn for every statement list of the module: the
// module body, def and class bodies, and the bodies of compound
// statements, outer lists first.
func forEachBlock(m *syntax.Module, fn func(list []syntax.Stmt)) {
	var walk func(list []syntax.Stmt)
	walk = func(list []syntax.Stmt) {
		if len(list) == 0 {
			return
		}
		fn(list)
		for _, st := range list {
			for _, sub := range subBlocks(st) {
				walk(sub)
			}
		}
	}
	walk(m.Body)
}

// subBlocks returns the statement lists directly inside st.
func subBlocks(st syntax.Stmt) [][]syntax.Stmt {
	switch s := st.(type) {
	case *syntax.FunctionDef:
		return [][]syntax.Stmt{s.Body}
	case *syntax.ClassDef:
		return [][]syntax.Stmt{s.Body}
	case *syntax.If:
		return [][]syntax.Stmt{s.Body, s.OrElse}
	case *syntax.While:
		return [][]syntax.Stmt{s.Body, s.OrElse}
	case *syntax.For:
		return [][]syntax.Stmt{s.Body, s.OrElse}
	case *syntax.With:
		return [][]syntax.Stmt{s.Body}
	case *syntax.Try:
		out := [][]syntax.Stmt{s.Body}
		for _, h := range s.Handlers {
			if h != nil {
				out = append(out, h.Body)
			}
		}
		return append(out, s.OrElse, s.FinalBody)
	}
	return nil
}

// isConstTrue reports whether e is a literal that is always true (True or
// a non-zero int), as in "while True:" and "while 1:".
func isConstTrue(e syntax.Expr) bool {
	switch x := e.(type) {
	case *syntax.Constant:
		return x.Kind == syntax.ConstTrue
	case *syntax.Int:
		return x.IsBig || x.Small != 0
	}
	return false
}

// hasBreak reports whether a loop body contains a break that leaves that
// loop (not one of an inner loop, def or class).
func hasBreak(body []syntax.Stmt) bool {
	for _, st := range body {
		switch s := st.(type) {
		case *syntax.Break:
			return true
		case *syntax.While, *syntax.For, *syntax.FunctionDef, *syntax.ClassDef:
			// An inner loop's break leaves the inner loop; its else clause
			// can still break ours.
			if w, ok := s.(*syntax.While); ok && hasBreak(w.OrElse) {
				return true
			}
			if f, ok := s.(*syntax.For); ok && hasBreak(f.OrElse) {
				return true
			}
		default:
			for _, sub := range subBlocks(st) {
				if hasBreak(sub) {
					return true
				}
			}
		}
	}
	return false
}
