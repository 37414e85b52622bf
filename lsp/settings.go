package lsp

import (
	"context"
	"encoding/json"

	"github.com/sourcegraph/jsonrpc2"
)

// Settings are the client-configurable options (VS Code's "weft.*").
type Settings struct {
	Evaluate struct {
		MaxInstructions int64 `json:"maxInstructions"`
		TimeoutMs       int64 `json:"timeoutMs"`
		MaxOutput       int64 `json:"maxOutput"`
		MaxAlloc        int64 `json:"maxAlloc"`
		RecursionLimit  int   `json:"recursionLimit"`
		// MaxHeapMB stops an evaluation with MemoryError when the
		// server's live heap passes it (vm.Options.MaxHeap).
		MaxHeapMB int64 `json:"maxHeapMB"`
	} `json:"evaluate"`
	Lint struct {
		Select        []string `json:"select"`
		Ignore        []string `json:"ignore"`
		MaxStack      int      `json:"maxStack"`
		MaxFrameBytes int      `json:"maxFrameBytes"`
	} `json:"lint"`
}

// maxEvalTimeoutMs caps weft.evaluate.timeoutMs at one day.
const maxEvalTimeoutMs = 24 * 60 * 60 * 1000

func defaultSettings() Settings {
	var st Settings
	st.Evaluate.MaxInstructions = 50_000_000
	st.Evaluate.TimeoutMs = 5000
	st.Evaluate.MaxOutput = 1 << 20
	st.Evaluate.MaxAlloc = 1 << 24
	st.Evaluate.RecursionLimit = 10000
	st.Evaluate.MaxHeapMB = 1024
	return st
}

// merge overlays JSON settings (either {"weft": {...}} or {...}).
func (st *Settings) merge(raw json.RawMessage) {
	var wrapped struct {
		Weft json.RawMessage `json:"weft"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && len(wrapped.Weft) > 0 {
		raw = wrapped.Weft
	}
	next := *st
	if err := json.Unmarshal(raw, &next); err != nil {
		return
	}
	d := defaultSettings()
	if next.Evaluate.MaxInstructions <= 0 {
		next.Evaluate.MaxInstructions = d.Evaluate.MaxInstructions
	}
	if next.Evaluate.TimeoutMs <= 0 {
		next.Evaluate.TimeoutMs = d.Evaluate.TimeoutMs
	}
	// A day is longer than any evaluation should run, and keeps the
	// deadline (a time.Duration in nanoseconds) from overflowing.
	next.Evaluate.TimeoutMs = min(next.Evaluate.TimeoutMs, maxEvalTimeoutMs)
	if next.Evaluate.MaxOutput <= 0 {
		next.Evaluate.MaxOutput = d.Evaluate.MaxOutput
	}
	if next.Evaluate.MaxAlloc <= 0 {
		next.Evaluate.MaxAlloc = d.Evaluate.MaxAlloc
	}
	if next.Evaluate.RecursionLimit <= 0 {
		next.Evaluate.RecursionLimit = d.Evaluate.RecursionLimit
	}
	if next.Evaluate.MaxHeapMB <= 0 {
		next.Evaluate.MaxHeapMB = d.Evaluate.MaxHeapMB
	}
	// A terabyte is past any machine here, and keeps the byte count
	// from overflowing.
	next.Evaluate.MaxHeapMB = min(next.Evaluate.MaxHeapMB, 1<<20)
	*st = next
}

func init() {
	notificationHandlers["workspace/didChangeConfiguration"] = func(s *Server, ctx context.Context, req *jsonrpc2.Request) error {
		var p struct {
			Settings json.RawMessage `json:"settings"`
		}
		if err := decode(req, &p); err != nil {
			return err
		}
		s.mu.Lock()
		if len(p.Settings) > 0 {
			s.settings.merge(p.Settings)
		}
		s.mu.Unlock()
		s.reloadLint()
		return nil
	}
}
