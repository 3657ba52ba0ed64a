package pgstate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
)

func TestLockFailFastAndWait(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	a, b := openLog(t, cfg, "l"), openLog(t, cfg, "l")
	ua, err := a.Lock(ctx, state.LockInfo{Who: "alice", Host: "runner-1", PID: 41, Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Lock(ctx, state.LockInfo{Who: "bob"}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || le.Info.ID == "" || le.Info.Who != "alice" || le.Info.PID != 41 {
		t.Fatalf("err = %v, want locked by alice", err)
	}
	var idle string
	if err := ua.(*unlocker).conn.QueryRow(ctx, `SHOW tcp_keepalives_idle`).Scan(&idle); err != nil || idle != "30" {
		t.Fatalf("lock connection keepalive idle = %q, %v; want 30", idle, err)
	}
	if !strings.Contains(err.Error(), "for apply") {
		t.Fatalf("message lacks the holder: %v", err)
	}
	// Another stack is not locked.
	c := openLog(t, cfg, "other")
	uc, err := c.Lock(ctx, state.LockInfo{Who: "carol"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_ = uc.Unlock()

	// Waiting: once bob has found the lock held and waits, alice appends
	// and unlocks; bob gets the lock and sees alice's records.
	waiting := lockWaited(t)
	go func() {
		<-waiting
		_ = a.Append(ctx, applyRecords(1, "x")...)
		_ = ua.Unlock()
	}()
	ub, err := b.Lock(ctx, state.LockInfo{Who: "bob"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer ub.Unlock()
	select {
	case <-waiting:
	default:
		t.Fatal("bob got the lock while alice still held it")
	}
	if b.Snapshot().Serial != 1 {
		t.Fatal("taking the lock did not read the records written meanwhile")
	}
	if err := b.Append(ctx, applyRecords(2, "y")...); err != nil {
		t.Fatal(err)
	}
	// A wait that times out reports the holder too.
	_, err = a.Lock(ctx, state.LockInfo{}, 200*time.Millisecond)
	if !errors.As(err, &le) || le.Info.ID == "" || le.Info.Who != "bob" {
		t.Fatalf("err = %v, want locked by bob after waiting", err)
	}
}

// lockWaited returns a channel closed the first time a Lock with a timeout
// finds the lock held and starts to wait for it.
func lockWaited(t *testing.T) <-chan struct{} {
	ch := make(chan struct{})
	var once sync.Once
	lockWaiting = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(func() { lockWaiting = nil })
	return ch
}

func TestForceUnlockFencesTheOldHolder(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	a, b := openLog(t, cfg, "f"), openLog(t, cfg, "f")
	if _, err := a.Lock(ctx, state.LockInfo{ID: "lock-1", Who: "alice"}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ForceUnlock(ctx, "wrong"); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("wrong id: %v", err)
	}
	if _, err := b.ForceUnlock(ctx, "lock-1"); err != nil {
		t.Fatal(err)
	}
	ub, err := b.Lock(ctx, state.LockInfo{Who: "bob"}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer ub.Unlock()
	err = a.Append(ctx, applyRecords(1, "late")...)
	if err == nil || !strings.Contains(err.Error(), "lock on stack \"f\" was lost") {
		t.Fatalf("the old holder appended after force-unlock: %v", err)
	}
	if _, err := b.ForceUnlock(ctx, "lock-1"); err == nil {
		t.Fatal("force-unlock of a released id succeeded")
	}
}

// TestHelperLockHolder is not a test: the two-process tests run the test
// binary again with TERRARIUM_PG_HOLDER set, and it becomes a lock holder
// that appends an intent with no result and waits to be killed.
func TestHelperLockHolder(t *testing.T) {
	schemaName, stack := os.Getenv("TERRARIUM_PG_HOLDER"), os.Getenv("TERRARIUM_PG_HOLDER_STACK")
	if schemaName == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	l, err := Open(ctx, Config{ConnString: testConn(t), SchemaName: schemaName}, state.Options{Stack: stack, Create: true})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(3)
	}
	host, _ := os.Hostname()
	if _, err := l.Lock(ctx, state.LockInfo{Who: "child", Host: host, PID: os.Getpid(), Operation: "apply"}, 10*time.Second); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(3)
	}
	in := state.Intent{ID: "in-flight", Op: state.OpCreate, Address: "environment.half"}
	if err := l.Append(ctx, state.Record{Kind: state.KindIntent, Intent: &in}); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(3)
	}
	fmt.Println("LOCKED")
	time.Sleep(time.Minute) // killed before this ends
	os.Exit(0)
}

// startHolder runs a lock holder in another process and waits until it
// holds the lock.
func startHolder(t *testing.T, cfg Config, stack string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperLockHolder$", "-test.v")
	cmd.Env = append(os.Environ(), "TERRARIUM_PG_HOLDER="+cfg.SchemaName, "TERRARIUM_PG_HOLDER_STACK="+stack)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if line == "LOCKED" {
			go func() {
				for sc.Scan() {
				}
			}()
			return cmd
		}
		if strings.HasPrefix(line, "ERROR") {
			t.Fatal(line)
		}
	}
	t.Fatal("lock holder exited without taking the lock")
	return nil
}

func TestTwoProcessesAndAKilledHolder(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	child := startHolder(t, cfg, "kill")
	l := openLog(t, cfg, "kill")

	// Fail fast with the other process's info.
	_, err := l.Lock(ctx, state.LockInfo{Who: "parent"}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || le.Info.ID == "" || le.Info.PID != child.Process.Pid || le.Info.Who != "child" {
		t.Fatalf("err = %v, want held by pid %d", err, child.Process.Pid)
	}

	// Kill the holder mid-apply, once the writer waits for its lock: the
	// holder's connection closes and the lock with it. The waiting writer
	// gets the lock without anyone unlocking it.
	waiting := lockWaited(t)
	done := make(chan error, 1)
	var u state.Unlocker
	go func() {
		var err error
		u, err = l.Lock(ctx, state.LockInfo{Who: "parent"}, 20*time.Second)
		done <- err
	}()
	select {
	case <-waiting:
	case err := <-done:
		t.Fatalf("the writer did not wait for the holder: %v", err)
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	if err := <-done; err != nil {
		t.Fatalf("the lock of a killed holder did not vanish: %v", err)
	}
	defer u.Unlock()
	// The journal recovers: the killed apply's intent is pending, for the
	// next plan to resolve against the live objects.
	snap := l.Snapshot()
	if len(snap.Pending) != 1 || snap.Pending[0].ID != "in-flight" {
		t.Fatalf("pending = %+v, want the killed holder's intent", snap.Pending)
	}
	// The dead holder's row was replaced by ours.
	other := openLog(t, cfg, "kill")
	_, err = other.Lock(ctx, state.LockInfo{}, 0)
	if !errors.As(err, &le) || le.Info.ID == "" || le.Info.Who != "parent" {
		t.Fatalf("err = %v, want held by parent", err)
	}
	// The next plan knows the create may have happened: with nothing live it
	// plans the create again, with a reason.
	live, err := plan.Refresh(ctx, plantest.NewAPI())
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	p, diags := plan.Compute(plan.Input{Config: plantest.Config(plantest.Env("half")), Live: live, Snapshot: snap})
	if diags.HasErrors() || len(p.Changes) != 1 || p.Changes[0].Action != plan.ActionCreate {
		t.Fatalf("plan after the killed apply: %v %+v", diags, p)
	}
	t.Logf("plan after the killed apply: %s %s: %s", p.Changes[0].Action, p.Changes[0].Address, p.Changes[0].Reason)
	if err := l.Append(ctx, state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: "in-flight", OK: false, Error: &state.ErrorInfo{Message: "resolved by refresh"}}}); err != nil {
		t.Fatal(err)
	}
	if n, err := l.Verify(ctx); err != nil || n != 3 {
		t.Fatalf("verify: %d, %v", n, err)
	}
}
