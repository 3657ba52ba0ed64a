package planner

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"terrarium/internal/state"
)

// LockPlanned keeps a plan whose log did not move, reports one whose log
// moved, and fails, holding nothing, while another writer holds the lock.
func TestLockPlannedComparesTheHeadUnderTheLock(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n" + limitedEnv})
	dir := filepath.Join(h.dir, state.DefaultDir)
	w, err := state.Open(dir, state.Options{Stack: "demo", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	res, diags, err := Run(context.Background(), h.request())
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	defer res.Close()
	if res.Head != w.Head() || res.Head.Seq != 1 {
		t.Fatalf("plan head %+v, log head %+v", res.Head, w.Head())
	}
	open := func() state.Log {
		t.Helper()
		l, err := state.Open(dir, state.Options{Stack: "demo"})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	ctx := context.Background()

	held, current, err := LockPlanned(ctx, open(), res.Head, state.LockInfo{ID: "a", Operation: "apply"}, 0)
	if err != nil || !current {
		t.Fatalf("unmoved log: current %v, %v", current, err)
	}
	l2 := open()
	defer l2.Close()
	if _, _, err := LockPlanned(ctx, l2, res.Head, state.LockInfo{ID: "b", Operation: "apply"}, 0); !errors.As(err, new(*state.LockedError)) {
		t.Fatalf("second writer: %v, want the lock held", err)
	}
	held.Release()
	// A plan made before the log existed stands on a log of its init
	// record alone.
	held, current, err = LockPlanned(ctx, open(), state.Chain{}, state.LockInfo{ID: "d", Operation: "apply"}, 0)
	if err != nil || !current {
		t.Fatalf("no-log plan on a log of its init record: current %v, %v", current, err)
	}
	held.Release()

	if err := w.Append(ctx, state.Record{Kind: state.KindApplyStart, Apply: &state.Apply{}}); err != nil {
		t.Fatal(err)
	}
	held, current, err = LockPlanned(ctx, open(), res.Head, state.LockInfo{ID: "c", Operation: "apply"}, 0)
	if err != nil || current {
		t.Fatalf("moved log: current %v, %v; want not current", current, err)
	}
	held.Release()
	held.Release() // a second Release does nothing
	held, current, err = LockPlanned(ctx, open(), state.Chain{}, state.LockInfo{ID: "e", Operation: "apply"}, 0)
	if err != nil || current {
		t.Fatalf("no-log plan on a log with records: current %v, %v; want not current", current, err)
	}
	held.Release()
}

// Opened is called once, with the log the plan reads; a failing Opened
// stops the plan, and is told once more, with nil, that no log was read.
func TestRunCallsOpenedWithTheLogItReads(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n" + limitedEnv})
	w, err := state.Open(filepath.Join(h.dir, state.DefaultDir), state.Options{Stack: "demo", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	var calls []state.Log
	req := h.request()
	req.Opened = func(l state.Log) error { calls = append(calls, l); return nil }
	res, diags, err := Run(context.Background(), req)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	res.Close()
	if len(calls) != 1 || calls[0] == nil {
		t.Fatalf("Opened calls %v, want one with the log", calls)
	}

	calls = nil
	refused := errors.New("cannot read it")
	req.Opened = func(l state.Log) error {
		calls = append(calls, l)
		if l != nil {
			return refused
		}
		return nil
	}
	if _, _, err := Run(context.Background(), req); !errors.Is(err, refused) {
		t.Fatalf("err = %v, want Opened's", err)
	}
	if len(calls) != 2 || calls[0] == nil || calls[1] != nil {
		t.Fatalf("Opened calls %v, want the log, then nil", calls)
	}
}
