package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"terrarium/internal/iostreams"
	"terrarium/internal/state"
)

// apiEnv is a second least-privilege environment block.
const apiEnv = `
environment "api" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.github.com"]
    }
  }
}
`

// applyDeps are the dependencies of an in-process apply against the
// emulator in the working directory.
func applyDeps() (*Deps, *ApplyOptions) {
	ios, _, _, _ := iostreams.Test()
	d := &Deps{IO: ios, Globals: &Globals{Emulator: true}, Getenv: func(string) string { return "" }, Environ: func() []string { return nil }}
	opts := &ApplyOptions{Deps: d, AutoApprove: true}
	opts.lock = lockInfo(d, "apply")
	return d, opts
}

// plannedWithoutLock applies webEnv in a new directory of stack (unless
// first, which leaves the directory without a state log), adds apiEnv to
// the configuration, and plans there (the working directory) as apply
// does first: without the state lock.
func plannedWithoutLock(t *testing.T, stack string, first bool) (string, *Deps, *ApplyOptions, *planned) {
	t.Helper()
	dir := t.TempDir()
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte("terrarium {\n  stack = \""+stack+"\"\n}\n"+text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	changes := 2
	if !first {
		write(webEnv)
		if _, stderr, err := runRoot(t, dir, nil, "apply", "--emulator", "--auto-approve"); err != nil {
			t.Fatalf("first apply: %v\n%s", err, stderr)
		}
		changes = 1
	}
	write(webEnv + apiEnv)
	t.Chdir(dir)
	d, opts := applyDeps()
	pl, err := buildPlan(context.Background(), d, ".", planInputs{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Plan.Changes) != changes || pl.Held != nil || (pl.Plan.Lineage == "") != first {
		t.Fatalf("plan: %d changes, held %v, lineage %q; want %d planned without the lock", len(pl.Plan.Changes), pl.Held, pl.Plan.Lineage, changes)
	}
	return dir, d, opts, pl
}

// An apply plans without the state lock and takes it only once its plan
// has changes. When another apply ran in between, the plan is stale: it
// is computed again under the lock, so what is applied is what the other
// run left to do (here nothing), never the stale plan.
func TestApplyPlansAgainUnderTheLockWhenTheLogMoved(t *testing.T) {
	for _, first := range []bool{false, true} {
		t.Run(map[bool]string{false: "later", true: "first"}[first], func(t *testing.T) {
			plansAgainUnderTheLock(t, first)
		})
	}
}

// plansAgainUnderTheLock is TestApplyPlansAgainUnderTheLockWhenTheLogMoved
// on a stack that has a state log (first false) or has none yet: an
// apply that does not ask creates it when it locks, and a log another
// apply created and wrote meanwhile is planned against again.
func plansAgainUnderTheLock(t *testing.T, first bool) {
	dir, d, opts, pl := plannedWithoutLock(t, "moved", first)
	if _, stderr, err := runRoot(t, dir, nil, "apply", "--emulator", "--auto-approve"); err != nil {
		t.Fatalf("the other apply: %v\n%s", err, stderr)
	}
	t.Chdir(dir) // runRoot's --chdir restored the directory it found
	pl, err := lockPlanned(context.Background(), d, opts, ".", planInputs{}, pl)
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	if !pl.Plan.Empty() || pl.Held == nil {
		t.Fatalf("after locking: %d changes, held %v; want the plan made again under the lock, with nothing to do", len(pl.Plan.Changes), pl.Held)
	}
	if held, err := state.ReadLockInfo(filepath.Join(dir, ".terrarium")); err != nil || held == nil || held.ID != opts.lock.ID {
		t.Fatalf("lock holder = %+v, %v; want this apply's lock %s", held, err, opts.lock.ID)
	}
}

// When nothing moved between the plan and the lock, the plan stands: it
// is not computed again, and the lock is held for its apply.
func TestApplyKeepsItsPlanWhenTheLogDidNotMove(t *testing.T) {
	dir, d, opts, pl := plannedWithoutLock(t, "still", false)
	planned := pl.Plan
	pl, err := lockPlanned(context.Background(), d, opts, ".", planInputs{}, pl)
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	if pl.Plan != planned || pl.Held == nil {
		t.Fatalf("the plan was made again (%v) or the lock not held (%v)", pl.Plan != planned, pl.Held)
	}
	// A second apply finds the lock held, as during a confirmation.
	if _, _, err := runRoot(t, dir, nil, "apply", "--emulator", "--auto-approve"); err == nil {
		t.Fatal("a second apply ran while the first held the lock")
	}
}

// A first apply interrupted while it waits for the lock another apply
// holds has had the stack's state log started meanwhile: it says it
// changed no environment and that the log was started, not that nothing
// was changed.
func TestApplyInterruptedWaitingForTheLockSaysWhatChanged(t *testing.T) {
	dir, d, opts, pl := plannedWithoutLock(t, "waiting", true)
	sd := filepath.Join(dir, ".terrarium")
	started, err := state.Open(sd, state.Options{Stack: "waiting", Create: true}) // by the other apply
	if err != nil {
		t.Fatal(err)
	}
	started.Close()
	other, err := state.LockDir(context.Background(), sd, state.LockInfo{Operation: "apply"}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Ctrl-C while waiting
	_, err = lockPlanned(ctx, d, opts, ".", planInputs{LockTimeout: time.Minute}, pl)
	var li *lockWaitInterrupted
	if !errors.As(err, &li) || !strings.Contains(err.Error(), "interrupted while waiting for the state lock: no environment was changed; the stack's state log was started meanwhile") {
		t.Fatalf("err = %v, want the interrupted lock wait saying the log was started", err)
	}
	if _, err := os.Stat(filepath.Join(sd, state.LogFile)); err != nil {
		t.Fatalf("the state log: %v", err)
	}
}
