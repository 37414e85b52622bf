// Command weft is the Weft toolchain's command line: run programs, lint
// them, disassemble them, serve the language server protocol.
//
// Design: each subcommand lives in its own file and registers itself in
// the commands table from an init function, so main stays a dispatcher.
// Every subcommand gets its arguments and the process's standard streams
// and returns the exit status, which keeps them testable in-process.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// version is the toolchain version; release builds override it with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	commands[name] = command{summary: summary, run: run}
}

func init() {
	register("version", "print the Weft version", func(args []string, stdout, stderr io.Writer) int {
		fmt.Fprintf(stdout, "weft %s\n", version)
		return 0
	})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: weft <command> [arguments]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
}

// runMain dispatches args (without the program name) and returns the exit
// status.
func runMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return 0
	case "--version":
		args[0] = "version"
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "weft: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}
