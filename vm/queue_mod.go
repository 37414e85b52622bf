package vm

// queue_mod.go: the queue module on tasklets: Queue (FIFO), LifoQueue,
// PriorityQueue (CPython's heapq order) and SimpleQueue. Blocked getters
// and putters wait on wait queues (sched_timer.go: waitOn); a put hands
// its item straight to the first waiting getter, and a get moves the
// first waiting putter's item into the queue, so both are served first
// come, first served.

import (
	"math"

	bc "github.com/weft-lang/weft/compiler/bytecode"
)

// The queue module's classes.
var (
	QueueType         = newType("Queue", "queue", ObjectType)
	LifoQueueType     = newType("LifoQueue", "queue", QueueType)
	PriorityQueueType = newType("PriorityQueue", "queue", QueueType)
	SimpleQueueType   = newType("SimpleQueue", "_queue", ObjectType)
	QueueEmptyType    = newExcType("Empty", ExceptionType)
	QueueFullType     = newExcType("Full", ExceptionType)
)

type queueKind uint8

const (
	fifoQueue queueKind = iota
	lifoQueue
	priorityQueue
)

type queueState struct {
	kind queueKind
	// maxsize is kept as given: CPython's Queue stores any object and only
	// compares it, in put() and full(). limit is the bound a number puts
	// on the size (0: none); any other maxsize (compared) is compared as
	// CPython does, each time.
	maxsize    Value
	limit      int64
	compared   bool
	items      []Value // FIFO: items[head:]; LIFO: a stack; priority: a heap
	head       int
	unfinished int64
	getq       *Channel // blocked getters
	putq       *Channel // blocked putters (their item in threadState.carry)
	joinq      *Channel // blocked join()
}

func (q *queueState) size() int { return len(q.items) - q.head }

func (q *queueState) full() bool { return q.limit > 0 && int64(q.size()) >= q.limit }

// setMaxsize sets maxsize and, for a number, its bound: a float bounds the
// size at its ceiling (size >= 2.5 first holds at 3), and a bound past
// int64 or a NaN is none.
func (q *queueState) setMaxsize(v Value) {
	q.maxsize, q.limit, q.compared = v, 0, false
	switch x := v.(type) {
	case Int:
		q.limit = max(int64(x), 0)
	case Bool:
		if x {
			q.limit = 1
		}
	case *BigInt:
	case Float:
		if f := math.Ceil(float64(x)); f > 0 && f < 1<<62 {
			q.limit = int64(f)
		}
	default:
		q.compared = true
	}
}

// queueBounded is "maxsize > 0" (put) and queueFull "0 < maxsize <= qsize"
// (full), as queue.Queue evaluates them.
func (vm *VM) queueBounded(q *queueState) (bool, error) {
	if !q.compared {
		return q.limit > 0, nil
	}
	return vm.compareTrue(q.maxsize, Int(0), bc.CmpGt)
}

func (vm *VM) queueFull(q *queueState) (bool, error) {
	if !q.compared {
		return q.full(), nil
	}
	if pos, err := vm.compareTrue(Int(0), q.maxsize, bc.CmpLt); err != nil || !pos {
		return false, err
	}
	return vm.compareTrue(q.maxsize, Int(q.size()), bc.CmpLe)
}

// push adds an item (priority order compares with <, like heapq).
func (vm *VM) queuePush(q *queueState, v Value) error {
	if q.kind != priorityQueue {
		if q.head > 0 && q.head == len(q.items) {
			q.items, q.head = q.items[:0], 0
		}
		q.items = append(q.items, v)
		return nil
	}
	q.items = append(q.items, v)
	return vm.heapSiftDown(q.items, 0, len(q.items)-1)
}

