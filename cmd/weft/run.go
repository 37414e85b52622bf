package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"

	"github.com/weft-lang/weft/compiler"
	"github.com/weft-lang/weft/compiler/bytecode"
	"github.com/weft-lang/weft/compiler/source"
	"github.com/weft-lang/weft/driver"
	"github.com/weft-lang/weft/vm"
)

func init() {
	register("run", "run a Weft program: weft run [--check-stack] [--preempt N] [--virtual-clock] [--trace OUT.json] FILE [ARGS]", runCmd)
}

func runCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	checkStack := fl.Bool("check-stack", false, "verify the compiler's stack depths at every instruction")
	preempt := fl.Int("preempt", 0, "run every tasklet under an N-instruction time slice")
	virtualClock := fl.Bool("virtual-clock", os.Getenv("WEFT_VIRTUAL_CLOCK") != "",
		"make time.sleep and timeouts instant and deterministic (default from $WEFT_VIRTUAL_CLOCK)")
	trace := fl.String("trace", "", "write a Chrome trace-event timeline of tasklet switches to `FILE`")
	cpuProfile := fl.String("cpuprofile", "", "write a Go CPU profile of the interpreter to `FILE` (for pprof)")
	memProfile := fl.String("memprofile", "", "write a Go heap profile (allocations by site) to `FILE` at exit (for pprof)")
	memProfileRate := fl.Int("memprofilerate", 0, "with --memprofile, sample one allocation per `N` bytes (1: every allocation; default Go's 512 KiB)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	// Most of the binary served only the package inits: drop it from the
	// resident set before the compiler adds its share.
	shedStartupPages()
	if fl.NArg() < 1 {
		fmt.Fprintln(stderr, "usage: weft run [flags] FILE [ARGS]")
		return 2
	}
	path := fl.Arg(0)
	text, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "weft: %v\n", err)
		return 2
	}
	file := source.NewFile(path, text)
	_, code, diags := compiler.CompileFile(file, compiler.Options{})
	if diags.HasErrors() || code == nil {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		return 2
	}
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "weft: %v\n", err)
			return 2
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintf(stderr, "weft: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile == "" {
		// No heap profile asked for: stop Go's sampling of one
		// allocation per 512 KiB. Each sample walks the Go stack through
		// the binary's function tables, and the kernel maps 64 KiB of the
		// binary around each page the walk reads; with the samples'
		// buckets that was 0.2-0.4 MB of 10,000 threads' 16.5 MB peak.
		runtime.MemProfileRate = 0
	} else {
		if *memProfileRate > 0 {
			// Small objects (frames, boxed ints) mostly escape Go's default
			// sampling of one allocation per 512 KiB.
			runtime.MemProfileRate = *memProfileRate
		}
		defer writeHeapProfile(*memProfile, stderr)
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	var pacer *vm.GCPacer
	if os.Getenv("GOGC") == "" { // an explicit GOGC leaves collection to Go
		pacer = vm.NewGCPacer()
		if os.Getenv("GOMAXPROCS") == "" {
			pacer.OwnProcs()
		}
	}
	machine := vm.New(vm.Options{
		Stdout:       out,
		Stderr:       stderr,
		Loader:       driver.NewLoader(driver.SearchPath(), nil),
		Argv:         fl.Args(),
		CheckStack:   *checkStack,
		Preempt:      *preempt,
		TracePath:    *trace,
		VirtualClock: *virtualClock,
		GC:           pacer,
	})
	machine.AddSource(path, text)
	shedStartupPages() // and the compiler's share, before the program runs
	res := machine.RunModule(code, "__main__")
	status := 0
	if exc := res.Exception; exc != nil {
		status = 1
		if code, ok := machine.ExitStatus(exc); ok {
			status = code
		} else {
			out.Flush()
			fmt.Fprint(stderr, machine.FormatTraceback(exc))
		}
	}
	if err := machine.Finish(); err != nil {
		fmt.Fprintf(stderr, "weft: %v\n", err)
	}
	if *checkStack {
		out.Flush()
		if reportStack(machine, code, stderr) && status == 0 {
			status = 3
		} else if len(machine.StackViolations) > 0 {
			status = 3
		}
	}
	return status
}

// reportStack prints "qualname computed=N observed=M" per executed code
// object and every violation; it reports whether any violation occurred.
func reportStack(machine *vm.VM, root *bytecode.Code, w io.Writer) bool {
	var codes []*bytecode.Code
	root.Walk(func(c *bytecode.Code) { codes = append(codes, c) })
	for c := range machine.StackStats {
		found := false
		for _, k := range codes {
			if k == c {
				found = true
			}
		}
		if !found {
			codes = append(codes, c)
		}
	}
	sort.SliceStable(codes, func(i, j int) bool { return codes[i].QualName < codes[j].QualName })
	for _, c := range codes {
		if obs, ok := machine.StackStats[c]; ok {
			fmt.Fprintf(w, "%s computed=%d observed=%d\n", c.QualName, c.MaxStack, obs)
		}
	}
	for _, v := range machine.StackViolations {
		fmt.Fprintf(w, "stack violation: %s\n", v)
	}
	return len(machine.StackViolations) > 0
}

var _ = errors.New

// writeHeapProfile writes the heap profile: pprof's alloc_space view
// shows where the interpreter allocated, inuse_space what is still live.
func writeHeapProfile(path string, stderr io.Writer) {
	pf, err := os.Create(path)
	if err == nil {
		runtime.GC() // in-use figures as of now, as go test -memprofile does
		err = pprof.WriteHeapProfile(pf)
		if cerr := pf.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "weft: %v\n", err)
	}
}
