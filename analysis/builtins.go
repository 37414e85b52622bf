package analysis

// builtinNames are the names the Weft builtins module provides (SPEC.md,
// "Built-in functions" and the exception list, plus Python's constants
// that are names rather than keywords), and the module globals every
// module has (__name__, __file__, __doc__, __builtins__). A name in this
// set is never undefined (E201); binding it is shadowing (W205).
var builtinNames = setOf(
	// Functions and types.
	"print", "len", "range", "enumerate", "zip", "map", "filter", "sorted",
	"reversed", "min", "max", "sum", "abs", "any", "all", "isinstance",
	"issubclass", "type", "int", "float", "str", "bool", "list", "tuple",
	"dict", "set", "frozenset", "repr", "ascii", "hash", "id", "iter",
	"next", "getattr", "setattr", "hasattr", "delattr", "round", "divmod",
	"pow", "chr", "ord", "hex", "oct", "bin", "callable", "format", "super",
	"object", "property", "staticmethod", "classmethod", "vars", "dir",
	"slice",
	// Constants that are names.
	"NotImplemented", "Ellipsis", "__debug__",
	// Exceptions.
	"BaseException", "Exception", "ArithmeticError", "ZeroDivisionError",
	"OverflowError", "AssertionError", "AttributeError", "LookupError",
	"IndexError", "KeyError", "NameError", "UnboundLocalError",
	"NotImplementedError", "RecursionError", "RuntimeError",
	"StopIteration", "TypeError", "ValueError", "ImportError",
	"ModuleNotFoundError", "GeneratorExit", "SystemExit", "TaskletExit",
	"KeyboardInterrupt", "MemoryError", "OSError", "TimeoutError",
)

// moduleGlobals are set in every module's namespace by the VM.
var moduleGlobals = setOf("__name__", "__file__", "__doc__", "__builtins__")

// classBodyNames are set in every class namespace before its body runs.
var classBodyNames = setOf("__module__", "__qualname__")

// builtinModules are the modules SPEC.md lists; they are not .weft files.
var builtinModules = setOf("math", "time", "random", "sys", "collections",
	"threading", "queue", "stackless")

// IsBuiltin reports whether name is a Weft builtin (function, type,
// constant or exception).
func IsBuiltin(name string) bool { return builtinNames[name] }

// BuiltinNames returns the builtin names, for completion in editors.
func BuiltinNames() []string {
	out := make([]string, 0, len(builtinNames))
	for n := range builtinNames {
		out = append(out, n)
	}
	return out
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
