//go:build unix

package syntax

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time of the process, which
// includes the garbage collector's background work and, unlike wall time,
// hardly depends on what else the machine is running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
