package apply

import (
	"context"
	"sort"
	"sync/atomic"
	"time"

	"terrarium/internal/plan"
)

// step is one unit of scheduled work: a change, or the temporary rename
// that parks an environment during a name swap.
type step struct {
	id         string // address, or address + plan.TempStep
	c          *plan.Change
	temp       bool
	waiting    int // unfinished dependencies
	dependents []*step
	settled    bool
	prewritten bool // its first intent was offered to the journal
	writing    bool // and that write is in flight: it cannot start yet
}

type outcome struct {
	s   *step
	err error
}

// buildSteps turns the plan's changes into steps linked by DependsOn.
// Dependencies on changes outside the plan (a -target plan) are dropped.
func buildSteps(p *plan.Plan) []*step {
	byID := map[string]*step{}
	var steps []*step
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.TempName != "" {
			t := &step{id: c.Address + plan.TempStep, c: c, temp: true}
			byID[t.id] = t
			steps = append(steps, t)
		}
		s := &step{id: c.Address, c: c}
		byID[s.id] = s
		steps = append(steps, s)
	}
	for _, s := range steps {
		if s.temp {
			continue
		}
		deps := s.c.DependsOn
		if s.c.TempName != "" {
			deps = append([]string{s.c.Address + plan.TempStep}, deps...)
		}
		for _, d := range deps {
			if t := byID[d]; t != nil {
				t.dependents = append(t.dependents, s)
				s.waiting++
			}
		}
	}
	return steps
}

// priority orders ready steps: parking renames and moves first, so names
// and addresses free up early, then destroys, then everything else.
func priority(s *step) int {
	switch {
	case s.temp:
		return 0
	case s.c.Action == plan.ActionMove || s.c.PrevAddress != "":
		return 1
	case s.c.Action.Destroys():
		return 2
	}
	return 3
}

func sortReady(ready []*step) {
	sort.SliceStable(ready, func(i, j int) bool {
		pi, pj := priority(ready[i]), priority(ready[j])
		if pi != pj {
			return pi < pj
		}
		return ready[i].id < ready[j].id
	})
}

// execute runs every step in dependency order with at most
// Options.Parallelism API calls in flight. A step takes a call slot to
// start, and gives it back as soon as its call has answered: waiting for
// its result to be durable (see journaler) holds no slot, so that the next
// call does not wait on the log's fsync. The first intents of the next
// ready steps (up to twice the parallelism) are journaled ahead, one write
// while the calls before them are in flight, so that a step starts with its
// intent durable and no call waits on an intent's fsync either.
func (r *runner) execute(ctx context.Context) {
	steps := buildSteps(r.p)
	var ready []*step
	for _, s := range steps {
		if s.waiting == 0 {
			ready = append(ready, s)
		}
	}
	sortReady(ready)
	results := make(chan outcome)
	ahead := r.journalAhead(ctx)
	defer ahead.wait()
	var pool workers
	defer pool.stop()
	running, done := 0, 0
	total := len(r.p.Changes)
	var settled atomic.Int64
	defer r.watch(&settled, total)()
	for {
		if ctx.Err() == nil {
			ahead.offer(ready[:min(len(ready), 2*r.opts.Parallelism)])
		}
		var o outcome
		switch {
		case len(ready) > 0 && ctx.Err() == nil && ready[0].writing:
			// Its intent is being written: wait for that, or a result.
			select {
			case <-ahead.written:
				ahead.landed()
				continue
			case <-ctx.Done():
				continue // start nothing more; wait for the steps running
			case o = <-results:
			}
		case len(ready) > 0 && ctx.Err() == nil:
			select {
			case r.slots <- struct{}{}:
				if ctx.Err() != nil { // cancelled while waiting for the slot
					<-r.slots
					continue
				}
				s := ready[0]
				ready = ready[1:]
				s.prewritten = true // a step not offered yet journals its own intent
				running++
				pool.start(func() {
					sl := &slot{free: r.slots, held: true}
					err := r.run(withSlot(ctx, sl), s)
					sl.release()
					results <- outcome{s, err}
				})
				continue
			case <-ahead.written:
				ahead.landed()
				continue
			case <-ctx.Done():
				continue
			case o = <-results:
			}
		case running == 0:
			for _, s := range steps {
				if !s.settled && !s.temp {
					s.settled = true
					r.skip(s, "interrupted before it started")
				}
			}
			return
		default:
			select {
			case <-ahead.written:
				ahead.landed()
				continue
			case o = <-results:
			}
		}
		running--
		o.s.settled = true
		if o.err != nil {
			r.skipDependents(o.s, o.s.c.Address)
		} else {
			var fresh []*step
			for _, d := range o.s.dependents {
				if d.waiting--; d.waiting == 0 && !d.settled {
					fresh = append(fresh, d)
				}
			}
			if len(fresh) > 0 {
				ready = append(ready, fresh...)
				sortReady(ready)
			}
		}
		if !o.s.temp || o.err != nil {
			done++
			settled.Store(int64(done))
			r.emit(Progress{Done: done, Total: total, Elapsed: r.now().Sub(r.started)})
		}
	}
}

