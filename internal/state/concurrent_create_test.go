package state_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

// A first apply that finds the state lock held by another run, with no
// log yet, is refused and creates nothing: it left an empty state.jsonl
// that every later run read as a log that holds no record ("State log
// holds no record", "State log started again").
func TestCreateRefusedUnderHeldLockCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".terrarium")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	held, err := state.LockDir(context.Background(), dir, state.LockInfo{Who: "bob", Host: "h", PID: 7, Operation: "apply"}, 0, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = state.Open(dir, state.Options{Stack: "s", Create: true})
	if err == nil || !strings.Contains(err.Error(), "created nothing") || !strings.Contains(err.Error(), "bob@h pid 7") {
		t.Fatalf("open under a held lock: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, state.LogFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused open left %s behind (%v)", state.LogFile, err)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	l, err := state.Open(dir, state.Options{Stack: "s", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if w := l.Warnings(); len(w) > 0 {
		t.Fatalf("the next first apply warned: %v", w)
	}
}

// A first apply killed between the log file's creation and its init
// record (SIGKILL: the OS lock goes with the process) leaves an empty
// file. A reading command says it holds no record, at once; the next
// first apply starts it, with no manual step, saying it was empty.
func TestCreateKilledBeforeInitRecovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".terrarium")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{state.LogFile, state.OSLockFile} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := state.Open(dir, state.Options{ReadOnly: true})
	if nre := (*state.NoRecordsError)(nil); !errors.As(err, &nre) {
		t.Fatalf("reading the empty log: %v, want a *NoRecordsError", err)
	}
	l, err := state.Open(dir, state.Options{Stack: "s", Create: true})
	if err != nil {
		t.Fatalf("the next first apply: %v", err)
	}
	defer l.Close()
	if w := l.Warnings(); len(w) != 1 || !strings.Contains(w[0].Detail, "was empty") {
		t.Fatalf("the next first apply warned %v, want that the log was empty", w)
	}
	if l.Snapshot().Stack != "s" {
		t.Fatalf("stack %q", l.Snapshot().Stack)
	}
}
