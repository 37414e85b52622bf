// Command compare runs the benchmark programs in bench/programs under
// `weft run` and under CPython, alternately for several rounds, and prints
// per program the median wall time of each, the ratio weft/python3, the
// median user+system CPU time of each, the ratio of the least CPU times
// and the peak RSS of each. Its last line is "geomean weft/python3 =
// X.XX" (wall time). It exits 1 when any program prints something
// different under the two, or fails.
//
// The least CPU time of several runs is the steadiest figure on a shared
// machine: another tenant's load only ever adds to a run's time, and on
// the 2-core machines here it moved single medians by 30% and more
// between two runs of this command (bench/README.md).
//
// Run it from the repository root:
//
//	go run ./bench/compare [-rounds 5] [-run REGEXP] [-python PATH] [-weft PATH] [-dir FOLDER]
//
// -dir bench/shapes measures the program shapes instead of the suite.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"
)

// sample is one run of one program.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system
	user time.Duration
	rss  int64 // peak resident set, KiB
	out  []byte
}

func main() {
	rounds := flag.Int("rounds", 5, "number of rounds (each runs every program once under each interpreter)")
	filter := flag.String("run", "", "only programs whose name matches `REGEXP`")
	python := flag.String("python", "", "CPython to compare with (default /usr/bin/python3, else python3 on PATH)")
	weftBin := flag.String("weft", "", "use this weft binary instead of building ./cmd/weft")
	dir := flag.String("dir", "", "folder of the programs (default bench/programs of the repository)")
	flag.Parse()

	root, err := repoRoot()
	if err != nil {
		fatal(err)
	}
	if *dir == "" {
		*dir = filepath.Join(root, "bench", "programs")
	}
	if *python == "" {
		*python = findPython()
	}
	var re *regexp.Regexp
	if *filter != "" {
		if re, err = regexp.Compile(*filter); err != nil {
			fatal(err)
		}
	}
	progs, _ := filepath.Glob(filepath.Join(*dir, "*.weft"))
	sort.Strings(progs)
	var selected []string
	for _, p := range progs {
		if re == nil || re.MatchString(name(p)) {
			selected = append(selected, p)
		}
	}
	if len(selected) == 0 {
		fatal(fmt.Errorf("no programs in %s match", *dir))
	}

	weft := *weftBin
	if weft == "" {
		tmp, err := os.MkdirTemp("", "weft-bench")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(tmp)
		weft = filepath.Join(tmp, "weft")
		build := exec.Command("go", "build", "-o", weft, "./cmd/weft")
		build.Dir = root
		// The release build (README.md): static, without libc's pages.
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fatal(fmt.Errorf("building weft: %v", err))
		}
	}
	pyVersion, _ := exec.Command(*python, "--version").CombinedOutput()
	fmt.Printf("weft vs %s (%s), %d rounds, medians\n", *python, strings.TrimSpace(string(pyVersion)), *rounds)

	weftRuns := map[string][]sample{}
	pyRuns := map[string][]sample{}
	failed := false
	for r := 0; r < *rounds; r++ {
		for _, p := range selected {
			n := name(p)
			// Alternate which interpreter goes first so that neither always
			// runs on a warmer (or busier) machine.
			first, second := "weft", "python"
			if r%2 == 1 {
				first, second = second, first
			}
			for _, which := range []string{first, second} {
				var s sample
				var err error
				if which == "weft" {
					s, err = measure(weft, "run", p)
				} else {
					s, err = measure(*python, p)
				}
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s under %s: %v\n%s", n, which, err, s.out)
					failed = true
				}
				if which == "weft" {
					weftRuns[n] = append(weftRuns[n], s)
				} else {
					pyRuns[n] = append(pyRuns[n], s)
				}
			}
			w, py := weftRuns[n][r], pyRuns[n][r]
			if !bytes.Equal(w.out, py.out) {
				fmt.Fprintf(os.Stderr, "%s: output differs\n--- weft\n%s--- python3\n%s", n, w.out, py.out)
				failed = true
			}
		}
	}

	fmt.Printf("%-13s %9s %9s %6s   %9s %9s %6s %6s   %9s %9s\n",
		"program", "weft s", "python s", "ratio", "weft cpu", "py cpu", "ratio", "least", "weft RSS", "py RSS")
	wall := func(s sample) time.Duration { return s.wall }
	cpu := func(s sample) time.Duration { return s.cpu }
	logSum, logCPU, logLeast := 0.0, 0.0, 0.0
	for _, p := range selected {
		n := name(p)
		w, py := weftRuns[n], pyRuns[n]
		ww, pw := median(w, wall), median(py, wall)
		wc, pc := median(w, cpu), median(py, cpu)
		ratio := ww.Seconds() / pw.Seconds()
		cratio := wc.Seconds() / pc.Seconds()
		lratio := least(w, cpu).Seconds() / least(py, cpu).Seconds()
		logSum += math.Log(ratio)
		logCPU += math.Log(cratio)
		logLeast += math.Log(lratio)
		fmt.Printf("%-13s %9.3f %9.3f %6.2f   %9.3f %9.3f %6.2f %6.2f   %7.1fMB %7.1fMB\n",
			n, ww.Seconds(), pw.Seconds(), ratio, wc.Seconds(), pc.Seconds(), cratio, lratio,
			float64(peak(w))/1024, float64(peak(py))/1024)
	}
	k := float64(len(selected))
	fmt.Printf("geomean least cpu weft/python3 = %.2f\n", math.Exp(logLeast/k))
	fmt.Printf("geomean cpu weft/python3 = %.2f\n", math.Exp(logCPU/k))
	fmt.Printf("geomean weft/python3 = %.2f\n", math.Exp(logSum/k))
	if failed {
		os.Exit(1)
	}
}

// measure runs one program and collects its wall time, CPU time, peak RSS
// and standard output.
func measure(bin string, args ...string) (sample, error) {
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), out: out.Bytes()}
	if cmd.ProcessState != nil {
		s.user = cmd.ProcessState.UserTime()
		s.cpu = s.user + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.rss = int64(ru.Maxrss) // KiB on Linux
		}
	}
	if err != nil {
		s.out = append(s.out, errb.Bytes()...)
		return s, err
	}
	return s, nil
}

func median(ss []sample, f func(sample) time.Duration) time.Duration {
	if len(ss) == 0 {
		return 0
	}
	v := make([]time.Duration, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// least is the smallest of f over ss (0 for none).
func least(ss []sample, f func(sample) time.Duration) time.Duration {
	if len(ss) == 0 {
		return 0
	}
	m := f(ss[0])
	for _, s := range ss[1:] {
		m = min(m, f(s))
	}
	return m
}

func peak(ss []sample) int64 {
	var m int64
	for _, s := range ss {
		if s.rss > m {
			m = s.rss
		}
	}
	return m
}

func name(path string) string { return strings.TrimSuffix(filepath.Base(path), ".weft") }

func findPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	if p, err := exec.LookPath("python3"); err == nil {
		return p
	}
	fatal(fmt.Errorf("no python3 found"))
	return ""
}

// repoRoot finds the folder holding go.mod, from the working directory up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(2)
}
