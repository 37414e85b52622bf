package main

import (
	"testing"
	"time"
)

// TestMedianAndLeast: the summaries the table prints, over odd and even
// counts of runs in any order, and none.
func TestMedianAndLeast(t *testing.T) {
	runs := func(ms ...int) []sample {
		var ss []sample
		for _, m := range ms {
			ss = append(ss, sample{cpu: time.Duration(m) * time.Millisecond})
		}
		return ss
	}
	cpu := func(s sample) time.Duration { return s.cpu }
	cases := []struct {
		ms            []int
		median, least int
	}{
		{[]int{30, 10, 20}, 20, 10},
		{[]int{40, 10, 30, 20}, 25, 10},
		{[]int{7}, 7, 7},
		{nil, 0, 0},
	}
	for _, c := range cases {
		ss := runs(c.ms...)
		if got := median(ss, cpu); got != time.Duration(c.median)*time.Millisecond {
			t.Errorf("median of %v = %v, want %d ms", c.ms, got, c.median)
		}
		if got := least(ss, cpu); got != time.Duration(c.least)*time.Millisecond {
			t.Errorf("least of %v = %v, want %d ms", c.ms, got, c.least)
		}
	}
}
