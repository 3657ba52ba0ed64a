package apply

import (
	"context"
	"sync/atomic"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/plan"
)

// DefaultHeartbeat is how often a long apply reports: "Still creating...
// [10s elapsed]" for a call in flight, as Terraform does, a counter, and
// the pace when the API's rate limit is what holds the apply back.
const DefaultHeartbeat = 10 * time.Second

// StillRunning is sent every heartbeat while a change's calls are in
// flight (not while the change waits for its turn under the rate limit:
// Paced says that).
type StillRunning struct {
	Address string
	Action  plan.Action
	Elapsed time.Duration
}

// Paced is sent every heartbeat while the client's pacing of writes holds
// changes back: the pace, and about how long the remaining changes take.
type Paced struct {
	// PerMinute is the pace now; Configured the pace asked for (PerMinute
	// is lower after the API answered 429 RateLimited times).
	PerMinute, Configured float64
	RateLimited           int
	// Remaining changes, and the time they take at PerMinute.
	Remaining int
	Estimate  time.Duration
}

// Tick is sent every heartbeat of a long apply: a counter for views that
// cannot redraw a line.
type Tick struct {
	Done, Total int
	Elapsed     time.Duration
}

func (StillRunning) eventName() string { return "still_running" }
func (Paced) eventName() string        { return "paced" }
func (Tick) eventName() string         { return "tick" }

func (r *runner) heartbeat() time.Duration {
	if r.opts.Heartbeat > 0 {
		return r.opts.Heartbeat
	}
	return DefaultHeartbeat
}

// every calls beat every heartbeat from a goroutine until stop is called;
// stop returns once the goroutine is gone, so no beat follows it.
func (r *runner) every(beat func()) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(r.heartbeat())
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				beat()
			}
		}
	}()
	return func() { cancel(); <-finished }
}

// watch emits Tick and, when pacing holds changes back, Paced every
// heartbeat until stop is called.
func (r *runner) watch(done *atomic.Int64, total int) (stop func()) {
	return r.every(func() {
		n := int(done.Load())
		r.emit(Tick{Done: n, Total: total, Elapsed: r.now().Sub(r.started)})
		if p, ok := r.paced(); ok {
			rem := total - n
			r.emit(Paced{PerMinute: p.PerMinute, Configured: p.Configured, RateLimited: p.RateLimited,
				Remaining: rem, Estimate: time.Duration(float64(rem) / p.PerMinute * float64(time.Minute))})
		}
	})
}

// paced returns the write pacing when it is what holds changes back now.
func (r *runner) paced() (api.PaceStatus, bool) {
	pc, ok := r.c.(api.Paced)
	if !ok {
		return api.PaceStatus{}, false
	}
	s := pc.PaceStatus(api.ClassWrite)
	return s, s.Limiting()
}

// stillRunning emits StillRunning every heartbeat until stop is called,
// skipping beats while the pacer holds the apply back.
func (r *runner) stillRunning(address string, action plan.Action) (stop func()) {
	start := time.Now()
	return r.every(func() {
		if _, limited := r.paced(); !limited {
			r.emit(StillRunning{Address: address, Action: action, Elapsed: time.Since(start).Round(time.Second)})
		}
	})
}