// pop removes the next item.
func (vm *VM) queuePop(q *queueState) (Value, error) {
	switch q.kind {
	case fifoQueue:
		v := q.items[q.head]
		q.items[q.head] = nil
		q.head++
		if q.head == len(q.items) {
			q.items, q.head = q.items[:0], 0
		} else if q.head > 64 && 2*q.head > len(q.items) {
			n := copy(q.items, q.items[q.head:])
			clear(q.items[n:])
			q.items, q.head = q.items[:n], 0
		}
		return v, nil
	case lifoQueue:
		n := len(q.items) - 1
		v := q.items[n]
		q.items[n] = nil
		q.items = q.items[:n]
		return v, nil
	}
	// heapq.heappop.
	n := len(q.items) - 1
	last := q.items[n]
	q.items[n] = nil
	q.items = q.items[:n]
	if n == 0 {
		return last, nil
	}
	top := q.items[0]
	q.items[0] = last
	return top, vm.heapSiftUp(q.items, 0)
}

func (vm *VM) less(a, b Value) (bool, error) { return vm.compareTrue(a, b, bc.CmpLt) }

// compareTrue is the truth of the comparison a op b.
func (vm *VM) compareTrue(a, b Value, op bc.CompareOp) (bool, error) {
	r, err := vm.Compare(a, b, op)
	if err != nil {
		return false, err
	}
	return vm.Truthy(r)
}

// heapSiftDown is heapq._siftdown.
func (vm *VM) heapSiftDown(h []Value, start, pos int) error {
	item := h[pos]
	for pos > start {
		parent := (pos - 1) >> 1
		lt, err := vm.less(item, h[parent])
		if err != nil {
			h[pos] = item
			return err
		}
		if !lt {
			break
		}
		h[pos] = h[parent]
		pos = parent
	}
	h[pos] = item
	return nil
}

// heapSiftUp is heapq._siftup.
func (vm *VM) heapSiftUp(h []Value, pos int) error {
	end := len(h)
	start := pos
	item := h[pos]
	child := 2*pos + 1
	for child < end {
		right := child + 1
		if right < end {
			lt, err := vm.less(h[child], h[right])
			if err != nil {
				h[pos] = item
				return err
			}
			if !lt {
				child = right
			}
		}
		h[pos] = h[child]
		pos = child
		child = 2*pos + 1
	}
	h[pos] = item
	return vm.heapSiftDown(h, start, pos)
}

func queueOf(vm *VM, v Value, name string) (*queueState, error) {
	return native[*queueState](vm, v, QueueType, name)
}

func simpleQueueOf(vm *VM, v Value, name string) (*queueState, error) {
	return native[*queueState](vm, v, SimpleQueueType, name)
}

// queueTimeout parses block/timeout as Queue.get/put do.
func (vm *VM) queueTimeout(block, timeout Value) (blocking bool, deadline int64, err error) {
	blocking, err = truthyArg(vm, block, true)
	if err != nil || !blocking {
		return blocking, 0, err
	}
	secs, timed, err := vm.timeoutArg(timeout)
	if err != nil {
		return false, 0, err
	}
	if !timed {
		return true, 0, nil
	}
	if secs < 0 {
		return false, 0, vm.NewError(ValueErrorType, "'timeout' must be a non-negative number")
	}
	if secs == 0 {
		// Fails at once when it would block, like CPython's loop.
		return false, 0, nil
	}
	return true, vm.world().deadline(vm, secs), nil
}

// queuePut adds item (blocking while the queue is full).
func (vm *VM) queuePut(f *Frame, q *queueState, item, block, timeout Value) (Value, *Frame, error) {
	s := vm.sched
	var blocking bool
	var deadline int64
	bounded, err := vm.queueBounded(q)
	if err != nil {
		return nil, nil, err
	}
	full := false
	if bounded {
		if blocking, deadline, err = vm.queueTimeout(block, timeout); err != nil {
			return nil, nil, err
		}
		full = q.full()
		if q.compared {
			// qsize >= maxsize, as put() tests it.
			if full, err = vm.compareTrue(Int(q.size()), q.maxsize, bc.CmpGe); err != nil {
				return nil, nil, err
			}
		}
	}
	if !full {
		q.unfinished++
		if q.getq != nil && q.getq.head != nil {
			// A getter waits, so the queue is empty: hand the item over.
			s.wakeFirst(q.getq, item)
			return None, nil, nil
		}
		return None, nil, vm.queuePush(q, item)
	}
	if !blocking {
		return nil, nil, NewException(QueueFullType)
	}
	if err := vm.canSwitch(f); err != nil {
		return nil, nil, err
	}
	if q.putq == nil {
		q.putq = newQ()
	}
	tstate(s.current).val = item
	return vm.waitOn(f, q.putq, deadline, func(f *Frame, timedOut bool, _ Value) (Value, *Frame, error) {
		if timedOut {
			return nil, nil, NewException(QueueFullType)
		}
		return None, nil, nil // a getter moved the item in
	})
}

