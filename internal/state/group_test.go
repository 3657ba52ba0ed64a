package state_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"terrarium/internal/state"
)

// appendConcurrently has writers goroutines append perWriter intent records
// each and returns the log.
func appendConcurrently(t testing.TB, writers, perWriter int) *state.Local {
	dir := filepath.Join(t.TempDir(), ".terrarium")
	l := open(t, dir, state.Options{Stack: "s", Create: true})
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				rec := state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: fmt.Sprintf("w%d-%d", w, i), Op: state.OpUpdate, Address: fmt.Sprintf("environment.e%d", w)}}
				if err := l.Append(context.Background(), rec); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return l
}

func TestGroupCommitLosesNothing(t *testing.T) {
	const writers, per = 10, 100
	l := appendConcurrently(t, writers, per)
	syncs := l.Fsyncs()
	seen := map[string]bool{}
	var last int64
	err := l.Records(context.Background(), func(r state.Record) error {
		if r.Seq != last+1 {
			return fmt.Errorf("seq %d after %d", r.Seq, last)
		}
		last = r.Seq
		if r.Intent != nil {
			seen[r.Intent.ID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != writers*per {
		t.Fatalf("%d intents written, want %d", len(seen), writers*per)
	}
	if got := len(l.Snapshot().Pending); got != writers*per {
		t.Fatalf("%d pending, want %d", got, writers*per)
	}
	// One sync for the init record, then far fewer than one per append.
	t.Logf("%d appends, %d fsyncs", writers*per, syncs)
	if syncs > writers*per/3 {
		t.Errorf("%d fsyncs for %d appends: group commit is not batching", syncs, writers*per)
	}
	l.Close()
	l2 := open(t, l.Dir(), state.Options{})
	if !sameJSON(l2.Snapshot(), l.Snapshot()) {
		t.Errorf("reloaded state differs")
	}
}

// Close while appends are in flight: every Append either lands or says the
// log is closed; nothing hangs, and what landed is a valid chain.
func TestCloseDuringAppends(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".terrarium")
	l, err := state.Open(dir, state.Options{Stack: "s", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var landed atomic.Int64
	inFlight := make(chan struct{}) // closed once appends are landing
	for w := range 20 {
		wg.Go(func() {
			for i := 0; ; i++ {
				rec := state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: fmt.Sprintf("w%d-%d", w, i), Op: state.OpCreate, Address: "environment.x"}}
				if err := l.Append(context.Background(), rec); err != nil {
					if !strings.Contains(err.Error(), "closed") {
						t.Errorf("append: %v", err)
					}
					return
				}
				if landed.Add(1) == 40 { // exactly one writer sees 40
					close(inFlight)
				}
			}
		})
	}
	<-inFlight
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	rep, err := state.Verify(context.Background(), filepath.Join(dir, state.LogFile))
	if err != nil || rep.Bad != nil {
		t.Fatalf("%+v %v", rep, err)
	}
	if rep.Records != landed.Load()+1+int64(rep.Checkpoints) {
		t.Errorf("%d records for %d appends", rep.Records, landed.Load())
	}
}
