package pgstate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"terrarium/internal/state"
)

// commitTimeout bounds one append transaction. Callers' contexts do not
// cancel a batch once it is queued: a caller that gave up would otherwise be
// told its records were not written when they were.
const commitTimeout = 30 * time.Second

// ConflictError is a refused append: another writer stored a record at this
// sequence number between this writer's read of the head and its insert
// (the unique (stack, seq) key), so appending would fork the chain. The
// in-memory state is reloaded from the database. It wraps a
// *state.ForkError, which gives its message.
type ConflictError struct {
	state.ForkError
	Stack string
	Seq   int64
}

func conflict(stack string, seq int64) *ConflictError {
	return &ConflictError{Stack: stack, Seq: seq, ForkError: state.ForkError{
		Backend: "postgres backend",
		Change:  fmt.Sprintf("record %d of stack %q was written by another writer at the same moment", seq, stack),
		Refusal: "refusing to fork the log (was the lock taken?)",
	}}
}

// Unwrap gives the *state.ForkError.
func (e *ConflictError) Unwrap() error { return &e.ForkError }

// testHookBeforeInsert, when set by a test, runs inside the transaction
// after the head is read and before the insert.
var testHookBeforeInsert func(l *Log)

// Append writes records in one transaction before returning. Calls that
// arrive while a transaction is in flight share the next one (group
// commit). Like the local log it fills each record's FormatVersion, Seq,
// Prev and Time (when zero), a result's Op and Address from its intent, and
// an apply_start's (apply_end's) zero Serial with the next (current) one.
func (l *Log) Append(ctx context.Context, recs ...state.Record) error {
	return l.appends.Append(ctx, recs)
}

// gatherWindow is how long the writer waits for the callers of the last
// batch to come back with their next records (GroupCommit.Window).
const gatherWindow = time.Millisecond

// commit writes one batch in one transaction: check the lock fence, read
// records other writers added, seal the batch (and a checkpoint when one is
// due) onto the head, insert. On failure the state is reloaded from the
// database, which is the truth.
func (l *Log) commit(batch [][]state.Record) error {
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	l.Mu.Lock()
	defer l.Mu.Unlock()
	if l.stale != nil {
		if err := l.loadLocked(ctx); err != nil {
			return err
		}
	}
	l.batches.Add(1)
	l.txs.Add(1)
	var first int64
	err := pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		if l.fence != nil {
			if err := l.fence.check(ctx, tx); err != nil {
				return err
			}
		}
		if err := l.catchUp(ctx, tx); err != nil {
			return err
		}
		if testHookBeforeInsert != nil {
			testHookBeforeInsert(l)
		}
		first = l.Chain.Seq + 1
		rows := l.sealBatch(batch)
		if len(rows) == 0 {
			return nil
		}
		return l.insert(ctx, tx, rows)
	})
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		err = conflict(l.stack, first)
	} else if _, fenced := err.(*lostLockError); !fenced {
		err = l.redact(fmt.Errorf("postgres backend: appending to stack %q: %w", l.stack, err))
	}
	if lerr := l.loadLocked(ctx); lerr != nil {
		l.stale = fmt.Errorf("postgres backend: state not reloaded after a failed append: %w", lerr)
	}
	return err
}

// row is one record ready to insert.
type row struct {
	seq  int64
	kind string
	line string
}

// sealBatch seals every record of the batch in place onto the head and
// folds it into the state, adding a checkpoint when one is due, as the
// local log does. l.Mu is held.
func (l *Log) sealBatch(batch [][]state.Record) []row {
	now := l.opts.Now()
	var rows []row
	for _, recs := range batch {
		for i := range recs {
			if recs[i].Kind == state.KindInit && l.Chain.Seq > 0 {
				continue // another process created the stack first: keep its init
			}
			rows = append(rows, l.seal(&recs[i], now))
		}
	}
	if cp := l.SealCheckpoint(now); cp != nil {
		rows = append(rows, row{seq: l.Chain.Seq, kind: string(state.KindCheckpoint), line: string(cp)})
	}
	return rows
}

// seal seals rec into a row, folding it into the state.
func (l *Log) seal(rec *state.Record, now time.Time) row {
	line := l.Seal(rec, now)
	return row{seq: rec.Seq, kind: string(rec.Kind), line: string(line)}
}

// insert writes the rows with one statement.
func (l *Log) insert(ctx context.Context, tx pgx.Tx, rows []row) error {
	n := len(rows)
	seqs, kinds, lines, hashes := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rows {
		seqs[i], kinds[i], lines[i], hashes[i] = r.seq, r.kind, r.line, state.HashLine([]byte(r.line))
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+l.q+`.records (stack, seq, kind, line, hash)
		SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
		l.stack, seqs, kinds, lines, hashes)
	return err
}
