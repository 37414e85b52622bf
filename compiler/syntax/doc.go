// Package syntax turns Weft source text into an abstract syntax tree.
//
// Design: a hand-written scanner produces Python tokens (including
// INDENT/DEDENT from an indentation stack, implicit joining inside brackets
// and backslash continuation; an f-string is one STRING token, as in
// CPython 3.11, which the parser splits into literal parts and embedded
// expressions parsed at their real offsets) and a recursive-descent parser
// builds the AST in ast.go. Every node records its exact byte span (source.Span). The parser
// recovers from errors the way Go's parser does: it reports at most one
// diagnostic per line, replaces what it could not parse by Bad* nodes,
// always makes progress, and resynchronises at the next statement start, so
// Parse always returns a tree plus every diagnostic. Nesting depth is
// bounded so that hostile input cannot overflow the Go stack.
//
// Scope data (scope.go) is declared here but filled in by the resolver.
//
// Entry points: Parse (a file), ParseExpr (a snippet), NewScanner (tokens),
// Inspect and Walk (tree traversal in source order).
//
// Files: tokens.go (token kinds), scanner.go (tokens, indentation, bracket
// errors, literal validation), parser.go (statements, recovery), expr.go
// (expressions, targets), strings.go (escapes, concatenation, f-strings),
// diag.go (the one-per-line diagnostic sink and the limits), alloc.go (slab
// allocation of frequent nodes), walk.go (Inspect, Walk).
//
// Conventions of the tree, as in CPython's ast module:
//   - Spans cover the node's own tokens: a parenthesized expression's span
//     excludes the parentheses (a tuple's includes them; a statement's span
//     covers all its tokens, so "(x)" as a statement spans the parentheses);
//     a FunctionDef or ClassDef starts at "def"/"class", after its
//     decorators; a compound statement ends after the last token of its
//     last block (a trailing ";" included); the generator expression that is
//     the sole argument of a call spans the call's parentheses.
//   - Inside an f-string, Str parts span their raw text and embedded
//     expressions have their real offsets. A "{x=}" field has DebugText
//     "x=" (whitespace kept) and, without conversion and format spec,
//     Conversion 'r'.
//   - Adjacent literals are concatenated: into one Str when none is an
//     f-string, otherwise into one JoinedStr whose neighbouring literal
//     parts are merged.
//   - Str values are UTF-8 with line endings normalised to "\n"; an escape
//     naming a lone surrogate (\ud800) decodes to U+FFFD.
//   - A match statement is reported unsupported and replaced by a BadStmt
//     covering it and its case blocks.
//
// Limits (diag.go): 200 nested brackets and 100 indentation levels, as in
// CPython (past them the scanner stops with one diagnostic), an expression
// tree about 3000 levels deep ("too deeply nested expression", reported
// once per statement), and decimal int literals of at most 4300 digits.
package syntax
