//go:build race

package vm_test

// raceEnabled is set when the tests run under the race detector, which
// slows the interpreter several times over and with it the pacer's
// choices that follow wall time (gcBusyUp).
const raceEnabled = true
