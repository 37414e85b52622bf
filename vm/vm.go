package vm

import (
	"context"
	"io"
	"runtime/metrics"
	"time"

	"github.com/weft-lang/weft/compiler/bytecode"
)

// Loader compiles the module called name for an import executed in a
// file of the folder fromDir. It returns the module's code and source
// text (for tracebacks), or found=false when no such module exists.
type Loader func(name, fromDir string) (code *bytecode.Code, src []byte, found bool, err error)

// Options configure a VM. Zero values mean "unlimited" except where noted.
type Options struct {
	Stdout io.Writer
	Stderr io.Writer
	// Loader finds .weft modules for import; nil disables file imports.
	Loader Loader
	// Argv is sys.argv.
	Argv []string
	// MaxInstructions stops the program with BudgetExceeded after this
	// many instructions (0: unlimited).
	MaxInstructions int64
	// Deadline stops the program when passed (zero: none).
	Deadline time.Time
	// Context cancels the program when done (nil: never).
	Context context.Context
	// RecursionLimit is the initial sys.getrecursionlimit() (default
	// 100000).
	RecursionLimit int
	// MaxOutput caps the bytes written by print (0: unlimited); past it the
	// output is truncated and OutputTruncated is set.
	MaxOutput int64
	// MaxAlloc caps the size of one string, list, tuple or int built by an
	// operation, in elements/bytes (default 1<<28); past it MemoryError.
	MaxAlloc int64
	// CheckStack verifies at every instruction that the operand-stack
	// depth equals the compiler's recorded depth and stays within
	// MaxStack, and records the deepest depth per code object.
	CheckStack bool
	// Preempt, when > 0, runs every tasklet under a time slice of this
	// many instructions.
	Preempt int
	// TracePath, when set, receives a Chrome trace-event JSON timeline of
	// tasklet switches when the program finishes.
	TracePath string
	// VirtualClock makes time.sleep and every timeout= wait instant and
	// deterministic: the clock (time.time, time.monotonic) advances only
	// by the sleeps the scheduler skips and by executed instructions
	// (sched_timer.go).
	VirtualClock bool
	// MaxHeap stops the program with MemoryError when the process's live
	// heap exceeds this many bytes (0: unlimited; budget_heap.go).
	MaxHeap int64
	// GC, when set, collects garbage with the program paused at the
	// interpreter's periodic checks, before Go's concurrent collector
	// would start (perf_gc.go).
	GC *GCPacer
}

// VM is one Weft interpreter instance. It is not safe for concurrent use;
// tasklets are scheduled inside it, not on goroutines.
type VM struct {
	// retSig and yieldSg are the signals that end a nested run
	// (returnSig, yieldSig in interp.go).
	retSig  returnSignal
	yieldSg yieldSignal

	opts     Options
	Builtins *Dict
	modules  map[string]*Module
	sources  map[string][]byte // filename -> text, for tracebacks

	// Budgets.
	instructions    int64
	tick            int64 // instructions until the next slow budget check
	tickPlanned     int64 // what tick was set to by the last planTick
	checkLeft       int64 // instructions until slowTick's periodic checks are due
	outputBytes     int64
	OutputTruncated bool
	recursionLimit  int
	depth           int // live frames of the current tasklet
	nested          int // nested interpreter runs (Go calling Weft)
	maxAlloc        int64

	// handled is the exception being handled (sys.exc_info()).
	handled *Instance

	// StackStats holds, with CheckStack, the deepest observed operand
	// stack per code object.
	StackStats map[*bytecode.Code]int
	// StackViolations lists CheckStack failures.
	StackViolations []string

	sched *scheduler
	// thr holds threads and the timer queue (threading_*.go,
	// sched_timer.go); nil until a program sleeps or uses threading.
	thr *threadWorld
	// frame is the frame of the innermost CALL in progress (for builtins
	// that need the caller: tasklet spawn sites, vars()).
	frame *Frame
	// userSubclasses lists this VM's classes derived from each builtin
	// class. Builtin classes are shared by every VM in the process, so
	// their own subclasses lists hold builtin classes only.
	userSubclasses map[*Type][]*Type
	// nesting counts the levels of builtin recursion into nested
	// containers in progress (nestEnter).
	nesting int
	// heapSample reads the heap for the MaxHeap budget.
	heapSample []metrics.Sample
	// tempList is the list the last opSliceSubscrTemp made, until its
	// store takes it; spareList a list such a store handed back
	// (perf_slice.go).
	tempList, spareList *List
	// joinScratch is str.join's scratch for the parts of an ordinary
	// list, tuple or iterable (strJoin).
	joinScratch []*Str
	// allocSince counts bytes noteAlloc saw since the pacer last looked.
	allocSince int64
}

// New makes a VM.
func New(opts Options) *VM {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	vm := &VM{
		opts:           opts,
		modules:        map[string]*Module{},
		sources:        map[string][]byte{},
		recursionLimit: 100000,
		maxAlloc:       1 << 28,
		checkLeft:      tickInterval,
	}
	if opts.RecursionLimit > 0 {
		vm.recursionLimit = opts.RecursionLimit
	}
	if opts.MaxAlloc > 0 {
		vm.maxAlloc = opts.MaxAlloc
	}
	if opts.CheckStack {
		vm.StackStats = map[*bytecode.Code]int{}
	}
	vm.Builtins = vm.makeBuiltins()
	vm.sched = newScheduler(vm)
	vm.planTick()
	return vm
}

// tickInterval is how many instructions run between checks of the slow
// budgets (deadline, context).
const tickInterval = 1 << 12

// AddSource records a file's text so tracebacks can show its lines.
func (vm *VM) AddSource(filename string, text []byte) { vm.sources[filename] = text }

// Instructions is the number of instructions executed so far (those
// since the last periodic check included).
func (vm *VM) Instructions() int64 { return vm.instructions + vm.tickPlanned - vm.tick }

// ExitStatus reports whether exc is a SystemExit and the process status it
// asks for (printing a non-integer code to stderr as Python does).
func (vm *VM) ExitStatus(exc *Instance) (int, bool) {
	if !exc.Class.IsSubtype(SystemExitType) {
		return 0, false
	}
	if exc.Exc() == nil {
		return 0, true
	}
	code := exitCode(exc.Exc().Args)
	switch c := code.(type) {
	case NoneType:
		return 0, true
	case Int:
		return int(c), true
	case Bool:
		if c {
			return 1, true
		}
		return 0, true
	}
	s, _ := vm.StrOf(code)
	vm.opts.Stderr.Write([]byte(s + "\n"))
	return 1, true
}

// exitCode is SystemExit.code for an exception with args: None without
// any, the one argument, or the args tuple when there are more.
func exitCode(args []Value) Value {
	switch len(args) {
	case 0:
		return None
	case 1:
		return args[0]
	}
	return &Tuple{Items: args}
}

// Finish ends the program: remaining tasklets are killed and the trace,
// if any, is written.
func (vm *VM) Finish() error {
	return vm.sched.finish()
}
