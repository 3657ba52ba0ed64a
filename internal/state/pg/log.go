package pgstate

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"terrarium/internal/state"
)

// lockWaiting, when set (by tests), is called each time a Lock with a
// timeout finds the lock held and is about to wait: the signal a test waits
// on before releasing, so that it proves the waiter waited.
var lockWaiting func()

// ErrNoState is returned by Open when the stack has no log in the database
// and Options.Create is false. It wraps state.ErrNoState.
var ErrNoState = fmt.Errorf("%w in the database for this stack", state.ErrNoState)

// Log is one stack's state log in PostgreSQL. It keeps the current state in
// memory, loaded from the latest checkpoint and the records after it.
type Log struct {
	pool     *pgxpool.Pool
	schema   string // plain name
	q        string // quoted name, for SQL text
	stack    string
	opts     state.Options
	password string // for redacting errors

	// The state and the chain; Mu guards the fields below too and is
	// held through a commit.
	state.LogCore
	stale error  // set after a failed commit until a reload succeeds
	fence *fence // the lock held through this Log, checked by every commit

	appends state.GroupCommit // Append calls share transactions (commit)

	txs     atomic.Int64
	batches atomic.Int64
}

var _ state.Log = (*Log)(nil)

// Open connects to the database described by cfg, creates or upgrades
// terrarium's schema, and loads the stack's current state. The options are
// the local log's: Stack is required; Create writes the init record of a
// stack the database does not hold yet.
func Open(ctx context.Context, cfg Config, opts state.Options) (*Log, error) {
	opts.SetDefaults()
	if opts.Stack == "" {
		return nil, errors.New("postgres backend: no stack name")
	}
	pool, schema, err := cfg.connect(ctx)
	if err != nil {
		return nil, err
	}
	l := &Log{pool: pool, schema: schema, q: pgx.Identifier{schema}.Sanitize(), stack: opts.Stack, opts: opts,
		password: pool.Config().ConnConfig.Password}
	l.appends = state.GroupCommit{Commit: l.commit, Window: gatherWindow, Closed: errors.New("postgres backend: append to a closed log")}
	if _, err := Migrate(ctx, pool, schema); err != nil {
		pool.Close()
		return nil, l.redact(err)
	}
	if err := l.open(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return l, nil
}

func (l *Log) open(ctx context.Context) error {
	if err := l.load(ctx); err != nil {
		return err
	}
	if l.Chain.Seq > 0 {
		return nil
	}
	if !l.opts.Create {
		return fmt.Errorf("%w (stack %q, schema %s)", ErrNoState, l.stack, l.schema)
	}
	init := state.Record{Kind: state.KindInit, Init: &state.Init{Stack: l.stack, Lineage: l.opts.NewID()}}
	err := l.appends.Enqueue([]state.Record{init})
	var ce *ConflictError
	if errors.As(err, &ce) {
		// Another process created the stack at the same moment: use theirs.
		return l.load(ctx)
	}
	return err
}

// load reads the latest checkpoint and the records after it.
func (l *Log) load(ctx context.Context) error {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	return l.loadLocked(ctx)
}

// loadLocked is load with l.Mu held.
func (l *Log) loadLocked(ctx context.Context) error {
	l.Reset(int64(l.opts.CheckpointEvery))
	l.stale = nil
	var seq int64
	var line []byte
	err := l.pool.QueryRow(ctx, `SELECT seq, line FROM `+l.q+`.records
		WHERE stack = $1 AND kind = 'checkpoint' ORDER BY seq DESC LIMIT 1`, l.stack).Scan(&seq, &line)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return l.redact(fmt.Errorf("postgres backend: loading stack %q: %w", l.stack, err))
	default:
		rec, err := state.Decode(line, seq)
		if err != nil {
			return l.recordErr(err)
		}
		if rec.Kind != state.KindCheckpoint || rec.Checkpoint == nil {
			return l.recordErr(&state.RecordError{Seq: seq, Reason: "stored as a checkpoint but is a " + string(rec.Kind) + " record"})
		}
		// Loading trusts the checkpoint's place in the chain, as the local
		// log does; state verify checks the whole chain.
		l.Chain.Start(line, &rec)
		l.Replay = state.ReplayFrom(rec.Checkpoint)
		l.Checkpoints.Saw(&rec, len(line))
	}
	if err := l.catchUp(ctx, l.pool); err != nil {
		return err
	}
	return l.checkStack()
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// catchUp applies the records after the chain's head: those other writers
// appended. l.Mu is held.
func (l *Log) catchUp(ctx context.Context, q querier) error {
	rows, err := q.Query(ctx, `SELECT seq, line FROM `+l.q+`.records
		WHERE stack = $1 AND seq > $2 ORDER BY seq`, l.stack, l.Chain.Seq)
	if err != nil {
		return l.redact(fmt.Errorf("postgres backend: loading stack %q: %w", l.stack, err))
	}
	defer rows.Close()
	var seq int64
	var line []byte
	for rows.Next() {
		if err := rows.Scan(&seq, &line); err != nil {
			return err
		}
		if err := l.applyLine(line, seq); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return l.redact(fmt.Errorf("postgres backend: loading stack %q: %w", l.stack, err))
	}
	return nil
}

// applyLine decodes, links and folds one stored line. l.Mu is held.
func (l *Log) applyLine(line []byte, seq int64) error {
	if _, err := l.Fold(line, seq, firstIsInit); err != nil {
		return l.recordErr(err)
	}
	return nil
}

// firstIsInit refuses a log whose first record is not an init record.
func firstIsInit(rec *state.Record) error {
	if rec.Seq == 1 && rec.Kind != state.KindInit {
		return &state.RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is %s, not init", rec.Kind)}
	}
	return nil
}

func (l *Log) recordErr(err error) error {
	return fmt.Errorf("postgres backend: stack %q (schema %s): %w", l.stack, l.schema, err)
}

// checkStack refuses a log whose init record names another stack.
func (l *Log) checkStack() error {
	if l.Chain.Seq == 0 {
		return nil
	}
	if s := l.Replay.Snapshot().Stack; s != l.stack {
		return fmt.Errorf("postgres backend: the log stored under stack %q says it belongs to stack %q", l.stack, s)
	}
	return nil
}

// Refresh reads the records other writers appended since this Log loaded.
// Lock calls it after taking the lock.
func (l *Log) Refresh(ctx context.Context) error {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	if l.stale != nil {
		return l.loadLocked(ctx)
	}
	return l.catchUp(ctx, l.pool)
}

// Stack is the stack this log belongs to.
func (l *Log) Stack() string { return l.stack }

// Schema is the PostgreSQL schema holding the tables.
func (l *Log) Schema() string { return l.schema }

// Stats counts the work of group commit.
type Stats struct {
	Transactions int64 // append transactions committed or attempted
	Batches      int64 // batches of concurrent Append calls
}

// Stats returns the counters since Open.
func (l *Log) Stats() Stats {
	return Stats{Transactions: l.txs.Load(), Batches: l.batches.Load()}
}

// Close waits for pending appends and closes the connections.
func (l *Log) Close() error {
	if l.appends.Close() {
		l.pool.Close()
	}
	return nil
}

func (l *Log) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := Redact(err.Error(), l.password)
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}
