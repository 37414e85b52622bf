package lsp

import (
	"fmt"
	"strings"

	"github.com/weft-lang/weft/analysis"
	"github.com/weft-lang/weft/compiler/bytecode"
)

// stackReport is what hovers and lenses show about a code object.
type stackReport struct {
	frameBytes int
	// chain is "worst-case chain N frames / B B via f → g" or
	// "unbounded: recursive via f → f", or "".
	chain string
}

// stackReportFor reads the analysis package's stack report (the same
// numbers as `weft lint --stack-report`); when the file does not compile
// as a whole only the frame itself is known.
func stackReportFor(sn *snapshot, c *bytecode.Code) stackReport {
	rep := stackReport{frameBytes: analysis.FrameBytes(c)}
	sn.extras()
	if fs := sn.byCode[c]; fs != nil {
		if fs.Unbounded() {
			rep.chain = "unbounded: recursive via " + fs.CycleString()
		} else if len(fs.Chain) > 0 {
			names := make([]string, len(fs.Chain))
			for i, f := range fs.Chain {
				names[i] = f.Name
			}
			rep.chain = fmt.Sprintf("worst-case chain %d frames / %d B via %s", len(fs.Chain), fs.ChainBytes, strings.Join(names, " → "))
		}
	}
	return rep
}
