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
// cancel a batch once it is sent: a caller that gave up would otherwise be
// told its records were not written when they were.
const commitTimeout = 30 * time.Second

// ConflictError is a refused append: another writer already stored a record
// at this sequence number (the unique (stack, seq) key), so appending would
// fork the chain. The in-memory state is reloaded from the database.
type ConflictError struct {
	Stack string
	Seq   int64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("postgres backend: record %d of stack %q was already written by another writer; refusing to fork the log (was the lock taken?)", e.Seq, e.Stack)
}

// appendReq is one Append call waiting for its batch.
type appendReq struct {
	recs []state.Record
	done chan error
}

// sealed is a batch ready to insert.
type sealed struct {
	reqs  []*appendReq
	recs  []state.Record
	lines [][]byte
	chain state.Chain // after the batch
}

// Append writes records in one transaction before returning. Calls that
// arrive while a transaction is in flight are batched into the next one
// (group commit): one transaction per batch, not per call.
func (l *Log) Append(ctx context.Context, recs ...state.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &appendReq{recs: recs, done: make(chan error, 1)}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return errors.New("postgres backend: append to a closed log")
	}
	l.queue = append(l.queue, req)
	if !l.writing {
		l.writing = true
		go l.writer()
	}
	l.mu.Unlock()
	return <-req.done
}

// writer commits queued batches until the queue is empty.
func (l *Log) writer() {
	for {
		l.commitMu.Lock()
		l.mu.Lock()
		reqs := l.queue
		l.queue = nil
		if len(reqs) == 0 {
			l.writing = false
			l.mu.Unlock()
			l.commitMu.Unlock()
			return
		}
		b, failed := l.seal(reqs)
		l.mu.Unlock()
		for r, err := range failed {
			r.done <- err
		}
		if len(b.recs) > 0 {
			err := l.commit(b)
			if err == nil {
				l.maybeCheckpoint()
			}
			for _, r := range b.reqs {
				r.done <- err
			}
		}
		l.commitMu.Unlock()
	}
}

// seal numbers and encodes a batch from the current head. A call whose
// records are invalid fails alone. l.mu is held.
func (l *Log) seal(reqs []*appendReq) (sealed, map[*appendReq]error) {
	b := sealed{chain: l.chain}
	failed := map[*appendReq]error{}
	if l.stale != nil {
		for _, r := range reqs {
			failed[r] = l.stale
		}
		return b, failed
	}
	intents := map[string]state.Intent{}
	now := l.opts.Now()
	for _, r := range reqs {
		chain, n := b.chain, len(b.recs)
		var err error
		for i := range r.recs {
			rec := r.recs[i] // a copy: the caller's slice is not changed
			l.fillResult(&rec, intents)
			var line []byte
			if line, err = chain.Seal(&rec, now); err != nil {
				break
			}
			if rec.Kind == state.KindIntent {
				intents[rec.Intent.ID] = *rec.Intent
			}
			b.recs, b.lines = append(b.recs, rec), append(b.lines, line)
		}
		if err != nil {
			b.recs, b.lines = b.recs[:n], b.lines[:n]
			failed[r] = fmt.Errorf("postgres backend: %w", err)
			continue
		}
		b.chain = chain
		b.reqs = append(b.reqs, r)
	}
	return b, failed
}

// fillResult copies the intent's op and address into a result that lacks
// them, as the local log does.
func (l *Log) fillResult(rec *state.Record, batch map[string]state.Intent) {
	if rec.Kind != state.KindResult || rec.Result == nil || (rec.Result.Op != "" && rec.Result.Address != "") {
		return
	}
	in, ok := batch[rec.Result.IntentID]
	if !ok {
		in, ok = l.replay.PendingIntent(rec.Result.IntentID)
	}
	if !ok {
		return
	}
	res := *rec.Result
	if res.Op == "" {
		res.Op = in.Op
	}
	if res.Address == "" {
		res.Address = in.Address
	}
	rec.Result = &res
}

// commit inserts a sealed batch in one transaction and, once it is
// committed, folds it into the state.
func (l *Log) commit(b sealed) error {
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	l.batches.Add(1)
	err := l.insert(ctx, b)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.stale = err
		// The database is the truth: reload so the next append starts from
		// its head. If that fails too, appends refuse until Refresh works.
		l.mu.Unlock()
		lerr := l.load(ctx)
		l.mu.Lock()
		if lerr != nil {
			l.stale = fmt.Errorf("postgres backend: state not reloaded after a failed append: %w", lerr)
		}
		return err
	}
	for i := range b.recs {
		l.replay.Apply(&b.recs[i])
		if b.recs[i].Kind == state.KindCheckpoint {
			l.lastCP = b.recs[i].Seq
		}
	}
	l.chain = b.chain
	return nil
}

// insert runs the transaction: check the fence, insert every line.
func (l *Log) insert(ctx context.Context, b sealed) error {
	n := len(b.recs)
	seqs, kinds, lines, hashes := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
	for i := range b.recs {
		seqs[i], kinds[i], lines[i], hashes[i] = b.recs[i].Seq, string(b.recs[i].Kind), string(b.lines[i]), state.HashLine(b.lines[i])
	}
	l.mu.Lock()
	f := l.fence
	l.mu.Unlock()
	l.txs.Add(1)
	err := pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		if f != nil {
			if err := f.check(ctx, tx); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO `+l.q+`.records (stack, seq, kind, line, hash)
			SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
			l.stack, seqs, kinds, lines, hashes)
		return err
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return &ConflictError{Stack: l.stack, Seq: seqs[0]}
	}
	if err != nil {
		return l.redact(fmt.Errorf("postgres backend: appending to stack %q: %w", l.stack, err))
	}
	return nil
}

// maybeCheckpoint writes a checkpoint when enough records have passed since
// the last one, so that loading reads a checkpoint and a short tail.
func (l *Log) maybeCheckpoint() {
	l.mu.Lock()
	due := l.opts.CheckpointEvery > 0 && l.chain.Seq-l.lastCP >= int64(l.opts.CheckpointEvery)
	if !due {
		l.mu.Unlock()
		return
	}
	snap := l.replay.Snapshot()
	req := &appendReq{recs: []state.Record{{Kind: state.KindCheckpoint, Checkpoint: snap}}, done: make(chan error, 1)}
	b, failed := l.seal([]*appendReq{req})
	l.mu.Unlock()
	if len(failed) == 0 {
		// A failed checkpoint is retried after the next batch; the log
		// stays correct without it.
		_ = l.commit(b)
	}
}
