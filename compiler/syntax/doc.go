// Package syntax turns Weft source text into an abstract syntax tree.
//
// Design: a hand-written scanner produces Python tokens (including
// INDENT/DEDENT from an indentation stack, implicit joining inside brackets
// and backslash continuation, and f-strings split into literal parts and
// embedded expressions) and a recursive-descent parser builds the AST in
// ast.go. Every node records its exact byte span (source.Span). The parser
// recovers from errors the way Go's parser does: it reports at most one
// diagnostic per line, replaces what it could not parse by Bad* nodes,
// always makes progress, and resynchronises at the next statement start, so
// Parse always returns a tree plus every diagnostic. Nesting depth is
// bounded so that hostile input cannot overflow the Go stack.
//
// Scope data (scope.go) is declared here but filled in by the resolver.
package syntax
