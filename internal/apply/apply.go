package apply

import (
	"context"
	"fmt"
	"sync"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/origin"
	"terrarium/internal/plan"
	"terrarium/internal/state"
)

// DefaultParallelism is how many API calls run at once unless told.
const DefaultParallelism = 10

// Options tune an apply.
type Options struct {
	Parallelism int
	// Lock describes this run to whoever finds the lock held.
	Lock        state.LockInfo
	LockTimeout time.Duration
	// Locked says the caller holds the log's lock already (taken
	// for the plan it applies, see planner.LockPlanned): Run and Settle do
	// not take it.
	Locked bool
	// Actor, Host and git details are recorded on apply_start.
	Actor, Host, GitCommit, GitBranch string
	// Emit receives every event, from one goroutine at a time.
	Emit func(Event)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Heartbeat is how often a long apply reports progress (StillRunning,
	// Tick, Paced); 0 means DefaultHeartbeat.
	Heartbeat time.Duration
	// TrustLive skips re-reading the live environments before applying:
	// for a plan computed moments ago, in the same run. The state log's
	// lineage and serial are still checked.
	TrustLive bool
	// AcceptOrigin lets a run against another origin than the state log's
	// proceed; its records carry the origin marked Accepted.
	AcceptOrigin bool
}

// OriginError refuses to record a run against another origin than the
// state log's own.
type OriginError struct{ Log, Run origin.Origin }

func (e *OriginError) Error() string {
	return fmt.Sprintf("the state log records runs against %s, and this run is against %s: nothing was changed. "+
		"If the log really belongs with this API (a moved endpoint, a renamed workspace), apply again with --accept-origin; the log records that you did",
		e.Log, e.Run)
}

// originLog is a state log whose every appended record carries origin.
type originLog struct {
	state.Log
	origin *origin.Origin
}

func (l originLog) Append(ctx context.Context, recs ...state.Record) error {
	for i := range recs {
		recs[i].Origin = l.origin
	}
	return l.Log.Append(ctx, recs...)
}

// clientOrigin is the origin of a run that talks to c (after c has answered
// at least once), checked against the log's as runOrigin does.
func clientOrigin(c api.Client, snap *state.Snapshot, accept bool) (*origin.Origin, error) {
	o := api.OriginOf(c)
	if o == (origin.Origin{}) {
		return nil, nil // a client that does not know where it talks to
	}
	return runOrigin(&plan.Plan{Origin: &o}, snap, accept)
}

// runOrigin is the origin p's records carry: p's own, marked Accepted when
// it differs from the log's and accept says so; an *OriginError when it
// differs and accept does not.
func runOrigin(p *plan.Plan, snap *state.Snapshot, accept bool) (*origin.Origin, error) {
	if p.Origin == nil {
		return nil, nil
	}
	o := *p.Origin
	if snap.Origin != nil && !snap.Origin.Same(o) {
		if !accept {
			return nil, &OriginError{Log: *snap.Origin, Run: o}
		}
		o.Accepted = true
	}
	return &o, nil
}

// Run applies p. It holds the state lock throughout (or its caller does), refuses a stale plan
// (*StaleError), and journals every API call. Failed changes do not make
// Run return an error: they are in the summary, which is also the last
// event. A cancelled ctx starts no new call; calls in flight finish and are
// recorded.
func Run(ctx context.Context, p *plan.Plan, c api.Client, log state.Log, opts Options) (*Summary, error) {
	unlock, err := lock(ctx, log, opts)
	if err != nil {
		return nil, err
	}
	defer unlock.Unlock()
	// The plan was computed with the log's pending changes settled in
	// memory; record them before anything else.
	if _, err := settleLocked(ctx, c, log); err != nil {
		return nil, err
	}
	snap := log.Snapshot()
	if err := checkFresh(ctx, p, c, snap, opts.TrustLive); err != nil {
		return nil, err
	}
	o, err := runOrigin(p, snap, opts.AcceptOrigin)
	if err != nil {
		return nil, err
	}
	r := newRunner(p, c, log, opts)
	r.j.origin = o
	r.sum.Serial = snap.Serial + 1
	r.j.head = []state.Record{{Kind: state.KindApplyStart, Apply: &state.Apply{
		Serial: r.sum.Serial, Actor: opts.Actor, Host: opts.Host,
		GitCommit: opts.GitCommit, GitBranch: opts.GitBranch, PlanID: p.ID,
	}}}
	if p.Options.RefreshOnly {
		err = r.refresh(context.WithoutCancel(ctx))
	} else {
		r.execute(ctx)
	}
	r.sum.Interrupted = ctx.Err() != nil
	r.sum.Duration = r.now().Sub(r.started)
	if jerr := r.j.close(r.endRecord(err)); err == nil && jerr != nil {
		err = jerr
	}
	if r.sum.Journal = r.j.failure(); r.sum.Journal != nil && !r.sum.Journal.Started {
		r.sum.Serial = snap.Serial // the summary states the serial the log has
	}
	r.emit(r.sum)
	return r.sum, err
}

// lock takes log's lock unless the caller holds it (Options.Locked).
func lock(ctx context.Context, log state.Log, opts Options) (state.Unlocker, error) {
	if opts.Locked {
		return heldByCaller{}, nil
	}
	return log.Lock(ctx, opts.Lock, opts.LockTimeout)
}

// heldByCaller is a lock the caller releases.
type heldByCaller struct{}

func (heldByCaller) Unlock() error { return nil }

// checkFresh refuses a stale plan. The state log's lineage and serial are
// always checked; the live objects are read again and compared unless
// trustLive says the plan was computed from them moments ago (comparing
// the plan's own Before objects with themselves would prove nothing).
func checkFresh(ctx context.Context, p *plan.Plan, c api.Client, snap *state.Snapshot, trustLive bool) error {
	if trustLive {
		return staleError(staleLog(p, snap))
	}
	live, err := plan.Refresh(ctx, c)
	if err != nil {
		return fmt.Errorf("refresh before apply: %w", err)
	}
	return CheckStale(p, snap, live)
}

// runner is the state of one apply.
type runner struct {
	p       *plan.Plan
	c       api.Client
	log     state.Log
	opts    Options
	now     func() time.Time
	started time.Time
	emitMu  sync.Mutex
	sum     *Summary
	j       *journaler
	// slots bounds the API calls in flight (Options.Parallelism).
	slots chan struct{}
}

func newRunner(p *plan.Plan, c api.Client, log state.Log, opts Options) *runner {
	if opts.Parallelism <= 0 {
		opts.Parallelism = DefaultParallelism
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &runner{p: p, c: c, log: log, opts: opts, now: now, started: now(), j: newJournaler(log), slots: make(chan struct{}, opts.Parallelism),
		sum: &Summary{Counts: map[plan.Action]int{}, RefreshOnly: p.Options.RefreshOnly}}
}

func (r *runner) emit(e Event) {
	if r.opts.Emit == nil {
		return
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.opts.Emit(e)
}

// refresh accepts the plan's drift into the state log, changing nothing live.
func (r *runner) refresh(ctx context.Context) error {
	var recs []state.Record
	for _, d := range r.p.Drift {
		recs = append(recs, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: d.Address, Live: d.Live}})
	}
	if len(recs) == 0 {
		return nil
	}
	if err := r.j.append(ctx, recs...); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	r.sum.Refreshed = len(recs)
	return nil
}

func (r *runner) endRecord(err error) state.Record {
	counts := map[string]int{}
	for a, n := range r.sum.Counts {
		counts[string(a)] = n
	}
	if n := len(r.sum.Failed); n > 0 {
		counts["failed"] = n
	}
	if n := len(r.sum.NotAttempted); n > 0 {
		counts["not_attempted"] = n
	}
	if r.sum.Refreshed > 0 {
		counts["refreshed"] = r.sum.Refreshed
	}
	a := &state.Apply{Serial: r.sum.Serial, PlanID: r.p.ID, Summary: counts}
	switch {
	case err != nil:
		a.Error = err.Error()
	case r.sum.Interrupted:
		a.Error = "interrupted"
	case len(r.sum.Failed) > 0:
		a.Error = fmt.Sprintf("%d change(s) failed", len(r.sum.Failed))
	}
	return state.Record{Kind: state.KindApplyEnd, Apply: a}
}
