package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/render"
)

// Progress timing. A list that ends within listQuiet prints nothing; a
// longer one shows a line that a terminal redraws every second and other
// outputs repeat every progressEvery. TERRARIUM_PROGRESS_INTERVAL (a test
// hook, a Go duration) replaces both, and the apply heartbeat.
const (
	listQuiet     = 2 * time.Second
	progressEvery = 10 * time.Second
	redrawEvery   = time.Second
)

// progressTiming returns the quiet spell and the interval of progress
// output, honouring TERRARIUM_PROGRESS_INTERVAL.
func progressTiming(d *Deps) (quiet, every time.Duration, err error) {
	s := d.Getenv("TERRARIUM_PROGRESS_INTERVAL")
	if s == "" {
		return listQuiet, progressEvery, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return 0, 0, fmt.Errorf("TERRARIUM_PROGRESS_INTERVAL: %q is not a positive duration such as 10s", s)
	}
	return v, v, nil
}

// listReporter shows the progress of a long List on stderr: on a terminal
// one line redrawn in place, otherwise a line every interval, and under
// --json a JSON line ({"type":"list_progress",...}) every interval.
type listReporter struct {
	w            io.Writer
	tty, asJSON  bool
	quiet, every time.Duration

	mu      sync.Mutex
	cur     api.ListProgress
	start   time.Time
	shown   bool
	stop    chan struct{}
	stopped chan struct{}
}

func newListReporter(d *Deps) (*listReporter, error) {
	quiet, every, err := progressTiming(d)
	if err != nil {
		return nil, err
	}
	return &listReporter{w: d.IO.ErrOut, tty: d.IO.ErrTTY && !d.Globals.progressJSON, asJSON: d.Globals.progressJSON, quiet: quiet, every: every}, nil
}

// update is api.Options.OnList.
func (r *listReporter) update(p api.ListProgress) {
	r.mu.Lock()
	r.cur = p
	first := p.Pages == 0 && !p.Done && r.stop == nil
	if first {
		r.start = time.Now()
		r.stop, r.stopped = make(chan struct{}), make(chan struct{})
	}
	stop, stopped := r.stop, r.stopped
	if p.Done {
		r.stop = nil
	}
	r.mu.Unlock()
	switch {
	case first:
		go r.run(stop, stopped)
	case p.Done && stop != nil:
		close(stop)
		<-stopped
	}
}

func (r *listReporter) run(stop, stopped chan struct{}) {
	defer close(stopped)
	wait := r.quiet
	for {
		t := time.NewTimer(wait)
		select {
		case <-stop:
			t.Stop()
			r.finish()
			return
		case <-t.C:
		}
		r.show()
		wait = r.every
		if r.tty {
			wait = min(redrawEvery, r.every)
		}
	}
}

func (r *listReporter) show() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shown = true
	render.ListProgress(r.w, r.mode(), r.cur, time.Since(r.start))
}

func (r *listReporter) mode() render.ListProgressMode {
	switch {
	case r.asJSON:
		return render.ListProgressJSON
	case r.tty:
		return render.ListProgressTerminal
	}
	return render.ListProgressLines
}

// finish ends a redrawn line with the final counts.
func (r *listReporter) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.shown && r.tty {
		render.ListProgressDone(r.w, r.cur, time.Since(r.start))
	}
}
