//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rssFileKB reads RssFile (resident pages of file mappings) from
// /proc/self/status.
func rssFileKB(t *testing.T) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatalf("RssFile line %q: %v", line, err)
			}
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestShedStartupPages: shedding unmaps the test binary's read-only pages
// (the resident set of file mappings falls) and the code still runs
// afterwards, its pages faulting back in.
func TestShedStartupPages(t *testing.T) {
	if traced() {
		t.Skip("under a debugger shedding is off")
	}
	before := rssFileKB(t)
	advised := shedStartupPages()
	after := rssFileKB(t)
	if advised == 0 {
		t.Fatal("shedStartupPages advised no mapping of the binary")
	}
	if after >= before {
		t.Errorf("RssFile %d kB before shedding, %d kB after", before, after)
	}
	var out, errOut strings.Builder
	prog := filepath.Join(t.TempDir(), "sum.weft")
	if err := os.WriteFile(prog, []byte("print(sum(range(10)))\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st := runMain([]string{"run", prog}, &out, &errOut); st != 0 || out.String() != "45\n" {
		t.Errorf("after shedding: status %d, output %q, stderr %q", st, out.String(), errOut.String())
	}
}

func TestParseMaps(t *testing.T) {
	maps := []byte("00400000-00803000 r-xp 00000000 fe:00 9986226    /usr/bin/weft\n" +
		"00803000-00bd6000 r--p 00403000 fe:00 9986226    /usr/bin/weft\n" +
		"00bd6000-00c29000 rw-p 007d6000 fe:00 9986226    /usr/bin/weft\n" +
		"00c29000-02c7d000 rw-p 00000000 00:00 0\n" +
		"garbage\n")
	ms := parseMaps(maps)
	if len(ms) != 3 {
		t.Fatalf("parsed %d file mappings, want 3: %+v", len(ms), ms)
	}
	m := mappingOf(ms, 0x00900000)
	if m == nil || m.lo != 0x00803000 || m.perms != "r--p" || m.file != "fe:00 9986226" {
		t.Errorf("mappingOf(0x900000) = %+v", m)
	}
	if m := mappingOf(ms, 0x01000000); m != nil {
		t.Errorf("an anonymous mapping matched: %+v", m)
	}
}
