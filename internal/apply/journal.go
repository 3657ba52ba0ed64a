package apply

import (
	"context"
	"fmt"
	"sync"

	"terrarium/internal/ids"
	"terrarium/internal/origin"
	"terrarium/internal/plan"
	"terrarium/internal/state"
)

// The journal keeps the state log ahead of the API calls without making
// every call wait for its own fsync:
//
//   - The intents of the first calls of the next ready steps (up to twice
//     the parallelism) are appended together, in one durable write, while
//     the calls before them are in flight; a step starts only once its
//     intent's write has returned (see ahead). An intent is thus on disk
//     before its call, as the log's contract requires, and no call waits
//     on an fsync; a step that never runs gets a "not sent" result at the
//     end, or, after a crash, is settled against the live objects.
//   - Results are handed to one writer goroutine that appends whatever has
//     queued up in a single write; each worker waits for its own result to
//     be durable before it reports the change complete, so no success line
//     claims a record the log does not have, while parallel workers still
//     share one write and one sync. A result lost to a crash or a failed
//     write leaves its intent pending, which the next refresh settles
//     against the live objects (state.Settle). The call's slot is free
//     while it waits (see execute).

// journaler is the apply's asynchronous result writer and its intent book.
type journaler struct {
	log   state.Log
	queue chan queued
	done  chan struct{}

	// head (apply_start) rides with the first append, which every other
	// append waits for: it is durable before any intent.
	head []state.Record
	// origin, when set, is stamped on every record of the run.
	origin    *origin.Origin
	once      sync.Once
	headTried bool
	headErr   error

	mu  sync.Mutex
	err error                         // first failed append
	pre map[*plan.Change]state.Intent // written, not yet used
	// lost lists the addresses of results whose append failed: calls
	// that were made, their intents durable, their outcomes not.
	lost []string
}

func newJournaler(log state.Log) *journaler {
	j := &journaler{log: log, queue: make(chan queued, 1024), done: make(chan struct{}), pre: map[*plan.Change]state.Intent{}}
	go j.write()
	return j
}

// write appends queued results, as many per write as have queued up.
func (j *journaler) write() {
	defer close(j.done)
	ctx := context.Background()
	for q := range j.queue {
		batch := []queued{q}
	more:
		for {
			select {
			case q, ok := <-j.queue:
				if !ok {
					break more
				}
				batch = append(batch, q)
			default:
				break more
			}
		}
		recs := make([]state.Record, len(batch))
		for i, q := range batch {
			recs[i] = q.rec
		}
		err := j.append(ctx, recs...)
		if err != nil {
			j.fail(err)
			j.mu.Lock()
			for _, q := range batch {
				j.lost = append(j.lost, q.rec.Result.Address)
			}
			j.mu.Unlock()
		}
		for _, q := range batch {
			q.done <- err
		}
	}
}

// queued is a result waiting for the writer, and where to say it is durable.
type queued struct {
	rec  state.Record
	done chan error
}

// started reports whether the head (apply_start) is durable. Call it
// after close.
func (j *journaler) started() bool {
	return j.headTried && j.headErr == nil
}

// failure describes what a failed append left unrecorded, or nil.
func (j *journaler) failure() *JournalFailure {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		return nil
	}
	return &JournalFailure{Err: j.err.Error(), Started: j.started(), Unrecorded: append([]string{}, j.lost...)}
}

// append writes recs, preceded by the head on the first call.
func (j *journaler) append(ctx context.Context, recs ...state.Record) error {
	if j.origin != nil {
		for i := range recs {
			recs[i].Origin = j.origin
		}
	}
	first := false
	j.once.Do(func() {
		for i := range j.head {
			j.head[i].Origin = j.origin
		}
		first, j.headTried = true, true
		j.headErr = j.log.Append(ctx, append(append([]state.Record{}, j.head...), recs...)...)
	})
	switch {
	case first || j.headErr != nil:
		return j.headErr
	case len(recs) == 0:
		return nil
	}
	return j.log.Append(ctx, recs...)
}

func (j *journaler) fail(err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		j.err = fmt.Errorf("journal: %w", err)
	}
}

// result queues a result record and waits until it is durable (or its
// write failed).
func (j *journaler) result(res *state.Result) error {
	done := make(chan error, 1)
	j.queue <- queued{rec: state.Record{Kind: state.KindResult, Result: res}, done: done}
	return <-done
}

// prewrite appends, in one write, the first intent of every step given that
// has a predictable first call.
func (j *journaler) prewrite(ctx context.Context, steps []*step) error {
	var recs []state.Record
	var fresh []state.Intent
	var changes []*plan.Change
	j.mu.Lock()
	for _, s := range steps {
		in, ok := firstIntent(s)
		if _, done := j.pre[s.c]; !ok || done {
			continue
		}
		in.ID = ids.New("int_")
		recs = append(recs, state.Record{Kind: state.KindIntent, Intent: &in})
		fresh = append(fresh, in)
		changes = append(changes, s.c)
	}
	j.mu.Unlock()
	if len(recs) == 0 {
		return nil
	}
	if err := j.append(ctx, recs...); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, c := range changes {
		j.pre[c] = fresh[i]
	}
	return nil
}

// take returns the prewritten intent matching in, if any, and forgets it.
func (j *journaler) take(c *plan.Change, in state.Intent) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.pre[c]
	if !ok || p.Op != in.Op || p.Address != in.Address || p.EnvID != in.EnvID {
		return "", false
	}
	delete(j.pre, c)
	return p.ID, true
}

// close waits for every queued result, then writes "not sent" results for
// prewritten intents whose calls never went out, and tail (apply_end) in
// one last append. It returns the first journal error.
func (j *journaler) close(tail ...state.Record) error {
	close(j.queue)
	<-j.done
	j.mu.Lock()
	left := j.pre
	j.pre = map[*plan.Change]state.Intent{}
	j.mu.Unlock()
	var recs []state.Record
	for _, in := range left {
		recs = append(recs, state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: in.ID, Outcome: state.OutcomeNotSent,
			Error: &state.ErrorInfo{Message: "not sent: the apply stopped before this call"}}})
	}
	if err := j.append(context.Background(), append(recs, tail...)...); err != nil {
		j.fail(err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err
}

// firstIntent is the intent of a step's first API call when it can be known
// in advance: a plain create, update, move, forget, archive or delete.
// Steps that start with a rename (swaps, parking) journal as they go.
func firstIntent(s *step) (state.Intent, bool) {
	c := s.c
	if s.temp || c.TempName != "" || c.ParkName != "" {
		return state.Intent{}, false
	}
	in := state.Intent{Address: c.Address, EnvID: c.EnvID, Spec: c.After, PreventDestroy: c.PreventDestroy, Sensitive: c.Sensitive}
	switch c.Action {
	case plan.ActionCreate:
		in.Op, in.EnvID = state.OpCreate, ""
	case plan.ActionUpdate:
		in.Op = state.OpUpdate
		if c.PrevAddress != "" {
			in.Op, in.From = state.OpMove, c.PrevAddress
		}
	case plan.ActionMove:
		in.Op, in.From = state.OpMove, c.PrevAddress
	case plan.ActionForget:
		in.Op = state.OpForget
	case plan.ActionArchive:
		in.Op, in.Spec, in.PreventDestroy = state.OpArchive, nil, false
	case plan.ActionDelete:
		in.Op, in.Spec, in.PreventDestroy = state.OpDelete, nil, false
	default:
		return state.Intent{}, false
	}
	return in, true
}
