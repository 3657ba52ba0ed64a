package gitstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// TestSameBytesAsTheLocalLog appends the local fixture's records with the
// same clock and ids: the branch's file is byte-identical to the local
// log, a second clone reads the same state, and verify passes.
func TestSameBytesAsTheLocalLog(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	want, local, recs, err := statetest.FixtureCopy(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	l := openAt(t, clone(t, remote), func(o *state.Options) { *o = statetest.Options("platform", 0) })
	for _, rec := range recs {
		if err := l.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	other := clone(t, remote)
	got := git(t, other, "show", "origin/"+DefaultBranch+":platform/"+LogFile)
	if got != string(want) {
		t.Fatalf("branch file differs from the local log:\n%s\nwant\n%s", got, want)
	}
	r := openAt(t, other, func(o *state.Options) { o.Create = false })
	if !reflect.DeepEqual(r.Snapshot(), local.Snapshot()) || r.Head() != local.Head() {
		t.Fatalf("state differs:\n got %+v\nwant %+v", r.Snapshot(), local.Snapshot())
	}
	rep, err := r.VerifyReport(ctx)
	if err != nil || rep.Bad != nil || rep.Records != int64(len(recs)+1) || rep.Head != local.Head().Hash {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	// Every commit on the branch says what it holds.
	if msg := git(t, other, "log", "-1", "--format=%s", "origin/"+DefaultBranch); !strings.HasPrefix(msg, "terrarium: stack platform records") {
		t.Fatalf("commit message %q", msg)
	}
}

// TestNoLogIsErrNoState: reading a stack the branch does not hold is
// state.ErrNoState, with or without the branch; nothing is pushed.
func TestNoLogIsErrNoState(t *testing.T) {
	remote := newRemote(t)
	dir := clone(t, remote)
	_, err := Open(context.Background(), Config{Dir: dir}, state.Options{Stack: "platform", ReadOnly: true})
	if !errors.Is(err, state.ErrNoState) {
		t.Fatalf("got %v", err)
	}
	if out := git(t, dir, "ls-remote", "origin"); out != "" {
		t.Fatalf("a read pushed: %s", out)
	}
	_, err = Open(context.Background(), Config{Dir: t.TempDir()}, state.Options{Stack: "platform"})
	if err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Fatalf("outside a repository: %v", err)
	}
}

// TestGroupCommit: concurrent appends in one process share pushes, and
// every record lands once, in a chain that verifies.
func TestGroupCommit(t *testing.T) {
	remote := newRemote(t)
	l := openAt(t, clone(t, remote))
	ctx := context.Background()
	u, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := l.Pushes()
	var wg sync.WaitGroup
	const n = 24
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- l.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: fmt.Sprintf("environment.e%d", i)}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if p := l.Pushes() - before; p >= n {
		t.Fatalf("%d appends took %d pushes: no group commit", n, p)
	}
	if err := u.Unlock(); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, clone(t, remote), func(o *state.Options) { o.Create = false })
	if rep, err := r.VerifyReport(ctx); err != nil || rep.Bad != nil || rep.Records != n+1 {
		t.Fatalf("verify: %+v %v (want the init and every refresh)", rep, err)
	}
}

