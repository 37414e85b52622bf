// Command lsp is the standalone Weft language server binary (the same
// server as `weft lsp`): JSON-RPC over stdio by default, --listen ADDR for
// TCP, --log FILE for the log.
package main

import (
	"os"

	"github.com/weft-lang/weft/lsp"
)

var version = "0.1.0-dev"

func main() {
	os.Exit(lsp.Main(os.Args[1:], version, os.Stderr))
}
