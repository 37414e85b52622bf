package driver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weft-lang/weft/vm"
)

// TestConformanceConcurrently runs the conformance programs twice over in
// four goroutines at once, as the language server runs evaluations, and
// requires python3's output from each: VMs share the builtin classes,
// interned names and the static int table, and nothing one run does may
// show in another. .ci/run also runs it under the race detector (a class
// statement once appended to object's shared subclass list, and calling a
// builtin class wrote its constructor cache).
func TestConformanceConcurrently(t *testing.T) {
	files, known := conformancePrograms(t)
	type job struct{ path, name string }
	jobs := make(chan job)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				wantOut, err := os.ReadFile(strings.TrimSuffix(j.path, ".weft") + ".out")
				if err != nil {
					mu.Lock()
					t.Errorf("%s: %v", j.name, err)
					mu.Unlock()
					continue
				}
				wantErr, _ := os.ReadFile(strings.TrimSuffix(j.path, ".weft") + ".err")
				out, err := RunFile(context.Background(), j.path, nil, Budgets{MaxInstructions: 500_000_000, Timeout: time.Minute}, vm.Options{})
				problem := ""
				if err != nil {
					problem = err.Error()
				} else {
					problem = compareRun(out, wantOut, wantErr)
				}
				if problem != "" {
					mu.Lock()
					t.Errorf("%s, run concurrently: %s", j.name, firstLine(problem))
					mu.Unlock()
				}
			}
		}()
	}
	for round := 0; round < 2; round++ {
		for _, path := range files {
			name := strings.TrimSuffix(filepath.Base(path), ".weft")
			if !known[name] {
				jobs <- job{path, name}
			}
		}
	}
	close(jobs)
	wg.Wait()
}
