// Command goping is the ping-pong on Go: two goroutines pass an int over
// an unbuffered channel N times (default 1,000,000); each pass is a
// handoff from the sender to the receiver and back, counted as two
// switches like the Weft and greenlet versions.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1) // one OS thread, like the tasklet scheduler
	}
	c := make(chan int)
	done := make(chan int)
	go func() {
		total := 0
		for i := 0; i < n; i++ {
			total += <-c
		}
		done <- total
	}()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		c <- i
	}
	total := <-done
	dt := time.Since(t0).Seconds()
	fmt.Println("sum", total)
	fmt.Printf("passes %d switches %d seconds %.3f switches/s %.0f\n", n, 2*n, dt, float64(2*n)/dt)
}
