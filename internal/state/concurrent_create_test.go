package state_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"terrarium/internal/state"
)

// Two first applies of a stack start its log at the same moment (both
// planned with no log and open it with Create): one creates the file, the
// other finds it, still empty, between its creation and its init record.
// Both must end with the one log that has one init record, not two init
// records in one file (the second read as an empty log "started again"),
// which left the log corrupt for every later run.
func TestConcurrentCreateWritesOneInit(t *testing.T) {
	for i := range 100 {
		dir := filepath.Join(t.TempDir(), ".terrarium")
		var wg sync.WaitGroup
		logs := make([]*state.Local, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		for g := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				logs[g], errs[g] = state.Open(dir, state.Options{Stack: "s", Create: true})
			}()
		}
		// A reading command (a plan) opens the log meanwhile: it finds no
		// log, or the started one, never an empty one "that holds no
		// record".
		var readErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := state.Open(dir, state.Options{ReadOnly: true})
			if err == nil {
				r.Close()
			}
			readErr = err
		}()
		close(start)
		wg.Wait()
		for g, err := range errs {
			if err != nil {
				t.Fatalf("round %d: open %d: %v", i, g, err)
			}
			// The one that did not create the file waited for its init
			// record: it did not start the log "again".
			if w := logs[g].Warnings(); len(w) > 0 {
				t.Fatalf("round %d: open %d warned: %v", i, g, w)
			}
		}
		if nre := (*state.NoRecordsError)(nil); errors.As(readErr, &nre) || (readErr != nil && !errors.Is(readErr, state.ErrNoState)) {
			t.Fatalf("round %d: a reader meanwhile: %v", i, readErr)
		}
		lin0, lin1 := logs[0].Snapshot().Lineage, logs[1].Snapshot().Lineage
		for _, l := range logs {
			l.Close()
		}
		if lin0 != lin1 {
			t.Fatalf("round %d: the two opens started two lineages, %s and %s", i, lin0, lin1)
		}
		l, err := state.Open(dir, state.Options{})
		if err != nil {
			t.Fatalf("round %d: reopening: %v", i, err)
		}
		n := 0
		if err := l.Records(context.Background(), func(state.Record) error { n++; return nil }); err != nil || n != 1 {
			t.Fatalf("round %d: %d records (%v), want the one init", i, n, err)
		}
		if w := l.Warnings(); len(w) > 0 {
			t.Fatalf("round %d: warnings on reopening: %v", i, w)
		}
		l.Close()
	}
}
