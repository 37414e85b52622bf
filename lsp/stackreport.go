package lsp

import (
	"github.com/weft-lang/weft/compiler/bytecode"
)

// stackReport is what hovers and lenses show about a code object.
type stackReport struct {
	frameBytes int
	// chain is "worst-case chain N frames / B B via f → g" or
	// "unbounded: recursive via f → f", or "".
	chain string
}

// stackReportFor is replaced by the analysis package's report when it is
// linked in (lint.go); this fallback knows only the frame itself.
var stackReportFor = func(sn *snapshot, c *bytecode.Code) stackReport {
	return stackReport{frameBytes: fallbackFrameBytes(c)}
}

// fallbackFrameBytes follows the VM's frame layout: a fixed header, one
// 16-byte interface slot per local and stack slot, one pointer per cell.
func fallbackFrameBytes(c *bytecode.Code) int {
	return 160 + 16*(len(c.Locals)+c.MaxStack) + 8*(len(c.Cells)+len(c.Frees))
}
