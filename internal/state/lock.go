package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/atomicfile"
)

// The lock is two files: state.lock carries the OS lock (flock), which the
// kernel releases when its holder dies, and lock.json tells people and
// error messages who holds it. A lock.json without a held OS lock is a lock
// left by a run that died: stale.

// LockPoll is how often a waiting Lock of the local and PostgreSQL
// backends tries again (see WaitToRetry).
const LockPoll = 100 * time.Millisecond

// WaitToRetry waits, in a Lock that found the lock held, until it tries
// again: poll, or until deadline when that is sooner. It returns ctx's
// error when ctx ends first.
func WaitToRetry(ctx context.Context, poll time.Duration, deadline time.Time) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(min(poll, time.Until(deadline))):
		return nil
	}
}

// lockWaiting, when set (by tests, through export_test.go), is called each
// time a Lock with a timeout finds the lock held and is about to wait, and
// each time one looks again at a holder that has not named itself
// (retryUnnamed): the
// signal a test waits on before releasing, so that it proves the waiter
// waited instead of guessing with a sleep.
var lockWaiting func()

// LockedError reports a held (or stale) lock.
type LockedError struct {
	Info LockInfo
	// Stale is true when no process holds the OS lock any more.
	Stale bool
	// Gone is true when the holder ran on this host and its pid is gone.
	Gone bool
	// Flags are the global flags (quoted for a POSIX shell, e.g.
	// "--chdir env") that point force-unlock at this state from where the
	// user ran the command; the caller sets them, "" when none are needed.
	Flags string
}

// UnlockCommand is the command line that releases lock id: "terrarium
// force-unlock ID", with flags (already quoted for a POSIX shell, or "")
// before the subcommand so that it finds the same state.
func UnlockCommand(flags, id string) string {
	if flags != "" {
		return "terrarium " + flags + " force-unlock " + id
	}
	return "terrarium force-unlock " + id
}

// Error names the holder, or for a stale lock the command that releases it.
func (e *LockedError) Error() string {
	i := e.Info
	if !e.Stale {
		const wait = "; run again when it is done, or with --lock-timeout to wait for it"
		if i.ID == "" {
			return "state is locked by another terrarium process (its holder info is not written yet)" + wait
		}
		return fmt.Sprintf("state is locked by %s since %s for %s (lock id %s)", i.Holder(), i.Created.Format(time.RFC3339), i.Operation, i.ID) + wait
	}
	why := "no process holds it"
	if e.Gone {
		why = fmt.Sprintf("process %d on %s is gone", i.PID, i.Host)
	}
	return fmt.Sprintf("state lock %s is stale: it was taken by %s at %s for %s, and %s; if no terrarium is running, release it with: %s", i.ID, i.Holder(), i.Created.Format(time.RFC3339), i.Operation, why, UnlockCommand(e.Flags, i.ID))
}

// Holder formats "who@host pid N". Who is usually an actor that already
// names the host (user@host); the host is not repeated then.
func (i LockInfo) Holder() string {
	who := i.Who
	if i.Host != "" && !strings.HasSuffix(who, "@"+i.Host) {
		who += "@" + i.Host
	}
	return fmt.Sprintf("%s pid %d", who, i.PID)
}

// HeldLock is a lock this process holds.
type HeldLock struct {
	dir     string
	info    LockInfo
	release func()
}

// Info describes the held lock.
func (h *HeldLock) Info() LockInfo { return h.info }

// Unlock removes the holder info and releases the OS lock.
func (h *HeldLock) Unlock() error {
	if h.release == nil {
		return nil
	}
	err := os.Remove(filepath.Join(h.dir, LockFile))
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	h.release()
	h.release = nil
	return err
}

