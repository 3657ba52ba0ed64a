package gitstate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"terrarium/internal/state"
)

// lockPoll is how often a waiting Lock reads the branch again: each poll is
// a request to the remote.
const lockPoll = 500 * time.Millisecond

// LockedError reports the stack locked by a commit on the branch. A git
// lock does not end with its holder (a cancelled job, a lost runner leave
// it on the branch), so the message always names the force-unlock command.
type LockedError struct {
	*state.LockedError
	Target string
}

// Error names the holder and how to release a lock its run left behind.
func (e *LockedError) Error() string {
	if e.Stale {
		return e.LockedError.Error()
	}
	i := e.Info
	return fmt.Sprintf("state is locked on %s by %s since %s for %s (lock id %s); run again when it is done, or with --lock-timeout to wait for it. If that run was cancelled or its runner is gone, the lock stays on the branch: release it with: %s",
		e.Target, i.Holder(), i.Created.Format(time.RFC3339), i.Operation, i.ID, state.UnlockCommand(e.Flags, i.ID))
}

// Unwrap gives the state.LockedError.
func (e *LockedError) Unwrap() error { return e.LockedError }

func (l *Log) lockedError() error {
	i := *l.holder
	host, _ := os.Hostname()
	gone := i.Host == host && i.PID > 0 && state.ProcessGone(i.PID)
	return &LockedError{LockedError: &state.LockedError{Info: i, Stale: gone, Gone: gone}, Target: l.cfg.Target()}
}

// Lock takes the stack's lock: a commit that adds STACK/lock.json with the
// holder's info, pushed with a compare-and-swap so that of two runs only
// one gets it. timeout 0 fails at once with the holder's info; otherwise it
// polls the branch until the timeout. The state is current afterwards. On
// a log opened read-only it pushes nothing: it waits until the stack is
// not locked and reads the latest state.
func (l *Log) Lock(ctx context.Context, info state.LockInfo, timeout time.Duration) (state.Unlocker, error) {
	info.Fill(l.opts.Now)
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, err
	}
	data = append(data, '\n')
	deadline := time.Now().Add(timeout)
	l.Mu.Lock()
	defer l.Mu.Unlock()
	for attempt := 1; ; {
		if err := l.refresh(ctx); err != nil {
			return nil, err
		}
		if l.opts.ReadOnly && l.holder == nil {
			// A reader (plan, drift) pushes nothing, so a job that may
			// only read the repository can plan. Like a writer it waits
			// until no apply holds the lock, then reads the log as it is.
			return readLock{info}, nil
		}
		if l.holder != nil {
			if !time.Now().Before(deadline) {
				return nil, l.lockedError()
			}
			l.Mu.Unlock()
			err := state.WaitToRetry(ctx, lockPoll, deadline)
			l.Mu.Lock()
			if err != nil {
				return nil, err
			}
			continue
		}
		msg := fmt.Sprintf("terrarium: lock stack %s for %s by %s\n\nLock id: %s\n", l.stack, info.Operation, info.Holder(), info.ID)
		moved, err := l.push(ctx, map[string][]byte{l.lockp: data}, msg)
		if err == nil {
			held := info
			l.holder, l.held = &held, info.ID
			return &unlocker{l: l, info: info}, nil
		}
		if !moved || attempt >= maxAttempts {
			return nil, l.errorf("pushing the lock: %w", err)
		}
		attempt++
	}
}

// readLock is what Lock gives a log opened read-only: nothing to release.
type readLock struct{ info state.LockInfo }

func (r readLock) Unlock() error { return nil }

// unlocker releases a lock taken by Lock.
type unlocker struct {
	l    *Log
	info state.LockInfo
	once sync.Once
	err  error
}

// Info describes the held lock.
func (u *unlocker) Info() state.LockInfo { return u.info }

// Unlock pushes a commit that removes the lock file, when the branch still
// holds this lock (a lock already forced open is left alone).
func (u *unlocker) Unlock() error {
	u.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), pushTimeout)
		defer cancel()
		l := u.l
		l.Mu.Lock()
		defer l.Mu.Unlock()
		if l.held == u.info.ID {
			l.held = ""
		}
		_, u.err = l.release(ctx, u.info.ID, "unlock")
	})
	return u.err
}

// release pushes a commit removing the lock with the given id, retrying
// when another writer moves the branch. It returns the holder removed;
// nil when that lock is not on the branch. l.Mu is held.
func (l *Log) release(ctx context.Context, id, why string) (*state.LockInfo, error) {
	for attempt := 1; ; attempt++ {
		if err := l.refresh(ctx); err != nil {
			return nil, err
		}
		h := l.holder
		if h == nil || h.ID != id {
			return nil, nil
		}
		msg := fmt.Sprintf("terrarium: %s stack %s (lock of %s for %s)\n\nLock id: %s\n", why, l.stack, h.Holder(), h.Operation, id)
		moved, err := l.push(ctx, map[string][]byte{l.lockp: nil}, msg)
		if err == nil {
			l.holder = nil
			return h, nil
		}
		if !moved || attempt >= maxAttempts {
			return nil, l.errorf("pushing the unlock: %w", err)
		}
	}
}

// ForceUnlock removes the lock with the given id from the branch and
// returns its holder. A wrong id is refused. The holder, if it still runs,
// is fenced off: its next append finds its lock gone and stops.
func (l *Log) ForceUnlock(ctx context.Context, id string) (state.LockInfo, error) {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	if err := l.refresh(ctx); err != nil {
		return state.LockInfo{}, err
	}
	if l.holder == nil {
		return state.LockInfo{}, fmt.Errorf("no state lock is held on stack %q (%s)", l.stack, l.cfg.Target())
	}
	if l.holder.ID != id {
		return *l.holder, fmt.Errorf("lock id %q does not match the held lock %s (held by %s); nothing was released", id, l.holder.ID, l.holder.Holder())
	}
	h, err := l.release(ctx, id, "force-unlock")
	if err != nil {
		return state.LockInfo{}, err
	}
	if h == nil {
		return state.LockInfo{}, fmt.Errorf("lock %s was released meanwhile; nothing to do", id)
	}
	return *h, nil
}