// queueGet removes and returns an item (blocking while it is empty).
func (vm *VM) queueGet(f *Frame, q *queueState, block, timeout Value) (Value, *Frame, error) {
	blocking, deadline, err := vm.queueTimeout(block, timeout)
	if err != nil {
		return nil, nil, err
	}
	if q.size() > 0 {
		v, err := vm.queuePop(q)
		if err != nil {
			return nil, nil, err
		}
		// A slot freed: the first blocked putter's item goes in.
		if q.putq != nil && q.putq.head != nil {
			t := q.putq.head
			item := t.x.th.val
			vm.sched.wakeFirst(q.putq, None)
			q.unfinished++
			if err := vm.queuePush(q, item); err != nil {
				return nil, nil, err
			}
		}
		return v, nil, nil
	}
	if !blocking {
		return nil, nil, NewException(QueueEmptyType)
	}
	if q.getq == nil {
		q.getq = newQ()
	}
	return vm.waitOn(f, q.getq, deadline, func(f *Frame, timedOut bool, v Value) (Value, *Frame, error) {
		if timedOut {
			return nil, nil, NewException(QueueEmptyType)
		}
		return v, nil, nil
	})
}

func init() {
	builtinModules["queue"] = queueModule
	QueueEmptyType.Module = "_queue"
	QueueFullType.Module = "queue"
	initQueue()
}

func queueModule(vm *VM) *Module {
	m := newModule("queue", map[string]BuiltinFunc{})
	m.Dict.SetStr("Queue", QueueType)
	m.Dict.SetStr("LifoQueue", LifoQueueType)
	m.Dict.SetStr("PriorityQueue", PriorityQueueType)
	m.Dict.SetStr("SimpleQueue", SimpleQueueType)
	m.Dict.SetStr("Empty", QueueEmptyType)
	m.Dict.SetStr("Full", QueueFullType)
	return m
}

// The signatures of Queue's methods that take arguments: CPython writes
// Queue in Python, so a bad call is a def's TypeError.
var (
	queueInitDef      = &pyDef{qual: "Queue.__init__", method: true, params: []string{"maxsize"}}
	queuePutDef       = &pyDef{qual: "Queue.put", method: true, params: []string{"item", "block", "timeout"}, required: 1}
	queueGetDef       = &pyDef{qual: "Queue.get", method: true, params: []string{"block", "timeout"}}
	queuePutNowaitDef = &pyDef{qual: "Queue.put_nowait", method: true, params: []string{"item"}, required: 1}
)

func (vm *VM) queueInit(q *queueState, args []Value, kw []string) error {
	var a [1]Value
	if err := vm.bind(queueInitDef, a[:], args, kw); err != nil {
		return err
	}
	if a[0] == nil {
		a[0] = Int(0)
	}
	q.setMaxsize(a[0])
	return nil
}

func initQueue() {
	for _, t := range []*Type{QueueType, LifoQueueType, PriorityQueueType} {
		kind := map[*Type]queueKind{QueueType: fifoQueue, LifoQueueType: lifoQueue, PriorityQueueType: priorityQueue}[t]
		self := t
		t.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
			q := &queueState{kind: kind, maxsize: Int(0)}
			for c := cls; c != nil && c != self; {
				// A user subclass of LifoQueue keeps LIFO order.
				if k, ok := map[*Type]queueKind{LifoQueueType: lifoQueue, PriorityQueueType: priorityQueue}[c]; ok {
					q.kind = k
				}
				if len(c.Bases) == 0 {
					break
				}
				c = c.Bases[0]
			}
			inst := newNativeInstance(cls, q)
			if cls == self {
				if err := vm.queueInit(q, args, kw); err != nil {
					return nil, err
				}
			}
			return inst, nil
		}
	}
	QueueType.Later(registerQueueMethods)
}

