package pgstate

import (
	"context"
	"fmt"

	"terrarium/internal/state"
)

// Records calls fn for every record from seq 1 in order, checking the hash
// chain on the way: a broken link ends the scan with the record's number.
func (l *Log) Records(ctx context.Context, fn func(state.Record) error) error {
	return l.Scan(ctx, func(_ []byte, rec state.Record) error { return fn(rec) })
}

// Lines calls fn with every record's stored line (without a newline) from
// seq 1 in order, checking the chain: what `state pull` writes.
func (l *Log) Lines(ctx context.Context, fn func(line []byte) error) error {
	return l.Scan(ctx, func(line []byte, _ state.Record) error { return fn(line) })
}

// Scan calls fn with every line and its decoded record, in order, checking
// format versions and the hash chain. The line is only valid during the call.
func (l *Log) Scan(ctx context.Context, fn func(line []byte, rec state.Record) error) error {
	rows, err := l.pool.Query(ctx, `SELECT seq, line FROM `+l.q+`.records WHERE stack = $1 ORDER BY seq`, l.stack)
	if err != nil {
		return l.redact(fmt.Errorf("postgres backend: reading stack %q: %w", l.stack, err))
	}
	defer rows.Close()
	var chain state.Chain
	var seq int64
	var line []byte
	for rows.Next() {
		if err := rows.Scan(&seq, &line); err != nil {
			return err
		}
		if seq != chain.Seq+1 {
			return l.recordErr(&state.RecordError{Seq: chain.Seq + 1, Reason: fmt.Sprintf("missing from the database (next stored record is %d)", seq)})
		}
		rec, err := state.Decode(line, seq)
		if err != nil {
			return l.recordErr(err)
		}
		if rec.Seq != seq {
			return l.recordErr(&state.RecordError{Seq: seq, Reason: fmt.Sprintf("stored at sequence %d but says %d", seq, rec.Seq)})
		}
		if err := chain.Link(line, &rec); err != nil {
			return l.recordErr(err)
		}
		if seq == 1 && rec.Kind != state.KindInit {
			return l.recordErr(&state.RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is %s, not init", rec.Kind)})
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return l.redact(fmt.Errorf("postgres backend: reading stack %q: %w", l.stack, err))
	}
	return nil
}

// Verify checks the whole chain and returns the number of good records, or
// an error naming the first bad one.
func (l *Log) Verify(ctx context.Context) (int64, error) {
	var n int64
	err := l.Scan(ctx, func([]byte, state.Record) error { n++; return nil })
	return n, err
}

// VerifyReport checks the whole chain like Verify and reports as the local
// log's state.Verify does: the good records, the checkpoints, the head, and
// the first bad record (nil when the chain holds). Path names the database
// and schema. It returns an error only when the database cannot be read.
func (l *Log) VerifyReport(ctx context.Context) (*state.VerifyReport, error) {
	rep := &state.VerifyReport{Path: fmt.Sprintf("postgres schema %s, stack %s", l.schema, l.stack)}
	err := l.Scan(ctx, func(line []byte, rec state.Record) error {
		if rec.Kind == state.KindInit {
			rep.Stack, rep.Lineage = rec.Init.Stack, rec.Init.Lineage
		}
		if rec.Kind == state.KindCheckpoint {
			rep.Checkpoints++
		}
		rep.Records = rec.Seq
		rep.Head = state.HashLine(line)
		return nil
	})
	if err := rep.Classify(err); err != nil {
		return nil, err
	}
	if rep.Records == 0 && rep.Bad == nil {
		rep.Bad = &state.RecordError{Seq: 1, Reason: "the log is empty"}
	}
	return rep, nil
}
