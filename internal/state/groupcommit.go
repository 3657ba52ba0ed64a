package state

import (
	"context"
	"sync"
	"time"
)

// GroupCommit is the append queue of a backend whose Append calls share
// one commit (a pushed git commit, a PostgreSQL transaction): calls that
// arrive while a batch is being committed join the next batch, which one
// writer goroutine commits and whose outcome answers every call in it.
// Set the exported fields before the first Enqueue; the zero value of the
// rest is ready.
type GroupCommit struct {
	// Commit stores one batch: the records of each call in it, in the
	// order the calls were queued. It runs on the writer goroutine, one
	// batch at a time; its error answers every call of the batch.
	Commit func(batch [][]Record) error
	// Window, when positive, is how long the writer waits for the callers
	// of the last batch to come back with their next records, so that a
	// steady stream of parallel appends shares commits instead of
	// trickling in one by one.
	Window time.Duration
	// Closed is what Enqueue returns after Close.
	Closed error

	mu      sync.Mutex
	queue   []*groupReq
	arrived chan struct{} // signalled when a call is queued
	writing bool          // a writer goroutine is running
	closed  bool
	idle    sync.Cond // broadcast when the writer stops
}

type groupReq struct {
	recs []Record
	done chan error
}

// init readies the zero value; g.mu is held.
func (g *GroupCommit) init() {
	if g.arrived == nil {
		g.arrived = make(chan struct{}, 1)
		g.idle.L = &g.mu
	}
}

// Append is a backend's Append over the queue: nothing to do without
// records, the records refused before they are queued as CheckAppend
// refuses them, else Enqueue.
func (g *GroupCommit) Append(ctx context.Context, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	if err := CheckAppend(ctx, recs); err != nil {
		return err
	}
	return g.Enqueue(recs)
}

// Enqueue queues recs and waits for the outcome of the batch they join.
// Once queued, the records will be committed: there is no context to give
// up with, since a caller that gave up would otherwise be told its records
// were not written when they were.
func (g *GroupCommit) Enqueue(recs []Record) error {
	req := &groupReq{recs: recs, done: make(chan error, 1)}
	g.mu.Lock()
	g.init()
	if g.closed {
		g.mu.Unlock()
		return g.Closed
	}
	g.queue = append(g.queue, req)
	select {
	case g.arrived <- struct{}{}:
	default:
	}
	if !g.writing {
		g.writing = true
		go g.writer()
	}
	g.mu.Unlock()
	return <-req.done
}

// Close refuses further calls and waits until the writer has committed
// what is queued. It reports whether this call closed the queue (false
// when an earlier one did).
func (g *GroupCommit) Close() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.init()
	first := !g.closed
	g.closed = true // no writer starts after this
	for g.writing {
		g.idle.Wait()
	}
	return first
}

// writer commits queued batches until the queue is empty.
func (g *GroupCommit) writer() {
	last := 1
	for {
		g.gather(last)
		g.mu.Lock()
		batch := g.queue
		g.queue = nil
		if len(batch) == 0 {
			g.writing = false
			g.idle.Broadcast()
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		last = len(batch)
		recs := make([][]Record, len(batch))
		for i, r := range batch {
			recs[i] = r.recs
		}
		err := g.Commit(recs)
		for _, r := range batch {
			r.done <- err
		}
	}
}

// gather waits up to Window while fewer calls are queued than the last
// batch held.
func (g *GroupCommit) gather(last int) {
	if g.Window <= 0 {
		return
	}
	deadline := time.Now().Add(g.Window)
	for {
		g.mu.Lock()
		n := len(g.queue)
		g.mu.Unlock()
		wait := time.Until(deadline)
		if n >= last || n == 0 || wait <= 0 {
			return
		}
		select {
		case <-g.arrived:
		case <-time.After(wait):
		}
	}
}
