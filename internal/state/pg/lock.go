package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"terrarium/internal/state"
)

// lockKey is the advisory lock key of a stack.
func (l *Log) lockKey() int64 { return advisoryKey("stack", l.schema, l.stack) }

// fence is a held lock, checked inside every append transaction so that a
// writer whose lock was broken (force-unlock, a dropped connection) cannot
// append any more.
type fence struct {
	pid            uint32 // backend pid of the lock's connection
	classid, objid uint32
	stack          string
}

func (f *fence) check(ctx context.Context, tx pgx.Tx) error {
	var held bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		AND granted AND pid = $1 AND classid = $2 AND objid = $3 AND objsubid = 1)`,
		f.pid, f.classid, f.objid).Scan(&held)
	if err != nil {
		return err
	}
	if !held {
		return &lostLockError{stack: f.stack}
	}
	return nil
}

// lostLockError refuses an append by a writer whose lock is gone.
type lostLockError struct{ stack string }

func (e *lostLockError) Error() string {
	return fmt.Sprintf("postgres backend: the lock on stack %q was lost (its connection ended or it was force-unlocked); refusing to append", e.stack)
}

func keyParts(key int64) (classid, objid uint32) {
	return uint32(uint64(key) >> 32), uint32(uint64(key))
}

// Lock takes the stack's advisory lock on a connection of its own, held
// until Unlock. timeout 0 fails at once with the holder's info; otherwise it
// polls until the timeout. After taking the lock it reads any records other
// writers appended, so the state is current. On a log opened read-only it
// writes nothing (no holder row, as the git backend pushes nothing): it
// waits until no writer holds the lock, and reads the latest state.
func (l *Log) Lock(ctx context.Context, info state.LockInfo, timeout time.Duration) (state.Unlocker, error) {
	if l.opts.ReadOnly {
		return l.waitUnlocked(ctx, timeout)
	}
	conn, err := pgx.ConnectConfig(ctx, l.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, l.redact(fmt.Errorf("postgres backend: lock connection: %w", err))
	}
	// The server notices a runner that vanished without closing its
	// connection (a VM gone, a cable cut) within about a minute, not the
	// operating system's default two hours, and releases its lock.
	_, _ = conn.Exec(ctx, `SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3`)
	u, err := l.acquire(ctx, conn, info, timeout)
	if err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	if err := l.Refresh(ctx); err != nil {
		_ = u.Unlock()
		return nil, err
	}
	return u, nil
}

// waitUnlocked is Lock for a reader (plan, drift): it polls, up to
// timeout, until no session holds the stack's lock, then reads the
// records appended since Open. Records are appended in transactions, so
// what it reads is a whole apply's prefix, whether or not a writer takes
// the lock after. Nothing is written.
func (l *Log) waitUnlocked(ctx context.Context, timeout time.Duration) (state.Unlocker, error) {
	c, o := keyParts(l.lockKey())
	deadline := time.Now().Add(timeout)
	for {
		var held bool
		err := l.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
			AND granted AND classid = $1 AND objid = $2 AND objsubid = 1)`, c, o).Scan(&held)
		if err != nil {
			return nil, l.redact(fmt.Errorf("postgres backend: reading the lock: %w", err))
		}
		if !held {
			break
		}
		if !time.Now().Before(deadline) {
			return nil, l.lockedError(ctx, l.pool)
		}
		if lockWaiting != nil {
			lockWaiting()
		}
		if err := state.WaitToRetry(ctx, state.LockPoll, deadline); err != nil {
			return nil, err
		}
	}
	if err := l.Refresh(ctx); err != nil {
		return nil, err
	}
	return readLock{}, nil
}

// readLock is what Lock gives a log opened read-only: nothing to release.
type readLock struct{}

func (readLock) Unlock() error { return nil }

