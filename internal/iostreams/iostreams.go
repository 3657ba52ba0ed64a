// Package iostreams carries the standard streams and terminal facts that
// commands write to; nothing else in terrarium touches os.Stdout directly.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mattn/go-isatty"
)

// IOStreams are a command's streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY, OutTTY and ErrTTY report whether stdin, stdout and stderr
	// are terminals.
	InTTY, OutTTY, ErrTTY bool
	// Color is true when output may carry ANSI colour.
	Color bool
}

// System returns the process streams. Colour is on only when stdout is a
// terminal and NO_COLOR is unset or empty. A stdout or stderr whose
// reader went away (terrarium apply | less, quit early) then fails a write
// with EPIPE, which the commands handle, rather than end the process with
// SIGPIPE as Go does by default for fd 1 and 2: a run that holds the state
// lock or has calls in flight must release and record them before it
// exits.
func System() *IOStreams {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	outTTY := isTerminal(os.Stdout)
	// https://no-color.org: set and not empty.
	noColor := os.Getenv("NO_COLOR") != ""
	return &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: outTTY,
		ErrTTY: isTerminal(os.Stderr),
		Color:  outTTY && !noColor && os.Getenv("TERM") != "dumb",
	}
}

// Test returns streams backed by buffers, with no terminal and no colour.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
