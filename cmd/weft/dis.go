package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
)

func init() {
	register("dis", "disassemble a file: weft dis [--json] FILE", disCmd)
}

// disCmd prints the bytecode of a file: per code object its MaxStack,
// locals, cells and frees and every instruction with the stack depth
// before it. Syntax and scope errors go to stderr with exit status 2.
func disCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dis", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, "print JSON instead of text")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: weft dis [--json] FILE")
		return 2
	}
	path := fl.Arg(0)
	text, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "weft: %v\n", err)
		return 2
	}
	_, code, diags := compiler.CompileFile(source.NewFile(path, text), compiler.Options{})
	for _, d := range diags {
		fmt.Fprintln(stderr, d.String())
	}
	if diags.HasErrors() || code == nil {
		return 2
	}
	if *asJSON {
		data, err := bytecode.DisJSON(code)
		if err != nil {
			fmt.Fprintf(stderr, "weft: %v\n", err)
			return 2
		}
		stdout.Write(append(data, '\n'))
		return 0
	}
	bytecode.Disassemble(stdout, code)
	return 0
}
