package lsp

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"runtime/debug"
)

// stdio joins stdin and stdout into one connection.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return os.Stdin.Close() }

// Main is the entry point of the weft-lsp binary, which `weft lsp` execs:
// flags --listen ADDR (TCP instead of stdio), --log FILE and --version.
// Nothing but protocol frames is written to stdout.
func Main(args []string, version string, stderr io.Writer) int {
	fl := flag.NewFlagSet("lsp", flag.ContinueOnError)
	fl.SetOutput(stderr)
	listen := fl.String("listen", "", "serve one client on this TCP address instead of stdio")
	logFile := fl.String("log", "", "write the server log to this file (default stderr)")
	_ = fl.Bool("stdio", true, "serve on stdin/stdout (the default)")
	printVersion := fl.Bool("version", false, "print the server's version and exit (editors' setup checks)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *printVersion {
		fmt.Printf("weft-lsp %s\n", version)
		return 0
	}
	logw := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "weft lsp: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	logger := log.New(logw, "weft-lsp: ", log.LstdFlags|log.Lmicroseconds)
	if os.Getenv("GOGC") == "" {
		// Each analysis of a large file allocates several times the
		// memory the server keeps (one analysis per open document): with
		// the default GOGC=100 every analysis of a 10,000-line file ran
		// one or two collections. 400 trades a larger heap for about a
		// quarter less CPU per analysis.
		debug.SetGCPercent(400)
	}
	srv := NewServer(Options{Logger: logger, Version: version})
	ctx := context.Background()
	if *listen != "" {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			fmt.Fprintf(stderr, "weft lsp: %v\n", err)
			return 2
		}
		defer ln.Close()
		logger.Printf("listening on %s", ln.Addr())
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintf(stderr, "weft lsp: %v\n", err)
			return 2
		}
		return srv.Serve(ctx, conn)
	}
	return srv.Serve(ctx, stdio{os.Stdin, os.Stdout})
}
