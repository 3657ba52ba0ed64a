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

// execute runs every step with bounded parallelism in dependency order.
func (r *runner) execute(ctx context.Context) {
	steps := buildSteps(r.p)
	var ready []*step
	for _, s := range steps {
		if s.waiting == 0 {
			ready = append(ready, s)
		}
	}
	sortReady(ready)
	unjournaled := ready // steps whose first intent is not offered yet
	results := make(chan outcome)
	running, done := 0, 0
	total := len(r.p.Changes)
	var settled atomic.Int64
	defer r.watch(&settled, total)()
	for {
		if ctx.Err() == nil && len(unjournaled) > 0 {
			r.prewrite(ctx, unjournaled)
			unjournaled = nil
		}
		for running < r.opts.Parallelism && len(ready) > 0 && ctx.Err() == nil {
			s := ready[0]
			ready = ready[1:]
			running++
			go func() { results <- outcome{s, r.run(ctx, s)} }()
		}
		if running == 0 {
			break
		}
		o := <-results
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
				unjournaled = append(unjournaled, fresh...)
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
	for _, s := range steps {
		if !s.settled && !s.temp {
			s.settled = true
			r.skip(s, "interrupted before it started")
		}
	}
}

// prewrite journals, in one write, the first intents of ready steps not
// offered yet. A failed write only means the steps journal their own
// intents (and meet the same failure there).
func (r *runner) prewrite(ctx context.Context, steps []*step) {
	var fresh []*step
	for _, s := range steps {
		if !s.prewritten {
			s.prewritten = true
			fresh = append(fresh, s)
		}
	}
	if len(fresh) > 0 {
		_ = r.j.prewrite(context.WithoutCancel(ctx), fresh)
	}
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