// workers runs the steps on goroutines that are kept for the steps after
// them: a step's call goes deep (the SDK, encoding/json, net/http), and a
// new goroutine would grow its stack, copying it, on every step, on the
// path from one call's answer to the next call. Only execute's goroutine
// uses it; the zero value is ready.
type workers struct {
	idle chan func()
}

// start runs f on an idle worker, or on a new one when none is idle.
func (w *workers) start(f func()) {
	if w.idle == nil {
		w.idle = make(chan func())
	}
	select {
	case w.idle <- f:
	default:
		go func() {
			for ; f != nil; f = <-w.idle {
				f()
			}
		}()
	}
}

// stop ends the idle workers, once every step started has finished.
func (w *workers) stop() {
	if w.idle != nil {
		close(w.idle)
	}
}

// ahead journals the first intents of ready steps ahead of their calls,
// one write at a time in the background. Only execute's goroutine uses it.
type ahead struct {
	ctx     context.Context
	j       *journaler
	batch   []*step       // the steps of the write in flight
	written chan struct{} // receives when it is done
}

func (r *runner) journalAhead(ctx context.Context) *ahead {
	return &ahead{ctx: context.WithoutCancel(ctx), j: r.j, written: make(chan struct{}, 1)}
}

// offer starts a write of the first intents of the steps given that were
// not offered yet, unless a write is in flight (the next call offers them).
// A failed write only means the steps journal their own intents (and meet
// the same failure there).
func (a *ahead) offer(steps []*step) {
	if a.batch != nil {
		return
	}
	for _, s := range steps {
		if !s.prewritten {
			s.prewritten, s.writing = true, true
			a.batch = append(a.batch, s)
		}
	}
	if a.batch == nil {
		return
	}
	batch := a.batch
	go func() {
		_ = a.j.prewrite(a.ctx, batch)
		a.written <- struct{}{}
	}()
}

// landed marks the steps of the write that has finished as startable.
func (a *ahead) landed() {
	for _, s := range a.batch {
		s.writing = false
	}
	a.batch = nil
}

// wait waits for the write in flight, if any, so that the journal is not
// closed under it: its intents are then left for close to settle as not
// sent.
func (a *ahead) wait() {
	if a.batch != nil {
		<-a.written
		a.landed()
	}
}

// slot is a step's hold on one of the apply's call slots (runner.slots):
// taken to make an API call, given back when the call has answered.
type slot struct {
	free chan struct{}
	held bool
}

func (s *slot) acquire() {
	if s != nil && !s.held {
		s.free <- struct{}{}
		s.held = true
	}
}

func (s *slot) release() {
	if s != nil && s.held {
		<-s.free
		s.held = false
	}
}

type slotKey struct{}

func withSlot(ctx context.Context, s *slot) context.Context {
	return context.WithValue(ctx, slotKey{}, s)
}

// slotOf is the step's slot; nil (no bound) outside execute.
func slotOf(ctx context.Context) *slot {
	s, _ := ctx.Value(slotKey{}).(*slot)
	return s
}

// call runs one API call of a step holding one of the call slots.
func call[T any](ctx context.Context, f func() (T, error)) (T, error) {
	s := slotOf(ctx)
	s.acquire()
	defer s.release()
	return f()
}

// skipDependents marks everything waiting on a failed step as not attempted.
func (r *runner) skipDependents(failed *step, cause string) {
	for _, d := range failed.dependents {
		if d.settled {
			continue
		}
		d.settled = true
		if d.c.Address != failed.c.Address { // a change's own later step is part of its failure
			r.skip(d, "depends on "+cause+", which failed")
		}
		r.skipDependents(d, cause)
	}
}

func (r *runner) skip(s *step, reason string) {
	r.record(func() {
		r.sum.NotAttempted = append(r.sum.NotAttempted, Skip{Address: s.c.Address, Action: s.c.Action, Reason: reason})
	})
	r.emit(ChangeSkipped{Address: s.c.Address, Action: s.c.Action, Reason: reason})
}

// run performs one step and reports it.
func (r *runner) run(ctx context.Context, s *step) error {
	stepName := ""
	if s.temp {
		stepName = "temp-rename"
	}
	r.emit(ChangeStarted{Address: s.c.Address, Action: s.c.Action, Step: stepName})
	t := time.Now()
	stop := r.stillRunning(s.c.Address, s.c.Action)
	id, err := r.perform(ctx, s)
	stop()
	if err != nil {
		f := failureOf(s.c, err)
		r.emit(ChangeFailed{Address: f.Address, Action: f.Action, Step: stepName, Code: f.Code, RequestID: f.RequestID, Message: f.Message})
		r.record(func() { r.sum.Failed = append(r.sum.Failed, f) })
		return err
	}
	r.emit(ChangeCompleted{Address: s.c.Address, Action: s.c.Action, Step: stepName, ID: id, Duration: time.Since(t)})
	if !s.temp {
		r.record(func() {
			r.sum.Counts[s.c.Action]++
			r.sum.Succeeded = append(r.sum.Succeeded, s.c.Address)
		})
	}
	return nil
}

// record mutates the summary under the emit lock (workers run in parallel).
func (r *runner) record(f func()) {
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	f()
}
