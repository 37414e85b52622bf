//go:build !race

package vm_test

// raceEnabled: see race_on_test.go.
const raceEnabled = false
