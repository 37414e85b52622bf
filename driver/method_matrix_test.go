package driver

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/weft-lang/weft/vm"
)

// matrixSetup builds one sample object per builtin class and lists, as
// "CLASS\tMETHOD\tSAMPLE" lines, every callable attribute of each class.
const matrixSetup = matrixHeader + `samples = [
    ('list', list, '[3, 1, 2]'), ('dict', dict, "{'a': 1}"), ('tuple', tuple, '(1, 2)'),
    ('set', set, '{1, 2}'), ('frozenset', frozenset, 'frozenset([1])'), ('str', str, "'hello'"),
    ('int', int, '7'), ('float', float, '2.5'), ('bool', bool, 'True'), ('range', range, 'range(5)'),
    ('deque', deque, 'deque([1, 2])'), ('Counter', Counter, "Counter('aab')"),
    ('OrderedDict', OrderedDict, 'OrderedDict(a=1)'), ('defaultdict', defaultdict, 'defaultdict(int)'),
    ('object', object, 'object()'), ('type', type, 'int'),
    ('type(threading.Lock())', type(threading.Lock()), 'threading.Lock()'),
    ('type(threading.RLock())', type(threading.RLock()), 'threading.RLock()'),
    ('threading.Event', threading.Event, 'threading.Event()'),
    ('threading.Condition', threading.Condition, 'threading.Condition()'),
    ('threading.Semaphore', threading.Semaphore, 'threading.Semaphore(1)'),
    ('threading.Barrier', threading.Barrier, 'threading.Barrier(1)'),
    ('threading.Thread', threading.Thread, 'threading.Thread()'),
    ('queue.Queue', queue.Queue, 'queue.Queue(1)'), ('queue.PriorityQueue', queue.PriorityQueue, 'queue.PriorityQueue()'),
    ('stackless.channel', stackless.channel, 'stackless.channel()'),
    ('stackless.tasklet', stackless.tasklet, 'stackless.tasklet(len)'),
    ('type(g())', type(g()), 'g()'), ('type(g)', type(g), 'g'), ('type(C().m)', type(C().m), 'C().m'),
    ('type(len)', type(len), 'len'), ('super', super, 'super(C, C())'),
    ('type(iter([]))', type(iter([])), 'iter([1])'), ('type(iter(range(3)))', type(iter(range(3))), 'iter(range(3))'),
    ('type(iter("ab"))', type(iter("ab")), 'iter("ab")'), ('type(iter({1}))', type(iter({1})), 'iter({1})'),
    ('type(iter({1: 2}))', type(iter({1: 2})), 'iter({1: 2})'),
    ('enumerate', enumerate, 'enumerate([1])'), ('zip', zip, 'zip([1])'), ('map', map, 'map(len, ["a"])'),
    ('filter', filter, 'filter(None, [1])'), ('reversed', reversed, 'reversed([1])'),
    ('type({}.keys())', type({}.keys()), '{1: 2}.keys()'), ('type({}.items())', type({}.items()), '{1: 2}.items()'),
    ('type({}.values())', type({}.values()), '{1: 2}.values()'), ('slice', slice, 'slice(1, 2)'),
    ('property', property, 'property(len)'), ('staticmethod', staticmethod, 'staticmethod(len)'),
    ('classmethod', classmethod, 'classmethod(len)'), ('Exception', Exception, 'Exception(1)'),
    ('KeyError', KeyError, 'KeyError(1)'), ('StopIteration', StopIteration, 'StopIteration(1)'),
]
for expr, cls, sample in samples:
    for name in dir(cls):
        if name in ('__new__', '__init_subclass__', '__subclasshook__', '__class_getitem__'):
            continue
        try:
            if callable(getattr(cls, name)):
                print(expr + '\t' + name + '\t' + sample)
        except Exception:
            pass
`

// matrixHeader defines what the sample expressions use.
const matrixHeader = `from collections import deque, Counter, OrderedDict, defaultdict
import threading, queue, stackless
def g():
    yield 1
class C:
    def m(self):
        return 1
`

// matrixArgs are the argument lists every method is called with, after
// the sample object and without it.
var matrixArgs = []string{"", "None", "0", "1, 2", "'x'", "[]", "-1", "10**30", "1.5", "{}", "None, None, None"}

// TestBuiltinMethodMatrix calls every method of the builtin classes
// (containers, collections, threading, queue, tasklets and channels,
// generators, iterators, views, exceptions, descriptors) with odd
// arguments, with and without an object of its class, and requires a Weft
// exception (or a result) every time, never an internal error: methods
// once indexed a missing self, asserted its type or dereferenced a nil
// state (list.pop(), Counter.__eq__(c), defaultdict.copy(None),
// Exception.__str__(None), type(g()).__repr__(None)).
func TestBuiltinMethodMatrix(t *testing.T) {
	budgets := Budgets{Timeout: 5 * time.Second, MaxInstructions: 1_000_000, MaxAlloc: 1 << 20}
	out, err := RunFile(context.Background(), "setup.weft", []byte(matrixSetup), budgets, vm.Options{})
	if err != nil || out.ExcLine != "" {
		t.Fatalf("setup: %v %s", err, out.Traceback)
	}
	lines := strings.Split(strings.TrimSpace(string(out.Stdout)), "\n")
	if len(lines) < 300 {
		t.Fatalf("only %d methods listed", len(lines))
	}
	crashed := map[string]bool{}
	for _, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("setup line %q", line)
		}
		cls, name, sample := f[0], f[1], f[2]
		for _, args := range matrixArgs {
			withSelf := sample
			if args != "" {
				withSelf += ", " + args
			}
			for _, a := range []string{args, withSelf} {
				call := cls + "." + name + "(" + a + ")"
				src := matrixHeader + "try:\n    " + call + "\nexcept Exception:\n    pass\n"
				out, err := RunFile(context.Background(), "m.weft", []byte(src), budgets, vm.Options{VirtualClock: true})
				if err != nil {
					t.Fatalf("%s: %v", call, err)
				}
				if strings.Contains(out.ExcLine, "internal error") && !crashed[cls+name] {
					crashed[cls+name] = true
					t.Errorf("%s: %s", call, out.ExcLine)
				}
			}
		}
	}
}
