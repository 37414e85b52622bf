package analysis

import (
	"github.com/weft-lang/weft/compiler/source"
)

// TaskletsNeverRun reports tasklets that the module creates but never
// gives a chance to run.
var TaskletsNeverRun = register(&Analyzer{
	Name:     "tasklets-never-run",
	Code:     "T501",
	Severity: source.Warning,
	Doc: `A tasklet is created, but nothing after it in the module's code lets it run.

stackless.tasklet(f)(args) only puts the tasklet in the run queue; the
main tasklet keeps running until it calls stackless.run(),
stackless.schedule(), or blocks on a channel. When the main module ends
first, the remaining tasklets are killed without having run. Calls to
functions of the file count with what those functions do; calls to
unknown code (parameters, other modules) are assumed to switch.`,
	Run:      runTaskletsNeverRun,
	usesFlow: true,
})

func runTaskletsNeverRun(p *Pass) {
	e := p.ix.flowAnalysis().module()
	if e.open != nil {
		p.Reportf(e.open.Span(), "tasklet never runs: nothing after it calls stackless.run(), stackless.schedule() or a channel operation before the module ends")
	}
}