// registerQueueMethods registers Queue's methods, which LifoQueue and
// PriorityQueue inherit (see Type.Later).
func registerQueueMethods(t *Type) {
	addMethod(t, "__init__", func(vm *VM, args []Value, kw []string) (Value, error) {
		q, err := queueOf(vm, args[0], "__init__")
		if err != nil {
			return nil, err
		}
		return None, vm.queueInit(q, args[1:], kw)
	})
	addOp(t, "put", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := queueOf(vm, args[0], "put")
		if err != nil {
			return nil, nil, err
		}
		var a [3]Value // on the stack: these run once per lock or queue operation
		if err := vm.bind(queuePutDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.queuePut(f, q, a[0], a[1], a[2])
	})
	addOp(t, "get", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := queueOf(vm, args[0], "get")
		if err != nil {
			return nil, nil, err
		}
		var a [2]Value // on the stack: these run once per lock or queue operation
		if err := vm.bind(queueGetDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.queueGet(f, q, a[0], a[1])
	})
	addOp(t, "put_nowait", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := queueOf(vm, args[0], "put_nowait")
		if err != nil {
			return nil, nil, err
		}
		var a [1]Value
		if err := vm.bind(queuePutNowaitDef, a[:], args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.queuePut(f, q, a[0], Bool(false), nil)
	})
	addOp(t, "get_nowait", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := queueOf(vm, args[0], "get_nowait")
		if err != nil {
			return nil, nil, err
		}
		if err := vm.noParams("Queue.get_nowait", true, args[1:], kw); err != nil {
			return nil, nil, err
		}
		return vm.queueGet(f, q, Bool(false), nil)
	})
	addMethod(t, "task_done", func(vm *VM, args []Value, kw []string) (Value, error) {
		q, err := queueOf(vm, args[0], "task_done")
		if err != nil {
			return nil, err
		}
		if err := vm.noParams("Queue.task_done", true, args[1:], kw); err != nil {
			return nil, err
		}
		if q.unfinished <= 0 {
			return nil, vm.NewError(ValueErrorType, "task_done() called too many times")
		}
		q.unfinished--
		if q.unfinished == 0 && q.joinq != nil {
			vm.sched.wakeAll(q.joinq, None, nil)
		}
		return None, nil
	})
	addOp(t, "join", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := queueOf(vm, args[0], "join")
		if err != nil {
			return nil, nil, err
		}
		if err := vm.noParams("Queue.join", true, args[1:], kw); err != nil {
			return nil, nil, err
		}
		if q.unfinished == 0 {
			return None, nil, nil
		}
		if q.joinq == nil {
			q.joinq = newQ()
		}
		return vm.waitOn(f, q.joinq, 0, returnNone)
	})
	qm := func(name string, fn func(vm *VM, q *queueState) (Value, error)) {
		qual := "Queue." + name
		addMethod(t, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			q, err := queueOf(vm, args[0], name)
			if err != nil {
				return nil, err
			}
			if err := vm.noParams(qual, true, args[1:], kw); err != nil {
				return nil, err
			}
			return fn(vm, q)
		})
	}
	qm("qsize", func(vm *VM, q *queueState) (Value, error) { return Int(q.size()), nil })
	qm("empty", func(vm *VM, q *queueState) (Value, error) { return Bool(q.size() == 0), nil })
	qm("full", func(vm *VM, q *queueState) (Value, error) {
		full, err := vm.queueFull(q)
		return Bool(full), err
	})
	addProp(t, "maxsize", func(vm *VM, self Value) (Value, error) {
		q, err := queueOf(vm, self, "maxsize")
		if err != nil {
			return nil, err
		}
		return q.maxsize, nil
	}, func(vm *VM, self, v Value) error {
		q, err := queueOf(vm, self, "maxsize")
		if err == nil {
			q.setMaxsize(v)
		}
		return err
	})
	addProp(t, "unfinished_tasks", func(vm *VM, self Value) (Value, error) {
		q, err := queueOf(vm, self, "unfinished_tasks")
		if err != nil {
			return nil, err
		}
		return Int(q.unfinished), nil
	}, nil)
	addProp(t, "queue", func(vm *VM, self Value) (Value, error) {
		q, err := queueOf(vm, self, "queue")
		if err != nil {
			return nil, err
		}
		return &List{items: append([]Value(nil), q.items[q.head:]...)}, nil
	}, nil)

	// SimpleQueue: unbounded FIFO without task tracking.
	st := SimpleQueueType
	st.New = func(vm *VM, cls *Type, args []Value, kw []string) (Value, error) {
		if cls == SimpleQueueType && len(args) > 0 {
			if len(args) > len(kw) {
				return nil, vm.NewError(TypeErrorType, "SimpleQueue() takes no positional arguments")
			}
			return nil, vm.noKwargs("SimpleQueue", kw)
		}
		return newNativeInstance(cls, &queueState{}), nil
	}
	// SimpleQueue is C code in CPython, with argument clinic's messages.
	sput := func(sig *strSig) opFunc {
		return func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
			q, err := simpleQueueOf(vm, args[0], sig.name)
			if err != nil {
				return nil, nil, err
			}
			if len(kw) == 0 && len(args) >= 2 && len(args) <= 1+len(sig.params) {
				return vm.queuePut(f, q, args[1], nil, nil) // no slice to bind
			}
			a, err := vm.bindSig(sig, args[1:], kw)
			if err != nil {
				return nil, nil, err
			}
			return vm.queuePut(f, q, a[0], nil, nil)
		}
	}
	addOp(st, "put", sput(&strSig{owner: "SimpleQueue", name: "put", style: sigKw, params: []string{"item", "block", "timeout"}, min: 1}))
	addOp(st, "put_nowait", sput(&strSig{owner: "SimpleQueue", name: "put_nowait", style: sigKw, params: []string{"item"}, min: 1}))
	sgetSig := &strSig{owner: "SimpleQueue", name: "get", style: sigKw, params: []string{"block", "timeout"}}
	addOp(st, "get", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := simpleQueueOf(vm, args[0], "get")
		if err != nil {
			return nil, nil, err
		}
		if len(args) == 1 && len(kw) == 0 {
			return vm.queueGet(f, q, nil, nil) // no slice to bind
		}
		a, err := vm.bindSig(sgetSig, args[1:], kw)
		if err != nil {
			return nil, nil, err
		}
		return vm.queueGet(f, q, a[0], a[1])
	})
	addOp(st, "get_nowait", func(vm *VM, f *Frame, args []Value, kw []string) (Value, *Frame, error) {
		q, err := simpleQueueOf(vm, args[0], "get_nowait")
		if err != nil {
			return nil, nil, err
		}
		if len(args)-1 > len(kw) { // keywords are ignored, as by CPython's clinic code
			return nil, nil, vm.NewError(TypeErrorType, "get_nowait() takes no arguments")
		}
		return vm.queueGet(f, q, Bool(false), nil)
	})
	sm := func(name string, fn func(q *queueState) Value) {
		qual := "SimpleQueue." + name
		addMethod(st, name, func(vm *VM, args []Value, kw []string) (Value, error) {
			q, err := simpleQueueOf(vm, args[0], name)
			if err != nil {
				return nil, err
			}
			if len(args) > 1 {
				if err := vm.noKwargs(qual, kw); err != nil {
					return nil, err
				}
				return nil, vm.noArgs(qual, len(args)-1)
			}
			return fn(q), nil
		})
	}
	sm("qsize", func(q *queueState) Value { return Int(q.size()) })
	sm("empty", func(q *queueState) Value { return Bool(q.size() == 0) })
}
