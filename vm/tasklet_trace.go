package vm

// tasklet_trace.go: `weft run --trace FILE` — a timeline of tasklet
// switches in the Chrome trace-event JSON format (Perfetto, chrome://tracing).
// Each interval a tasklet runs is one complete event ("ph": "X") on the
// track of that tasklet, ending at a switch whose reason is in args; a
// metadata event names each track.

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

type tracer struct {
	start    time.Time
	events   []traceEvent
	cur      *Tasklet
	curStart float64
	names    map[int32]string
}

// traceEvent is a complete event; Dur is always written (Perfetto needs it
// for "X" events, even when 0).
type traceEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args"`
}

// traceMeta names a track.
type traceMeta struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args"`
}

func newTracer() *tracer {
	return &tracer{start: time.Now(), names: map[int32]string{}}
}

func (tr *tracer) now() float64 { return float64(time.Since(tr.start).Nanoseconds()) / 1000 }

// begin starts the interval of t.
func (tr *tracer) begin(t *Tasklet) {
	tr.cur, tr.curStart = t, tr.now()
	tr.names[t.id] = t.name()
}

// switched ends the running interval (of from) with reason and begins to's.
func (tr *tracer) switched(from, to *Tasklet, reason string) {
	now := tr.now()
	if tr.cur != nil {
		tr.events = append(tr.events, traceEvent{Name: tr.cur.name(), Cat: "tasklet", Ph: "X", Ts: tr.curStart,
			Dur: now - tr.curStart, Pid: 1, Tid: int(tr.cur.id) + 1,
			Args: map[string]any{"reason": reason, "next": to.name()}})
	}
	tr.cur, tr.curStart = to, now
	tr.names[to.id] = to.name()
}

func (tr *tracer) write(path string, s *scheduler) error {
	if tr.cur != nil {
		now := tr.now()
		tr.events = append(tr.events, traceEvent{Name: tr.cur.name(), Cat: "tasklet", Ph: "X", Ts: tr.curStart,
			Dur: now - tr.curStart, Pid: 1, Tid: int(tr.cur.id) + 1, Args: map[string]any{"reason": "exit"}})
		tr.cur = nil
	}
	ids := make([]int, 0, len(tr.names))
	for id := range tr.names {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	all := make([]any, 0, len(tr.events)+len(ids)+1)
	all = append(all, traceMeta{Name: "process_name", Ph: "M", Pid: 1, Args: map[string]any{"name": "weft"}})
	for _, id := range ids {
		all = append(all, traceMeta{Name: "thread_name", Ph: "M", Pid: 1, Tid: id + 1,
			Args: map[string]any{"name": fmt.Sprintf("tasklet %d '%s'", id, tr.names[int32(id)])}})
	}
	for _, e := range tr.events {
		all = append(all, e)
	}
	data, err := json.Marshal(map[string]any{"traceEvents": all, "displayTimeUnit": "ms"})
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
