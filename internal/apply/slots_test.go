package apply

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

// gatedLog holds every append of a result until gate is closed.
type gatedLog struct {
	*plantest.Log
	gate chan struct{}
}

func (g *gatedLog) Append(ctx context.Context, recs ...state.Record) error {
	for _, r := range recs {
		if r.Kind == state.KindResult {
			<-g.gate
			break
		}
	}
	return g.Log.Append(ctx, recs...)
}

// countingAPI counts the creates in flight and the most seen at once, and
// closes second when the second create starts. With log, it records in
// unjournaled every create whose intent log does not hold yet.
type countingAPI struct {
	*plantest.API
	now, most, calls atomic.Int64
	second           chan struct{}
	log              *plantest.Log
	mu               sync.Mutex
	unjournaled      []string
}

func (c *countingAPI) Create(ctx context.Context, spec schema.EnvSpec) (schema.LiveEnv, error) {
	if c.log != nil && !openIntent(c.log.All(), "environment."+spec.Name) {
		c.mu.Lock()
		c.unjournaled = append(c.unjournaled, spec.Name)
		c.mu.Unlock()
	}
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for {
		m := c.most.Load()
		if n <= m || c.most.CompareAndSwap(m, n) {
			break
		}
	}
	if c.calls.Add(1) == 2 && c.second != nil {
		close(c.second)
	}
	return c.API.Create(ctx, spec)
}

// openIntent reports whether recs hold a create intent for address with
// no result yet.
func openIntent(recs []state.Record, address string) bool {
	open := false
	var id string
	for _, r := range recs {
		switch {
		case r.Kind == state.KindIntent && r.Intent.Address == address && r.Intent.Op == state.OpCreate:
			open, id = true, r.Intent.ID
		case r.Kind == state.KindResult && open && r.Result.IntentID == id:
			open = false
		}
	}
	return open
}

func envs(n int) *schema.Config {
	var es []*schema.Environment
	for i := range n {
		es = append(es, plantest.Env(fmt.Sprintf("e%02d", i)))
	}
	return plantest.Config(es...)
}

// With parallelism 1, the second call goes out while the first call's
// result is still being made durable: the call slot is free once the API
// has answered. (Were it held until the result is durable, this test would
// never finish: the result's append waits for the second call.)
func TestNextCallDoesNotWaitForTheResultWrite(t *testing.T) {
	f := newFixture()
	p := f.plan(t, envs(2))
	a := &countingAPI{API: f.api, second: make(chan struct{})}
	log := &gatedLog{Log: f.log, gate: make(chan struct{})}
	go func() {
		<-a.second
		close(log.gate)
	}()
	var mu sync.Mutex
	var order []string
	sum, err := Run(context.Background(), p, a, log, Options{Parallelism: 1, Emit: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e := e.(type) {
		case ChangeStarted:
			order = append(order, "start "+e.Address)
		case ChangeCompleted:
			order = append(order, "done "+e.Address)
		}
	}})
	if err != nil || !sum.OK() || sum.Counts[plan.ActionCreate] != 2 {
		t.Fatalf("apply: %v %+v", err, sum)
	}
	if a.most.Load() != 1 {
		t.Errorf("%d calls were in flight at once with parallelism 1", a.most.Load())
	}
	// No change is reported complete before its result is durable, which
	// here is after the second one started.
	if order[0] != "start environment.e00" || order[1] != "start environment.e01" {
		t.Errorf("events %q", order)
	}
	if len(f.log.Snapshot().Pending) != 0 || len(f.log.Snapshot().Resources) != 2 {
		t.Error("an intent was left pending")
	}
	assertJournalOrder(t, f.log.All())
}

// However the calls and the journal's writes (ahead of the calls)
// interleave, no more calls than the parallelism are in flight, every
// intent is journaled once and is in the log before its call goes out, and
// nothing is left pending.
func TestParallelismBoundsTheCallsInFlight(t *testing.T) {
	for _, par := range []int{1, 3, 10} {
		f := newFixture()
		p := f.plan(t, envs(40))
		a := &countingAPI{API: f.api, log: f.log}
		sum, err := Run(context.Background(), p, a, f.log, Options{Parallelism: par})
		if err != nil || !sum.OK() || sum.Counts[plan.ActionCreate] != 40 {
			t.Fatalf("parallelism %d: %v %+v", par, err, sum)
		}
		if got := a.most.Load(); got > int64(par) {
			t.Errorf("parallelism %d: %d calls in flight at once", par, got)
		}
		if len(a.unjournaled) > 0 {
			t.Errorf("parallelism %d: created before their intent was in the log: %v", par, a.unjournaled)
		}
		intents := 0
		for _, r := range f.log.All() {
			if r.Kind == state.KindIntent {
				intents++
			}
		}
		if intents != 40 || len(f.log.Snapshot().Pending) != 0 {
			t.Errorf("parallelism %d: %d intents for 40 creates, %d pending", par, intents, len(f.log.Snapshot().Pending))
		}
		assertJournalOrder(t, f.log.All())
	}
}
