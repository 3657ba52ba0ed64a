package plantest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"terrarium/internal/state"
)

// Log is an in-memory state.Log. It derives its snapshot with the same
// rules as the real log: results of create, update, adopt and move put a
// version, archive, delete and forget retire the address.
type Log struct {
	mu      sync.Mutex
	recs    []state.Record
	snap    state.Snapshot
	locked  bool
	Appends int // Append calls: what a real log would sync
	// FailAppend, when set, makes Append fail with it.
	FailAppend error
}

// NewLog returns a log holding an init record.
func NewLog(stack, lineage string) *Log {
	l := &Log{snap: state.Snapshot{Resources: map[string]*state.Resource{}}}
	_ = l.Append(context.Background(), state.Record{Kind: state.KindInit, Init: &state.Init{Stack: stack, Lineage: lineage}})
	l.Appends = 0
	return l
}

// Snapshot returns a copy of the current state.
func (l *Log) Snapshot() *state.Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.snap
	c.Resources = map[string]*state.Resource{}
	for k, v := range l.snap.Resources {
		r := *v
		c.Resources[k] = &r
	}
	c.Pending = slices.Clone(l.snap.Pending)
	return &c
}

// Append records recs in order.
func (l *Log) Append(ctx context.Context, recs ...state.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.FailAppend != nil {
		return l.FailAppend
	}
	l.Appends++
	for _, r := range recs {
		r.FormatVersion = state.FormatVersion
		r.Seq = int64(len(l.recs) + 1)
		r.Time = time.Now().UTC()
		l.recs = append(l.recs, r)
		l.apply(&r)
	}
	return nil
}

// Head is the position of the last record; the in-memory log hashes
// nothing, so only Seq is set.
func (l *Log) Head() state.Chain {
	l.mu.Lock()
	defer l.mu.Unlock()
	return state.Chain{Seq: int64(len(l.recs))}
}

// Records calls fn for every record in order.
func (l *Log) Records(ctx context.Context, fn func(state.Record) error) error {
	l.mu.Lock()
	recs := slices.Clone(l.recs)
	l.mu.Unlock()
	for _, r := range recs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// All returns every record.
func (l *Log) All() []state.Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.recs)
}

// ErrLocked is returned by Lock while another holder has the lock.
var ErrLocked = errors.New("state is locked by another run")

// Lock takes the lock or fails at once.
func (l *Log) Lock(ctx context.Context, info state.LockInfo, timeout time.Duration) (state.Unlocker, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.locked {
		return nil, ErrLocked
	}
	l.locked = true
	return unlocker{l}, nil
}

// Locked reports whether the lock is held.
func (l *Log) Locked() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.locked
}

type unlocker struct{ l *Log }

// Unlock releases the fake lock.
func (u unlocker) Unlock() error {
	u.l.mu.Lock()
	defer u.l.mu.Unlock()
	u.l.locked = false
	return nil
}

// Close does nothing.
func (l *Log) Close() error { return nil }

func (l *Log) apply(r *state.Record) {
	s := &l.snap
	switch r.Kind {
	case state.KindInit:
		s.Stack, s.Lineage = r.Init.Stack, r.Init.Lineage
	case state.KindApplyStart:
		s.Serial = max(s.Serial, r.Apply.Serial)
	case state.KindIntent:
		s.Pending = append(s.Pending, *r.Intent)
	case state.KindResult:
		i := slices.IndexFunc(s.Pending, func(in state.Intent) bool { return in.ID == r.Result.IntentID })
		if i < 0 {
			return
		}
		in := s.Pending[i]
		if r.Result.Of() == state.OutcomeAmbiguous {
			return // pending until settled, as state.Replay keeps it
		}
		s.Pending = slices.Delete(s.Pending, i, i+1)
		if !r.Result.OK {
			return
		}
		switch in.Op {
		case state.OpArchive, state.OpDelete, state.OpForget:
			delete(s.Resources, in.Address)
		default:
			if in.Op == state.OpMove {
				delete(s.Resources, in.From)
			}
			if r.Result.Live != nil {
				l.put(in.Address, r.Result, in.PreventDestroy)
			}
		}
	case state.KindImport, state.KindRefresh:
		if r.Env.Live != nil {
			l.put(r.Env.Address, &state.Result{Live: r.Env.Live}, r.Env.PreventDestroy)
		}
	case state.KindForget:
		delete(s.Resources, r.Env.Address)
	}
}

func (l *Log) put(addr string, res *state.Result, pd bool) {
	v := 1
	if old := l.snap.Resources[addr]; old != nil {
		v = old.Version + 1
	}
	l.snap.Resources[addr] = &state.Resource{Address: addr, ID: res.Live.ID, Version: v, Live: *res.Live, PreventDestroy: pd}
}
