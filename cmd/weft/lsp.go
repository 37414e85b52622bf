package main

import (
	"io"

	"github.com/weft-lang/weft/lsp"
)

func init() {
	register("lsp", "run the language server on stdio (--listen ADDR for TCP, --log FILE)", func(args []string, stdout, stderr io.Writer) int {
		return lsp.Main(args, version, stderr)
	})
}