// Lock takes the stack's writer lock, waiting up to timeout. Once it holds
// the lock it reads any records another process appended since Open, so
// the Snapshot a writer plans against is the latest.
func (l *Local) Lock(ctx context.Context, info LockInfo, timeout time.Duration) (Unlocker, error) {
	h, err := LockDir(ctx, l.dir, info, timeout, l.opts.Now)
	if err != nil {
		return nil, err
	}
	l.Mu.Lock()
	err = l.catchUp()
	l.Mu.Unlock()
	if err != nil {
		h.Unlock()
		return nil, err
	}
	return h, nil
}

// ForceUnlock releases a lock left by a dead run; see ForceUnlockDir. Its
// warnings are added to Warnings.
func (l *Local) ForceUnlock(id string) (LockInfo, error) {
	info, warnings, err := ForceUnlockDir(l.dir, id)
	l.Mu.Lock()
	l.warnings = l.warnings.Extend(warnings)
	l.Mu.Unlock()
	return info, err
}

// LockDir takes the lock of a state directory, polling up to timeout while
// another process holds it. Empty fields of info are filled in (a new id,
// this pid and host, now).
func LockDir(ctx context.Context, dir string, info LockInfo, timeout time.Duration, now func() time.Time) (*HeldLock, error) {
	if now == nil {
		now = time.Now
	}
	info.Fill(now)
	// Callers open the log or check the directory first, which reports
	// the permissions it tightens; none are left to report here.
	if _, err := CheckDir(dir); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	for {
		release, err := tryOSLock(dir)
		if err != nil {
			return nil, err
		}
		if release != nil {
			return takeLock(dir, info, release)
		}
		if !time.Now().Before(deadline) {
			release, err := retryUnnamed(ctx, dir)
			if err != nil {
				return nil, err
			}
			if release != nil {
				return takeLock(dir, info, release)
			}
			held, _ := ReadLockInfo(dir)
			return nil, &LockedError{Info: derefInfo(held)}
		}
		if lockWaiting != nil {
			lockWaiting()
		}
		if err := WaitToRetry(ctx, LockPoll, deadline); err != nil {
			return nil, err
		}
	}
}

// unnamedPoll is how often retryUnnamed tries the OS lock again, for up
// to LockPoll.
const unnamedPoll = 2 * time.Millisecond

// retryUnnamed tries the OS lock of dir again for a moment when it is held
// with no holder info written, before Lock reports it held. Such a holder
// is a run between taking the lock and writing its info, or, briefly, a
// child process of this one: a flock belongs to the open file, a child
// holds a copy of every descriptor from fork until its exec has closed
// them, and a run that releases the lock and takes it again at once
// (apply, after its plan) while it starts a program (git) found it held
// by nobody. It returns a release func once it holds the lock; nil when
// the holder stays, or has named itself.
func retryUnnamed(ctx context.Context, dir string) (func(), error) {
	deadline := time.Now().Add(LockPoll)
	for {
		if held, err := ReadLockInfo(dir); err != nil || held != nil || !time.Now().Before(deadline) {
			return nil, nil
		}
		if lockWaiting != nil {
			lockWaiting()
		}
		if err := WaitToRetry(ctx, unnamedPoll, deadline); err != nil {
			return nil, err
		}
		if release, err := tryOSLock(dir); err != nil || release != nil {
			return release, err
		}
	}
}

// readOnlyOps are the operations whose holder never writes the state log.
// A plan killed while it held the lock (Ctrl-C, a closed pipe, a cancelled
// CI job) cannot have left the state half-applied, so once the OS lock is
// ours its leftover holder info is simply replaced.
var readOnlyOps = map[string]bool{"plan": true}