// TestTwoProcessesLockAndAppend runs two more processes that each take the
// lock and append applies in turn while this one does the same, all from
// their own clones: every apply is on the branch once, the serials are
// 1..N with no gap or repeat, and the chain verifies.
func TestTwoProcessesLockAndAppend(t *testing.T) {
	remote := newRemote(t)
	const rounds = 4
	var procs []*exec.Cmd
	var outs []*bytes.Buffer
	for _, name := range []string{"a", "b"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GITSTATE_WORKER_DIR="+clone(t, remote), "GITSTATE_WORKER_NAME="+name, fmt.Sprintf("GITSTATE_WORKER_ROUNDS=%d", rounds))
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs, outs = append(procs, cmd), append(outs, out)
	}
	t.Setenv("GITSTATE_WORKER_NAME", "c")
	t.Setenv("GITSTATE_WORKER_ROUNDS", fmt.Sprint(rounds))
	if code := worker(clone(t, remote)); code != 0 {
		t.Errorf("this process's worker failed")
	}
	for i, p := range procs {
		if err := p.Wait(); err != nil {
			t.Errorf("worker %d: %v\n%s", i, err, outs[i])
		}
	}
	l := openAt(t, clone(t, remote), func(o *state.Options) { o.Create = false })
	snap := l.Snapshot()
	if len(snap.Resources) != 3*rounds || snap.Serial != 3*rounds || len(snap.Pending) != 0 {
		t.Fatalf("got %d resources, serial %d, pending %v", len(snap.Resources), snap.Serial, snap.Pending)
	}
	var serials []int64
	_ = l.Records(context.Background(), func(r state.Record) error {
		if r.Kind == state.KindApplyStart {
			serials = append(serials, r.Apply.Serial)
		}
		return nil
	})
	for i, s := range serials {
		if s != int64(i+1) {
			t.Fatalf("serials %v", serials)
		}
	}
	if rep, err := l.VerifyReport(context.Background()); err != nil || rep.Bad != nil {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// TestLockRefusedAndStale: a held lock is refused with its holder and the
// force-unlock command; one whose holder on this host is gone is stale;
// force-unlock with the wrong id releases nothing; the holder whose lock
// was forced open cannot append.
func TestLockRefusedAndStale(t *testing.T) {
	remote := newRemote(t)
	a := openAt(t, clone(t, remote))
	b := openAt(t, clone(t, remote))
	ctx := context.Background()
	ua, err := a.Lock(ctx, state.LockInfo{Operation: "apply", Who: "alice"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	id := ua.(*unlocker).Info().ID
	_, err = b.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	var le *state.LockedError
	if !errors.As(err, &le) || le.Info.ID != id || !strings.Contains(err.Error(), "terrarium force-unlock "+id) {
		t.Fatalf("second lock: %v", err)
	}
	if err := b.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: "environment.x"}}); err == nil || !strings.Contains(err.Error(), "locked by alice") {
		t.Fatalf("append without the lock: %v", err)
	}
	if _, err := b.ForceUnlock(ctx, "wrong"); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("wrong id: %v", err)
	}
	if _, err := b.ForceUnlock(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := a.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: "environment.x"}}); err == nil || !strings.Contains(err.Error(), "is gone") {
		t.Fatalf("append after force-unlock: %v", err)
	}
	if err := ua.Unlock(); err != nil {
		t.Fatalf("unlocking a lock forced open: %v", err)
	}
	// A lock left by a process of this host that is gone is stale.
	_, err = b.Lock(ctx, state.LockInfo{Operation: "apply", PID: deadPID(t)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	if !errors.As(err, &le) || !le.Stale || !strings.Contains(err.Error(), "is stale") {
		t.Fatalf("stale lock: %v", err)
	}
}

// deadPID is the pid of a process that has exited.
func deadPID(t *testing.T) int {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestPushRejectedMidApply: the remote refuses one push in the middle of
// an apply (a hook here; a network error or a permission alike). The
// append fails and says why, nothing of it is on the branch, and the next
// append (the rerun) continues the chain.
func TestPushRejectedMidApply(t *testing.T) {
	remote := newRemote(t)
	hook := filepath.Join(remote, "hooks", "pre-receive")
	marker := filepath.Join(t.TempDir(), "refuse")
	script := fmt.Sprintf("#!/bin/sh\nif [ -e %q ]; then echo 'refused by policy' >&2; exit 1; fi\n", marker)
	if err := os.WriteFile(hook, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	l := openAt(t, clone(t, remote))
	ctx := context.Background()
	u, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	recs := applyRecords("web")
	if err := l.Append(ctx, recs[0]); err != nil {
		t.Fatal(err)
	}
	head := l.Head()
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err = l.Append(ctx, recs[1])
	if err == nil || !strings.Contains(err.Error(), "refused by policy") {
		t.Fatalf("rejected push: %v", err)
	}
	if l.Head() != head || len(l.Snapshot().Pending) != 0 {
		t.Fatalf("a rejected intent changed the state: %+v", l.Head())
	}
	os.Remove(marker)
	for _, rec := range recs[1:] {
		if err := l.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.Unlock(); err != nil {
		t.Fatal(err)
	}
	r := openAt(t, clone(t, remote), func(o *state.Options) { o.Create = false })
	if rep, err := r.VerifyReport(ctx); err != nil || rep.Bad != nil || rep.Records != 5 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	if len(r.Snapshot().Resources) != 1 {
		t.Fatalf("resources %+v", r.Snapshot().Resources)
	}
}

// TestForcePushRefused: someone rewrites the branch (drops the last
// record, or alters one) and force-pushes it. A writer that read the
// branch before refuses to read or write it; a fresh reader finds the
// altered record by the hash chain.
func TestForcePushRefused(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	l := openAt(t, clone(t, remote))
	for _, rec := range applyRecords("web") {
		if err := l.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	other := clone(t, remote)
	git(t, other, "checkout", "--quiet", DefaultBranch)
	git(t, other, "reset", "--quiet", "--hard", "HEAD~1")
	git(t, other, "push", "--quiet", "--force", "origin", DefaultBranch)
	err := l.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: "environment.web"}})
	var rw *RewrittenError
	if !errors.As(err, &rw) {
		t.Fatalf("append after a force-push: %v", err)
	}
	var fe *state.ForkError
	if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "git backend: "+rw.Target+" was rewritten by someone else ("+rw.Reason+"); refusing to read or write it. Restore the branch") {
		t.Fatalf("a rewritten branch is not a fork, or says it otherwise: %v", err)
	}
	if _, err := l.Lock(ctx, state.LockInfo{}, 0); !errors.As(err, &rw) {
		t.Fatalf("lock after a force-push: %v", err)
	}
	// Alter a record in place and force-push: the chain breaks.
	data := git(t, other, "show", "HEAD:platform/"+LogFile)
	bad := strings.Replace(data, `"environment.web"`, `"environment.wEb"`, 1)
	if err := os.WriteFile(filepath.Join(other, "platform", LogFile), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	git(t, other, "commit", "--quiet", "-am", "tamper")
	git(t, other, "push", "--quiet", "--force", "origin", DefaultBranch)
	_, err = Open(ctx, Config{Dir: clone(t, remote)}, state.Options{Stack: "platform"})
	if err == nil || !strings.Contains(err.Error(), "prev hash does not match") {
		t.Fatalf("fresh open of a tampered branch: %v", err)
	}
	rep, err := l.VerifyReport(ctx)
	if err != nil || rep.Bad == nil || !strings.Contains(rep.Bad.Error(), "record 3 was altered") {
		t.Fatalf("verify of a tampered branch: %+v %v", rep, err)
	}
}

// TestConcurrentAppendsRetry: two writers without a lock (as two creators
// of one stack would be) push at the same moment; the loser reads the
// winner's records, checks the chain and seals again.
func TestConcurrentAppendsRetry(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	a := openAt(t, clone(t, remote))
	b := openAt(t, clone(t, remote))
	if a.Snapshot().Lineage != b.Snapshot().Lineage {
		t.Fatal("two creators made two lineages")
	}
	var wg sync.WaitGroup
	for _, l := range []*Log{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				if err := l.Append(ctx, state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: fmt.Sprintf("environment.e%d", i)}}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	r := openAt(t, clone(t, remote), func(o *state.Options) { o.Create = false })
	if rep, err := r.VerifyReport(ctx); err != nil || rep.Bad != nil || rep.Records != 11 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// TestImport copies a local log onto the branch, completes a partial
// copy, and refuses another lineage.
func TestImport(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := statetest.Fixture(dir); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, state.LogFile))
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	cfg := Config{Dir: clone(t, remote)}
	res, err := Import(ctx, cfg, lines[:3])
	if err != nil || res.Copied != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	res, err = Import(ctx, cfg, lines)
	if err != nil || res.Copied != int64(len(lines)-3) {
		t.Fatalf("%+v %v", res, err)
	}
	if res, err = Import(ctx, cfg, lines); err != nil || res.Copied != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
	other := t.TempDir()
	o, err := state.Open(other, state.Options{Stack: "platform", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	odata, _ := os.ReadFile(filepath.Join(other, state.LogFile))
	if _, err := Import(ctx, cfg, bytes.Split(bytes.TrimSuffix(odata, []byte("\n")), []byte("\n"))); !errors.Is(err, errDiverged) {
		t.Fatalf("another lineage: %v", err)
	}
}

// TestReadOnlyLockPushesNothing: a reader (plan) takes no lock commit, so
// a job that may only read the repository can plan; it still waits for a
// writer's lock and then reads the writer's records.
func TestReadOnlyLockPushesNothing(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	w := openAt(t, clone(t, remote))
	r := openAt(t, clone(t, remote), func(o *state.Options) { o.Create, o.ReadOnly = false, true })
	head := w.Commit()
	u, err := r.Lock(ctx, state.LockInfo{Operation: "plan"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_ = u.Unlock()
	if r.Commit() != head || r.Pushes() != 0 {
		t.Fatalf("a read-only lock pushed: %s -> %s", head, r.Commit())
	}
	wu, err := w.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var le *state.LockedError
	if _, err := r.Lock(ctx, state.LockInfo{Operation: "plan"}, 0); !errors.As(err, &le) {
		t.Fatalf("read-only lock while an apply holds the lock: %v", err)
	}
	for _, rec := range applyRecords("web") {
		if err := w.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	got := make(chan error, 1)
	go func() {
		_, err := r.Lock(ctx, state.LockInfo{Operation: "plan"}, time.Minute)
		got <- err
	}()
	if err := wu.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if len(r.Snapshot().Resources) != 1 {
		t.Fatalf("the reader did not read the writer's apply: %+v", r.Snapshot())
	}
}

// TestCorruptLockFile: a lock file on the branch that is not holder info
// (hand-edited, or too large to be terrarium's) is a lock with an id that
// force-unlock takes.
func TestCorruptLockFile(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	l := openAt(t, clone(t, remote))
	for _, body := range []string{"not json\n", strings.Repeat("x", maxLockFile+1)} {
		hand := clone(t, remote)
		git(t, hand, "checkout", "--quiet", DefaultBranch)
		if err := os.WriteFile(filepath.Join(hand, "platform", LockFile), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		git(t, hand, "add", ".")
		git(t, hand, "commit", "--quiet", "-m", "hand-made lock")
		git(t, hand, "push", "--quiet", "origin", DefaultBranch)
		_, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
		var le *state.LockedError
		if !errors.As(err, &le) || !strings.HasPrefix(le.Info.ID, "corrupt-") || !strings.Contains(err.Error(), "terrarium force-unlock "+le.Info.ID) {
			t.Fatalf("corrupt lock: %v", err)
		}
		if _, err := l.ForceUnlock(ctx, le.Info.ID); err != nil {
			t.Fatal(err)
		}
		u, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := u.Unlock(); err != nil {
			t.Fatal(err)
		}
	}
}

// A branch that cannot be read whole (its lock file is a directory: a
// hand-made commit, or a read that failed) is an error for this read
// only: the records it brought are not folded in twice, so once the
// branch is readable again the log reads on instead of calling its own
// records a fork.
func TestUnreadableLockLeavesTheLogReadable(t *testing.T) {
	remote := newRemote(t)
	ctx := context.Background()
	l := openAt(t, clone(t, remote))
	b := openAt(t, clone(t, remote))
	if err := b.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Append(ctx, applyRecords("web")...); err != nil {
		t.Fatal(err)
	}
	hand := clone(t, remote)
	git(t, hand, "checkout", "--quiet", DefaultBranch)
	lock := filepath.Join(hand, "platform", LockFile)
	if err := os.MkdirAll(lock, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lock, "x"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	git(t, hand, "add", ".")
	git(t, hand, "commit", "--quiet", "-m", "a directory where the lock file goes")
	git(t, hand, "push", "--quiet", "origin", DefaultBranch)
	for range 2 {
		if err := l.Refresh(ctx); err == nil || !strings.Contains(err.Error(), "is not a file") {
			t.Fatalf("refresh: %v", err)
		}
	}
	git(t, hand, "rm", "--quiet", "-r", filepath.Join("platform", LockFile))
	git(t, hand, "commit", "--quiet", "-m", "lock directory removed")
	git(t, hand, "push", "--quiet", "origin", DefaultBranch)
	if err := l.Refresh(ctx); err != nil {
		t.Fatalf("refresh once the branch is readable: %v", err)
	}
	if l.Snapshot().Resources["environment.web"] == nil {
		t.Error("the record pushed meanwhile was not read")
	}
}
