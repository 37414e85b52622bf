package syntax

// This file holds the data the resolver (package compiler/resolve) attaches
// to the tree. It lives here, as plain data, so that AST nodes can point at
// their scopes without the syntax package importing the resolver.

// RefKind says how the compiler must access a resolved name.
type RefKind uint8

const (
	// RefUnresolved: the resolver has not run (or the name is in a Bad node).
	RefUnresolved RefKind = iota
	// RefFast: a local variable of a function scope, in slot Ref.Index of
	// Scope.Locals.
	RefFast
	// RefDeref: a cell or free variable of a function scope; Ref.Index indexes
	// the concatenation Scope.Cells ++ Scope.Frees.
	RefDeref
	// RefGlobal: a module-level name read from a function (explicit `global`
	// or implicit); looked up in module globals, then builtins.
	RefGlobal
	// RefName: a name in a module or class body; looked up in the
	// scope's namespace dict, then (class bodies) globals, then builtins.
	RefName
	// RefClassDeref: a free variable read in a class body: the class
	// namespace first, then the cell Ref.Index of Cells ++ Frees.
	RefClassDeref
)

// Ref is the resolver's answer for one name occurrence.
type Ref struct {
	Kind  RefKind
	Index int
}

// ScopeKind is the kind of code block a Scope belongs to.
type ScopeKind uint8

const (
	ModuleScope ScopeKind = iota
	FunctionScope
	LambdaScope
	ClassScope
	ComprehensionScope
)

// SymbolFlags records what the resolver saw of a name in one scope.
type SymbolFlags uint16

const (
	SymBound     SymbolFlags = 1 << iota // assigned, imported, def, param...
	SymUsed                              // read
	SymParam                             // a parameter
	SymGlobal                            // declared global
	SymNonlocal                          // declared nonlocal
	SymFree                              // free: bound in an enclosing function
	SymCell                              // captured by an inner scope
	SymImported                          // bound by import
	SymDef                               // bound by def or class
	SymAnnotated                         // annotated assignment target
	// SymAssigned: bound by assignment, augmented assignment, del, for,
	// with, except, walrus, annotation or def/class (CPython's DEF_LOCAL;
	// imports and parameters do not set it).
	SymAssigned
	// SymCompIter: an iteration variable of a comprehension.
	SymCompIter
	// SymFreeClass: a class-body name that an inner function also uses as
	// a free variable of an enclosing function; the class keeps its own
	// binding (Ref RefName) and also lists the name in Frees to pass the
	// cell through (CPython's DEF_FREE_CLASS).
	SymFreeClass
)

// Binding is where a name of a scope lives, as CPython's symtable
// classifies it (LOCAL, CELL, FREE, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT).
type Binding uint8

const (
	BindUnknown        Binding = iota // resolver has not run
	BindLocal                         // bound in this scope
	BindCell                          // function local captured by an inner scope
	BindFree                          // bound in an enclosing function scope
	BindGlobalExplicit                // declared global (here or via walrus at module level)
	BindGlobalImplicit                // not bound in any enclosing function: globals, then builtins
)

// Symbol is one name of a scope.
type Symbol struct {
	Name  string
	Flags SymbolFlags
	// Binding is the resolver's classification of the name in this scope.
	Binding Binding
	// Ref is how code in this scope accesses the name.
	Ref Ref
	// Defs are the nodes that bind the name in this scope, in source order
	// (Name in Store context, Ident of def/class/param/alias/except).
	Defs []Node
	// Uses are the Name nodes that read it in this scope.
	Uses []*Name
}

// Scope is one code block: module, function, lambda, class body or
// comprehension.
type Scope struct {
	Kind     ScopeKind
	Name     string // function/class name; "<module>", "<lambda>", "<listcomp>", ...
	QualName string
	Node     Node // the *Module, *FunctionDef, *Lambda, *ClassDef or comprehension
	Parent   *Scope
	Children []*Scope
	// Private is the name of the innermost enclosing class (this scope's
	// own name for a class body), used to mangle private names "__x" into
	// "_Class__x"; empty outside classes. Symbols, Locals, Cells and Frees
	// hold mangled names.
	Private string

	// Symbols by name, and their names in first-seen order.
	Symbols map[string]*Symbol
	Order   []string

	// Function-like scopes: fast locals (parameters first, in call order:
	// positional, *args, keyword-only, **kwargs), then cell and free
	// variable names. A parameter that is also a cell appears in both
	// Locals and Cells; the compiler copies it into the cell on entry.
	Locals []string
	Cells  []string
	Frees  []string

	// IsGenerator is true when the body contains yield or yield from
	// (generator expressions are always generators).
	IsGenerator bool
	// NeedsClassCell is true for a class whose methods use super() or
	// __class__: the class body creates the "__class__" cell.
	NeedsClassCell bool
}
