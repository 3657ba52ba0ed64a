package state

import (
	"context"
	"errors"
	"fmt"
	"time"

	"terrarium/internal/failpoint"
)

// Group commit: Append hands its records to one writer goroutine, which
// gathers the requests that arrive together, writes them with one write and
// one fsync, and answers them all. Parallel apply workers so share a sync.

// gatherWindow bounds how long the writer waits for more requests when the
// previous batch showed that several callers append at once. A disk fsync
// costs milliseconds, so a fraction of one buys a much larger batch.
const gatherWindow = 300 * time.Microsecond

// maxBatch bounds the requests in one batch.
const maxBatch = 1024

// errClosed is returned by Append after Close.
var errClosed = errors.New("state log is closed")

type appendReq struct {
	recs []Record
	done chan error
}

// Append writes recs durably (write and fsync) before returning, with the
// records of concurrent callers in the same sync. It fills each record's
// FormatVersion, Seq, Prev and Time (when zero); a result's Op and Address
// from its intent; an apply_start's Serial, when zero, with the next serial.
// The records of one call are written together, in order.
func (l *Local) Append(ctx context.Context, recs ...Record) error {
	if len(recs) == 0 {
		return nil
	}
	if err := CheckAppend(ctx, recs); err != nil {
		return err
	}
	req := &appendReq{recs: recs, done: make(chan error, 1)}
	l.inflight.Add(1)
	select {
	case l.reqs <- req:
	case <-l.writerOut:
		l.inflight.Add(-1)
		return errClosed
	case <-ctx.Done():
		l.inflight.Add(-1)
		return ctx.Err()
	}
	// Once handed over the records will be written: wait for the outcome.
	return <-req.done
}

func (l *Local) writer() {
	defer close(l.writerOut)
	last := 1
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var first *appendReq
		select {
		case first = <-l.reqs:
		case <-l.quit:
			return
		}
		batch := l.gather(first, last, timer)
		last = len(batch)
		l.commit(batch)
	}
}

// gather collects the requests that are ready or on their way: callers
// counted in inflight but not yet received, and, when the last batch was
// larger, a short window for its callers to come back.
func (l *Local) gather(first *appendReq, last int, timer *time.Timer) []*appendReq {
	batch := []*appendReq{first}
	deadline := time.Now().Add(gatherWindow)
	for len(batch) < maxBatch {
		select {
		case r, ok := <-l.reqs:
			if !ok {
				return batch
			}
			batch = append(batch, r)
			continue
		default:
		}
		wait := time.Until(deadline)
		if wait <= 0 || (l.inflight.Load() <= int64(len(batch)) && len(batch) >= last) {
			return batch
		}
		timer.Reset(wait)
		select {
		case r, ok := <-l.reqs:
			timer.Stop()
			if !ok {
				return batch
			}
			batch = append(batch, r)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

// commit seals, writes and syncs one batch, then answers its callers.
func (l *Local) commit(batch []*appendReq) {
	l.Mu.Lock()
	err := l.broken
	if err == nil {
		err = l.catchUp()
	}
	var buf []byte
	if err == nil {
		now := l.opts.Now()
		for _, req := range batch {
			for i := range req.recs {
				buf = l.seal(buf, &req.recs[i], now)
			}
		}
		if cp := l.SealCheckpoint(now); cp != nil {
			buf = append(append(buf, cp...), '\n')
		}
		err = l.write(buf)
	}
	l.Mu.Unlock()
	for _, req := range batch {
		l.inflight.Add(-1)
		req.done <- err
	}
}

// seal seals rec onto buf, folding it into the state.
func (l *Local) seal(buf []byte, rec *Record, now time.Time) []byte {
	return append(append(buf, l.Seal(rec, now)...), '\n')
}

// write appends buf and syncs. A failure leaves the in-memory state ahead
// of the file, so the log refuses further appends until it is reopened.
func (l *Local) write(buf []byte) error {
	err := failpoint.Err(failpoint.StateWrite)
	if err == nil {
		_, err = l.f.Write(buf)
	}
	if err == nil {
		failpoint.Hit(failpoint.StateBeforeFsync)
		err = l.f.Sync()
		l.countFsync()
	}
	if err != nil {
		l.broken = fmt.Errorf("state log write failed (reopen to recover): %w", err)
		_ = l.f.Truncate(l.size)
		return l.broken
	}
	l.size += int64(len(buf))
	failpoint.Hit(failpoint.StateAfterFsync)
	return nil
}

// catchUp folds in records another process appended since this one read
// the file, so that a new record never forks the chain.
func (l *Local) catchUp() error {
	fi, err := l.f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	switch {
	case size == l.size, l.tornEnd > 0 && size == l.tornEnd:
		return nil // nothing new (a torn tail left in place by a reader is not new)
	case size < l.size:
		return fmt.Errorf("state log %s shrank from %d to %d bytes while open; reopen it", l.Path(), l.size, size)
	}
	buf := make([]byte, size-l.size)
	if _, err := l.f.ReadAt(buf, l.size); err != nil {
		return err
	}
	end, err := splitLines(buf, func(_ int, line []byte) error {
		_, err := l.Fold(line, l.Chain.Seq+1, nil)
		return err
	})
	l.size += int64(end)
	if err == nil && end < len(buf) {
		err = fmt.Errorf("state log %s ends in a partial record: another process may be writing without the lock", l.Path())
	}
	if err != nil {
		l.broken = fmt.Errorf("reading records appended by another process: %w", err)
	}
	return err
}