func (l *Log) acquire(ctx context.Context, conn *pgx.Conn, info state.LockInfo, timeout time.Duration) (*unlocker, error) {
	key := l.lockKey()
	info.Fill(l.opts.Now)
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
			return nil, l.redact(fmt.Errorf("postgres backend: taking the lock: %w", err))
		}
		if ok {
			break
		}
		if !time.Now().Before(deadline) {
			return nil, l.lockedError(ctx, conn)
		}
		if lockWaiting != nil {
			lockWaiting()
		}
		if err := state.WaitToRetry(ctx, state.LockPoll, deadline); err != nil {
			return nil, err
		}
	}
	js, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	var pid uint32
	// The row of a holder that died is overwritten here: its lock is gone.
	err = conn.QueryRow(ctx, `INSERT INTO `+l.q+`.locks (stack, id, info, backend_pid)
		VALUES ($1, $2, $3, pg_backend_pid())
		ON CONFLICT (stack) DO UPDATE SET id = excluded.id, info = excluded.info,
			backend_pid = excluded.backend_pid, created = now()
		RETURNING backend_pid`, l.stack, info.ID, js).Scan(&pid)
	if err != nil {
		return nil, l.redact(fmt.Errorf("postgres backend: writing the lock holder: %w", err))
	}
	c, o := keyParts(key)
	f := &fence{pid: pid, classid: c, objid: o, stack: l.stack}
	l.Mu.Lock()
	l.fence = f
	l.Mu.Unlock()
	return &unlocker{l: l, conn: conn, key: key, info: info, fence: f}, nil
}

// lockedError describes the current holder: a state.LockedError, as the
// local log returns. A holder whose connection died no longer holds the
// lock, so a PostgreSQL lock is never stale.
func (l *Log) lockedError(ctx context.Context, conn rowQuerier) error {
	var info state.LockInfo
	if h, err := l.holder(ctx, conn); err == nil {
		info = *h
	}
	return &state.LockedError{Info: info}
}

// rowQuerier is a connection or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// holder reads the holder's row, if its connection still holds the lock.
func (l *Log) holder(ctx context.Context, conn rowQuerier) (*state.LockInfo, error) {
	c, o := keyParts(l.lockKey())
	var js []byte
	err := conn.QueryRow(ctx, `SELECT info FROM `+l.q+`.locks k WHERE stack = $1 AND EXISTS (
		SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND pid = k.backend_pid AND classid = $2 AND objid = $3 AND objsubid = 1)`, l.stack, c, o).Scan(&js)
	if err != nil {
		return nil, err
	}
	var info state.LockInfo
	if err := json.Unmarshal(js, &info); err != nil {
		return nil, err
	}
	return &info, nil
}

// unlocker releases a lock taken by Lock.
type unlocker struct {
	l     *Log
	conn  *pgx.Conn
	key   int64
	info  state.LockInfo
	fence *fence
	once  sync.Once
	err   error
}

// Info describes the held lock.
func (u *unlocker) Info() state.LockInfo { return u.info }

// Unlock deletes the holder row, releases the advisory lock and closes the
// lock's connection (which would release it anyway).
func (u *unlocker) Unlock() error {
	u.once.Do(func() {
		u.l.Mu.Lock()
		if u.l.fence == u.fence {
			u.l.fence = nil
		}
		u.l.Mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := u.conn.Exec(ctx, `DELETE FROM `+u.l.q+`.locks WHERE stack = $1 AND id = $2`, u.l.stack, u.info.ID)
		if err == nil {
			_, err = u.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, u.key)
		}
		cerr := u.conn.Close(ctx)
		u.err = u.l.redact(errors.Join(err, cerr))
	})
	return u.err
}

// ForceUnlock releases the lock with the given id and returns its holder.
// A wrong id is refused. A live holder's database connection is ended (the
// only way to release another session's advisory lock), and its appends
// are fenced off from then on; a row left by a dead holder is deleted.
func (l *Log) ForceUnlock(ctx context.Context, id string) (state.LockInfo, error) {
	var js []byte
	var pid int32
	err := l.pool.QueryRow(ctx, `SELECT info, backend_pid FROM `+l.q+`.locks WHERE stack = $1`, l.stack).Scan(&js, &pid)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.LockInfo{}, fmt.Errorf("no state lock is held on stack %q", l.stack)
	}
	if err != nil {
		return state.LockInfo{}, l.redact(err)
	}
	var held state.LockInfo
	if err := json.Unmarshal(js, &held); err != nil {
		return held, err
	}
	if held.ID != id {
		return held, fmt.Errorf("lock id %q does not match the held lock %s (held by %s); nothing was released", id, held.ID, held.Holder())
	}
	c, o := keyParts(l.lockKey())
	_, err = l.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
		AND granted AND pid = $1 AND classid = $2 AND objid = $3 AND objsubid = 1`, pid, c, o)
	if err != nil {
		return held, l.redact(fmt.Errorf("postgres backend: ending the holder's connection: %w", err))
	}
	_, err = l.pool.Exec(ctx, `DELETE FROM `+l.q+`.locks WHERE stack = $1 AND id = $2`, l.stack, id)
	return held, l.redact(err)
}