// takeLock writes the holder info once the OS lock is held, unless a stale
// lock.json says a dead run may have left the state half-applied.
func takeLock(dir string, info LockInfo, release func()) (*HeldLock, error) {
	old, err := ReadLockInfo(dir)
	if err == nil && old != nil && !readOnlyOps[old.Operation] {
		release()
		host, _ := os.Hostname()
		return nil, &LockedError{Info: *old, Stale: true, Gone: old.Host == host && processGone(old.PID)}
	}
	data, _ := json.MarshalIndent(info, "", "  ")
	if err == nil {
		err = atomicfile.Write(filepath.Join(dir, LockFile), append(data, '\n'))
	}
	if err != nil {
		release()
		return nil, err
	}
	return &HeldLock{dir: dir, info: info, release: release}, nil
}

// maxLockFile bounds a lock.json read, in bytes; terrarium writes a few
// hundred.
const maxLockFile = 64 << 10

// CorruptLockError is a lock.json that does not hold readable holder info
// (empty, cut off, not JSON, no id): it cannot say who holds the lock. ID
// is the id force-unlock takes to clear it, derived from the file's bytes
// so that it clears only the file that was reported.
type CorruptLockError struct {
	Path string
	ID   string
	Err  error
	// Flags are as LockedError's.
	Flags string
}

// Error names the file and the command that clears it.
func (e *CorruptLockError) Error() string {
	return fmt.Sprintf("state lock file %s is corrupt (%v), so it does not say who holds the lock; if no terrarium is running, clear it with: %s", e.Path, e.Err, UnlockCommand(e.Flags, e.ID))
}

// ReadLockInfo returns the holder info of dir's lock, or nil when there is
// no lock file. A lock file that cannot be read as holder info is a
// *CorruptLockError; a symbolic link or special file is refused.
func ReadLockInfo(dir string) (*LockInfo, error) {
	path := filepath.Join(dir, LockFile)
	data, err := readOwn(path, maxLockFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var info LockInfo
	err = json.Unmarshal(data, &info)
	if err == nil && info.ID == "" {
		err = errors.New("it holds no lock id")
	}
	if err != nil {
		sum := sha256.Sum256(data)
		return nil, &CorruptLockError{Path: path, ID: "corrupt-" + hex.EncodeToString(sum[:6]), Err: err}
	}
	return &info, nil
}

// ForceUnlockDir removes a lock whose holder is gone. It refuses an id that
// does not match the lock, and a lock a live process still holds (the OS
// lock cannot be taken from it; it ends with that process). A corrupt lock
// file is removed with the id its *CorruptLockError gave; the LockInfo
// returned for it holds only that id. The diagnostics are CheckDir's
// warnings.
func ForceUnlockDir(dir, id string) (LockInfo, hcl.Diagnostics, error) {
	warnings, err := CheckDir(dir)
	if err != nil {
		return LockInfo{}, warnings, err
	}
	info, err := forceUnlockDir(dir, id)
	return info, warnings, err
}

func forceUnlockDir(dir, id string) (LockInfo, error) {
	held, err := ReadLockInfo(dir)
	var corrupt *CorruptLockError
	switch {
	case errors.As(err, &corrupt) && corrupt.ID == id:
		held = &LockInfo{ID: id}
	case errors.As(err, &corrupt):
		return LockInfo{}, fmt.Errorf("lock id %q does not match: %w", id, err)
	case err != nil:
		return LockInfo{}, err
	case held == nil:
		return LockInfo{}, fmt.Errorf("no state lock is held in %s", dir)
	case held.ID != id:
		return *held, fmt.Errorf("lock id %q does not match the held lock %s (held by %s); nothing was released", id, held.ID, held.Holder())
	}
	release, err := tryOSLock(dir)
	if err != nil {
		return *held, err
	}
	if release == nil {
		return *held, fmt.Errorf("lock %s is held by a running process (%s); it cannot be forced open and is released when that process ends", id, held.Holder())
	}
	defer release()
	if err := os.Remove(filepath.Join(dir, LockFile)); err != nil {
		return *held, err
	}
	return *held, atomicfile.SyncDir(dir)
}

func derefInfo(i *LockInfo) LockInfo {
	if i == nil {
		return LockInfo{}
	}
	return *i
}
