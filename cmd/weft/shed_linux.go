//go:build linux

package main

import (
	"bufio"
	"bytes"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// shedStartupPages drops the resident pages of the weft binary's
// read-only mappings (its code and read-only data) before a program runs,
// and returns how many bytes of mappings it advised.
//
// Why: the package inits of everything linked and the compiler touch
// pages all over the binary, and the kernel maps each touched page's
// 64 KB neighbourhood with it ("fault-around"), so megabytes of the
// binary counted in the program's resident set though a running program
// needs only part of it (1.4-1.8 MB of the suite's peaks even since the
// language server left the binary, lsp.go). MADV_DONTNEED on a read-only file mapping only
// unmaps: the pages stay in the page cache, and the ones the interpreter
// touches again come back on their next access. `weft run` sheds twice,
// after the inits and after compiling: each call costs about 0.5 ms and
// lowers the peak of a small program by 1–1.5 MB (bench/README.md, "GC
// and memory", has the measurements).
//
// Nothing is done under a debugger (a breakpoint is a private copy of a
// code page, which MADV_DONTNEED would discard) or when /proc is missing.
func shedStartupPages() uintptr {
	if traced() { // asked at every call: a debugger may attach in between
		return 0
	}
	var advised uintptr
	for _, m := range binaryReadOnly() {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(m.lo), uintptr(m.hi-m.lo), syscall.MADV_DONTNEED)
		if errno == 0 {
			advised += uintptr(m.hi - m.lo)
		}
	}
	return advised
}

// binaryReadOnly is the read-only mappings of the weft binary, found
// once: they do not change while it runs (nil without /proc).
var binaryReadOnly = sync.OnceValue(func() []mapping {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return nil
	}
	ms := parseMaps(maps)
	own := mappingOf(ms, uint64(reflect.ValueOf(parseMaps).Pointer())) // any of its functions
	if own == nil {
		return nil
	}
	var ro []mapping
	for _, m := range ms {
		if m.file == own.file && !strings.Contains(m.perms, "w") {
			ro = append(ro, m)
		}
	}
	return ro
})

// mapping is one line of /proc/self/maps.
type mapping struct {
	lo, hi uint64
	perms  string
	// file is the device and inode fields: the same for every mapping of
	// one file, and "00:00 0" for anonymous ones.
	file string
}

// parseMaps reads the file mappings of a /proc/PID/maps text; lines it
// cannot read and anonymous mappings (inode 0) are skipped.
func parseMaps(maps []byte) []mapping {
	var ms []mapping
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		l, err1 := strconv.ParseUint(lo, 16, 64)
		h, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || f[4] == "0" {
			continue
		}
		ms = append(ms, mapping{lo: l, hi: h, perms: f[1], file: f[3] + " " + f[4]})
	}
	return ms
}

// mappingOf returns the file mapping of ms that holds addr, or nil.
func mappingOf(ms []mapping, addr uint64) *mapping {
	for i := range ms {
		if ms[i].lo <= addr && addr < ms[i].hi {
			return &ms[i]
		}
	}
	return nil
}

// traced reports whether a debugger is attached (TracerPid is not 0).
func traced() bool {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return true
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "TracerPid:"); ok {
			return strings.TrimSpace(v) != "0"
		}
	}
	return false
}
