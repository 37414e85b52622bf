package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestRunProfiles: --cpuprofile and --memprofile write gzip-compressed
// pprof profiles and leave the program's output alone.
func TestRunProfiles(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "p.weft")
	os.WriteFile(prog, []byte("print(sum(range(1000)))\n"), 0o644)
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	var out, errOut bytes.Buffer
	if st := runMain([]string{"run", "--cpuprofile", cpu, "--memprofile", mem, prog}, &out, &errOut); st != 0 {
		t.Fatalf("status %d: %s", st, errOut.String())
	}
	if out.String() != "499500\n" {
		t.Errorf("output %q", out.String())
	}
	for _, p := range []string{cpu, mem} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is not a gzip-compressed profile (%d bytes)", filepath.Base(p), len(data))
		}
	}
}

// TestMemProfileRate: --memprofilerate sets the sampling rate of the heap
// profile, so that small allocations show up in it.
func TestMemProfileRate(t *testing.T) {
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	dir := t.TempDir()
	prog := filepath.Join(dir, "p.weft")
	os.WriteFile(prog, []byte("print(len([[i] for i in range(1000)]))\n"), 0o644)
	var out, errOut bytes.Buffer
	if st := runMain([]string{"run", "--memprofile", filepath.Join(dir, "mem.prof"), "--memprofilerate", "1", prog}, &out, &errOut); st != 0 {
		t.Fatalf("status %d: %s", st, errOut.String())
	}
	if runtime.MemProfileRate != 1 {
		t.Errorf("MemProfileRate = %d after --memprofilerate 1", runtime.MemProfileRate)
	}
}
