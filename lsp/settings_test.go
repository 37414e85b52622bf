package lsp

import "testing"

// TestEvaluateTimeoutIsCapped: a huge timeoutMs (past what a
// time.Duration holds) is capped instead of overflowing into a deadline
// in the past, which made every evaluation fail at once.
func TestEvaluateTimeoutIsCapped(t *testing.T) {
	st := defaultSettings()
	st.merge([]byte(`{"evaluate": {"timeoutMs": 9300000000000}}`))
	if st.Evaluate.TimeoutMs != maxEvalTimeoutMs {
		t.Errorf("timeoutMs = %d, want the cap %d", st.Evaluate.TimeoutMs, maxEvalTimeoutMs)
	}
	st.merge([]byte(`{"evaluate": {"timeoutMs": 250}}`))
	if st.Evaluate.TimeoutMs != 250 {
		t.Errorf("timeoutMs = %d, want 250", st.Evaluate.TimeoutMs)
	}
}
