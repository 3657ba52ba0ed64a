package state_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"terrarium/internal/state"
)

func TestLockHeldFailsFastWithHolder(t *testing.T) {
	l := open(t, fixtureDir(t), state.Options{})
	ctx := context.Background()
	held, err := l.Lock(ctx, state.LockInfo{Who: "alice", Host: "host", PID: 123, Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := state.ReadLockInfo(l.Dir())
	if info == nil || info.Who != "alice" || info.ID == "" {
		t.Fatalf("lock.json = %+v", info)
	}
	if fi, _ := os.Stat(filepath.Join(l.Dir(), state.LockFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("lock.json mode %v", fi.Mode().Perm())
	}
	waiting := lockWaited(t)
	_, err = l.Lock(ctx, state.LockInfo{Operation: "plan"}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || le.Stale {
		t.Fatalf("second lock: %v", err)
	}
	want := "state is locked by alice@host pid 123 since "
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "for apply (lock id "+info.ID+")") {
		t.Errorf("message %q", err)
	}
	select {
	case <-waiting:
		t.Fatal("a Lock without a timeout waited instead of failing fast")
	default:
	}
	// Waiting: the holder releases once the second writer has found the
	// lock held and waits; the second writer then gets it.
	go func() { <-waiting; held.Unlock() }()
	h2, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, time.Minute)
	if err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	select {
	case <-waiting:
	default:
		t.Fatal("the second Lock returned while the first still held the lock")
	}
	if err := h2.Unlock(); err != nil {
		t.Fatal(err)
	}
	if info, _ := state.ReadLockInfo(l.Dir()); info != nil {
		t.Errorf("lock.json left behind: %+v", info)
	}
}

// A lock held with no holder info written is tried again for a moment
// before it is reported: a child process this one was starting held a copy
// of the lock's descriptor until its exec, and an apply that released its
// plan's lock and took it again at once was refused by nobody. A holder
// that stays is reported, as not having written its info yet.
func TestLockTriesAnUnnamedHolderAgain(t *testing.T) {
	l := open(t, fixtureDir(t), state.Options{})
	ctx := context.Background()
	release, err := state.TryOSLock(l.Dir())
	if err != nil || release == nil {
		t.Fatalf("taking the OS lock: %v", err)
	}
	var once sync.Once
	state.OnLockWaiting(t, func() { once.Do(release) }) // gone once the Lock looks again
	h, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	if err != nil {
		t.Fatalf("lock after an unnamed holder left: %v", err)
	}
	if err := h.Unlock(); err != nil {
		t.Fatal(err)
	}

	release, err = state.TryOSLock(l.Dir())
	if err != nil || release == nil {
		t.Fatalf("taking the OS lock: %v", err)
	}
	defer release()
	state.OnLockWaiting(t, func() {})
	_, err = l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "its holder info is not written yet") {
		t.Fatalf("a holder that stays: %v", err)
	}
}

// lockWaited returns a channel closed the first time a Lock with a timeout
// finds the lock held and starts to wait for it.
func lockWaited(t *testing.T) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	state.OnLockWaiting(t, func() { once.Do(func() { close(ch) }) })
	return ch
}

func TestStaleLockAndForceUnlock(t *testing.T) {
	l := open(t, fixtureDir(t), state.Options{})
	host, _ := os.Hostname()
	dead := state.LockInfo{ID: "dead-1", Who: "carol", Host: host, PID: 1 << 30, Operation: "apply", Created: time.Now()}
	data, _ := json.Marshal(dead)
	os.WriteFile(filepath.Join(l.Dir(), state.LockFile), data, 0o600)

	_, err := l.Lock(context.Background(), state.LockInfo{}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || !le.Stale || !le.Gone {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "terrarium force-unlock dead-1") {
		t.Errorf("no hint: %v", err)
	}
	if _, err := l.ForceUnlock("wrong"); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("wrong id: %v", err)
	}
	if _, err := l.ForceUnlock("dead-1"); err != nil {
		t.Fatal(err)
	}
	h, err := l.Lock(context.Background(), state.LockInfo{}, 0)
	if err != nil {
		t.Fatalf("after force-unlock: %v", err)
	}
	defer h.Unlock()
	id := h.(*state.HeldLock).Info().ID
	if _, err := l.ForceUnlock(id); err == nil || !strings.Contains(err.Error(), "running process") {
		t.Fatalf("force-unlock of a live lock: %v", err)
	}
}

func TestLockCatchesUpWithOtherWriters(t *testing.T) {
	dir := fixtureDir(t)
	a := open(t, dir, state.Options{})
	b := open(t, dir, state.Options{})
	ctx := context.Background()
	rec := state.Record{Kind: state.KindForget, Env: &state.EnvRecord{Address: "environment.legacy"}}
	if err := b.Append(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Snapshot().Resources["environment.legacy"]; !ok {
		t.Fatal("a saw b's append before locking")
	}
	h, err := a.Lock(ctx, state.LockInfo{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Unlock()
	if _, ok := a.Snapshot().Resources["environment.legacy"]; ok {
		t.Error("Lock did not read b's append")
	}
	// a's next append continues b's chain instead of forking it.
	if err := a.Append(ctx, state.Record{Kind: state.KindForget, Env: &state.EnvRecord{Address: "environment.python_dev"}}); err != nil {
		t.Fatal(err)
	}
	if rep, err := state.Verify(ctx, a.Path()); err != nil || rep.Bad != nil {
		t.Fatalf("%+v %v", rep.Bad, err)
	}
}
