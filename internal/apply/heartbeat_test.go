package apply

import (
	"context"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/schema"
)

// blockingAPI holds every create until release is closed, and reports a
// pace that holds writes back while paced is set.
type blockingAPI struct {
	*plantest.API
	release chan struct{}
	paced   bool
}

func (b *blockingAPI) Create(ctx context.Context, spec schema.EnvSpec) (schema.LiveEnv, error) {
	<-b.release
	return b.API.Create(ctx, spec)
}

func (b *blockingAPI) PaceStatus(c api.Class) api.PaceStatus {
	if !b.paced {
		return api.PaceStatus{Class: c}
	}
	return api.PaceStatus{Class: c, Configured: 60, PerMinute: 45, RateLimited: 2, Waiting: 1}
}

// runBlocked applies a two-create plan whose creates block, and returns
// the events emitted up to and including the first event want accepts,
// then lets the creates finish.
func runBlocked(t *testing.T, paced bool, want func(Event) bool) []Event {
	t.Helper()
	f := newFixture()
	p := f.plan(t, plantest.Config(plantest.Env("a"), plantest.Env("b")))
	b := &blockingAPI{API: f.api, release: make(chan struct{}), paced: paced}
	events := make(chan Event, 1000)
	done := make(chan *Summary)
	go func() {
		sum, err := Run(context.Background(), p, b, f.log, Options{Parallelism: 4, Heartbeat: time.Millisecond, Emit: func(e Event) { events <- e }})
		if err != nil {
			t.Error(err)
		}
		done <- sum
	}()
	var seen []Event
	for e := range events {
		seen = append(seen, e)
		if want(e) {
			break
		}
	}
	close(b.release)
	go func() { // keep Emit from blocking until Run returns
		for range events {
		}
	}()
	sum := <-done
	close(events)
	if !sum.OK() {
		t.Fatalf("apply: %+v", sum)
	}
	return seen
}

// A call in flight says "still creating" every heartbeat.
func TestHeartbeatReportsACallInFlight(t *testing.T) {
	seen := runBlocked(t, false, func(e Event) bool { _, ok := e.(StillRunning); return ok })
	sr := seen[len(seen)-1].(StillRunning)
	if sr.Action != plan.ActionCreate || (sr.Address != "environment.a" && sr.Address != "environment.b") {
		t.Fatalf("still running: %+v", sr)
	}
	for _, e := range seen {
		if _, ok := e.(Paced); ok {
			t.Fatal("paced without pacing")
		}
	}
}

// When the pace holds writes back, the apply says so with an estimate
// instead of "still creating" for every waiting change.
func TestHeartbeatReportsThePace(t *testing.T) {
	seen := runBlocked(t, true, func(e Event) bool { _, ok := e.(Paced); return ok })
	pc := seen[len(seen)-1].(Paced)
	remaining := 2.0
	if pc.PerMinute != 45 || pc.Configured != 60 || pc.RateLimited != 2 || pc.Remaining != 2 || pc.Estimate != time.Duration(remaining/45*float64(time.Minute)) {
		t.Fatalf("paced: %+v", pc)
	}
	for _, e := range seen {
		if _, ok := e.(StillRunning); ok {
			t.Fatal("still running while the pace holds the apply back")
		}
	}
}
