package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"terrarium/internal/api"
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
	elapsed := time.Since(r.start)
	switch {
	case r.asJSON:
		b, _ := json.Marshal(struct {
			Type         string `json:"type"`
			Pages        int    `json:"pages"`
			Environments int    `json:"environments"`
			ElapsedMS    int64  `json:"elapsed_ms"`
		}{"list_progress", r.cur.Pages, r.cur.Environments, elapsed.Milliseconds()})
		fmt.Fprintf(r.w, "%s\n", b)
	case r.tty:
		fmt.Fprintf(r.w, "\r\x1b[KListing live environments... %s [%s elapsed]", r.counts(), elapsed.Round(time.Second))
	default:
		fmt.Fprintf(r.w, "Still listing live environments... %s [%s elapsed]\n", r.counts(), elapsed.Round(time.Second))
	}
}

func (r *listReporter) counts() string {
	return fmt.Sprintf("%d pages, %d environments", r.cur.Pages, r.cur.Environments)
}

// finish ends a redrawn line with the final counts.
func (r *listReporter) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.shown && r.tty {
		fmt.Fprintf(r.w, "\r\x1b[KListed %s in %s.\n", r.counts(), time.Since(r.start).Round(100*time.Millisecond))
	}
}
