package state

import (
	"errors"
	"runtime"
	"sync"
	"testing"
)

// Calls that arrive while a batch is being committed share the next
// commit, every call hears its batch's outcome, and after Close a call is
// refused and nothing is committed.
func TestGroupCommitSharesCommits(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	var mu sync.Mutex
	var batches [][][]Record
	fail := errors.New("the second batch fails")
	closed := errors.New("closed")
	g := &GroupCommit{Closed: closed, Commit: func(batch [][]Record) error {
		mu.Lock()
		batches = append(batches, batch)
		n := len(batches)
		mu.Unlock()
		if n == 1 {
			close(started)
			<-release
			return nil
		}
		return fail
	}}
	rec := func(serial int64) []Record {
		return []Record{{Kind: KindApplyStart, Apply: &Apply{Serial: serial}}}
	}
	first := make(chan error, 1)
	go func() { first <- g.Enqueue(rec(1)) }()
	<-started
	const n = 5
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- g.Enqueue(rec(int64(i + 2))) }()
	}
	// Wait until the n calls are queued behind the first batch.
	for {
		g.mu.Lock()
		q := len(g.queue)
		g.mu.Unlock()
		if q == n {
			break
		}
		runtime.Gosched()
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first call: %v", err)
	}
	for range n {
		if err := <-errs; !errors.Is(err, fail) {
			t.Fatalf("a call of the second batch heard %v, want its batch's error", err)
		}
	}
	if len(batches) != 2 || len(batches[1]) != n {
		t.Fatalf("batches of %d calls, want 1 then %d", len(batches[len(batches)-1]), n)
	}
	if !g.Close() || g.Close() {
		t.Fatal("Close does not report the first close alone")
	}
	if err := g.Enqueue(rec(9)); !errors.Is(err, closed) {
		t.Fatalf("Enqueue after Close = %v, want %v", err, closed)
	}
	if len(batches) != 2 {
		t.Fatal("a call after Close was committed")
	}
}
