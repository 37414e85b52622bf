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
	"time"
)

type tracer struct {
	start    time.Time
	events   []traceEvent
	cur      *Tasklet
	curStart float64
	ids      map[*Tasklet]int
	names    []string
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
	return &tracer{start: time.Now(), ids: map[*Tasklet]int{}}
}

func (tr *tracer) now() float64 { return float64(time.Since(tr.start).Nanoseconds()) / 1000 }

// tid is t's track: tasklets are numbered from 1 (main) as they first run.
func (tr *tracer) tid(t *Tasklet) int {
	id, ok := tr.ids[t]
	if !ok {
		tr.names = append(tr.names, t.name())
		id = len(tr.names)
		tr.ids[t] = id
	}
	return id
}

// begin starts the interval of t.
func (tr *tracer) begin(t *Tasklet) {
	tr.cur, tr.curStart = t, tr.now()
	tr.tid(t)
}

// switched ends the running interval (of from) with reason and begins to's.
func (tr *tracer) switched(from, to *Tasklet, reason string) {
	now := tr.now()
	if tr.cur != nil {
		tr.events = append(tr.events, traceEvent{Name: tr.cur.name(), Cat: "tasklet", Ph: "X", Ts: tr.curStart,
			Dur: now - tr.curStart, Pid: 1, Tid: tr.tid(tr.cur),
			Args: map[string]any{"reason": reason, "next": to.name()}})
	}
	tr.cur, tr.curStart = to, now
	tr.tid(to)
}

func (tr *tracer) write(path string, s *scheduler) error {
	if tr.cur != nil {
		now := tr.now()
		tr.events = append(tr.events, traceEvent{Name: tr.cur.name(), Cat: "tasklet", Ph: "X", Ts: tr.curStart,
			Dur: now - tr.curStart, Pid: 1, Tid: tr.tid(tr.cur), Args: map[string]any{"reason": "exit"}})
		tr.cur = nil
	}
	all := make([]any, 0, len(tr.events)+len(tr.names)+1)
	all = append(all, traceMeta{Name: "process_name", Ph: "M", Pid: 1, Args: map[string]any{"name": "weft"}})
	for i, name := range tr.names {
		all = append(all, traceMeta{Name: "thread_name", Ph: "M", Pid: 1, Tid: i + 1,
			Args: map[string]any{"name": fmt.Sprintf("tasklet %d '%s'", i+1, name)}})
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
