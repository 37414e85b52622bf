// Command weft-lsp is the Weft language server: JSON-RPC over stdio by
// default, --listen ADDR for TCP, --log FILE for the log. Editors start it
// as `weft lsp`, which hands its process over to this binary when it is
// installed next to weft or on PATH (cmd/weft/lsp.go says why the server
// is a binary of its own).
package main

import (
	"os"

	"github.com/weft-lang/weft/lsp"
)

// version is the server's version; release builds set it, as weft's, with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(lsp.Main(os.Args[1:], version, os.Stderr))
}
