package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/iostreams"
)

// lockedBuffer is a bytes.Buffer safe for the reporter's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func reporterFor(t *testing.T, tty bool) (*listReporter, *lockedBuffer) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	out := &lockedBuffer{}
	ios.ErrOut, ios.ErrTTY = out, tty
	d := &Deps{IO: ios, Globals: &Globals{}, Getenv: func(k string) string {
		if k == "TERRARIUM_PROGRESS_INTERVAL" {
			return "20ms"
		}
		return ""
	}}
	r, err := newListReporter(d)
	if err != nil {
		t.Fatal(err)
	}
	return r, out
}

// waitFor polls until out holds want (the reporter writes from its own
// goroutine); it fails after a generous bound, it does not time the code.
func waitFor(t *testing.T, out *lockedBuffer, want string) {
	t.Helper()
	for range 500 {
		if strings.Contains(out.String(), want) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %q in %q", want, out.String())
}

// On a terminal the list progress is one line redrawn in place (carriage
// return, erase line) and closed with the final counts.
func TestListProgressOnATerminalRedrawsOneLine(t *testing.T) {
	r, out := reporterFor(t, true)
	r.update(api.ListProgress{})
	waitFor(t, out, "\r\x1b[KListing live environments... 0 pages, 0 environments")
	r.update(api.ListProgress{Pages: 3, Environments: 3000})
	waitFor(t, out, "3 pages, 3000 environments")
	r.update(api.ListProgress{Pages: 10, Environments: 10000, Done: true})
	s := out.String()
	if !strings.HasSuffix(s, "\r\x1b[KListed 10 pages, 10000 environments in "+s[strings.LastIndex(s, " in ")+4:]) || strings.Count(s, "\n") != 1 {
		t.Fatalf("terminal output: %q", s)
	}
}

func TestListProgressSilentWhenFast(t *testing.T) {
	for _, tty := range []bool{true, false} {
		r, out := reporterFor(t, tty)
		r.quiet = time.Hour
		r.update(api.ListProgress{})
		r.update(api.ListProgress{Pages: 1, Environments: 5, Done: true})
		if out.String() != "" {
			t.Fatalf("tty %v: a fast list printed %q", tty, out.String())
		}
	}
}
