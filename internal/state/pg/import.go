package pgstate

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"terrarium/internal/state"
)

// Import copies a log, given as its lines without newlines, into the
// database: `state migrate --to postgres`. The chain is verified first. A
// stack whose database log is a prefix of these lines (an earlier, partial
// migration) gets the rest; one with another lineage, or that diverges or
// is longer, is refused. The stack must not be locked.
func Import(ctx context.Context, cfg Config, lines [][]byte) (state.ImportResult, error) {
	res, hashes, err := verifyLines(lines)
	if err != nil {
		return res, err
	}
	pool, schema, err := cfg.connect(ctx)
	if err != nil {
		return res, err
	}
	defer pool.Close()
	if _, err := Migrate(ctx, pool, schema); err != nil {
		return res, err
	}
	l := &Log{pool: pool, schema: schema, q: pgx.Identifier{schema}.Sanitize(), stack: res.Stack, password: pool.Config().ConnConfig.Password}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, l.lockKey()).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return l.lockedError(ctx, tx)
		}
		have, err := l.compare(ctx, tx, res, hashes)
		if err != nil {
			return err
		}
		rows := make([][]any, 0, len(lines)-have)
		for i := have; i < len(lines); i++ {
			rec, _ := state.Decode(lines[i], int64(i+1))
			rows = append(rows, []any{res.Stack, int64(i + 1), string(rec.Kind), string(lines[i]), hashes[i]})
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{schema, "records"}, []string{"stack", "seq", "kind", "line", "hash"}, pgx.CopyFromRows(rows))
		res.Copied = n
		return err
	})
	if err != nil {
		var le *state.LockedError
		if errors.As(err, &le) || errors.Is(err, errDiverged) {
			return res, err
		}
		return res, l.redact(fmt.Errorf("postgres backend: importing stack %q: %w", res.Stack, err))
	}
	return res, nil
}

var errDiverged = errors.New("the database already holds a different log for this stack")

// compare checks the database's log of the stack against the local hashes
// and returns how many leading records are already there.
func (l *Log) compare(ctx context.Context, tx pgx.Tx, res state.ImportResult, hashes []string) (int, error) {
	rows, err := tx.Query(ctx, `SELECT seq, hash, CASE WHEN seq = 1 THEN line END FROM `+l.q+`.records WHERE stack = $1 ORDER BY seq`, res.Stack)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var seq int64
		var hash string
		var first *string
		if err := rows.Scan(&seq, &hash, &first); err != nil {
			return 0, err
		}
		if first != nil {
			rec, err := state.Decode([]byte(*first), 1)
			if err == nil && rec.Init != nil && rec.Init.Lineage != res.Lineage {
				return 0, fmt.Errorf("%w: lineage mismatch (database %s, local %s); refusing to mix two histories", errDiverged, rec.Init.Lineage, res.Lineage)
			}
		}
		switch {
		case n >= len(hashes):
			return 0, fmt.Errorf("%w: the database log is ahead of the local one (it has more than %d records); use `state pull` to read it", errDiverged, len(hashes))
		case seq != int64(n+1) || hash != hashes[n]:
			return 0, fmt.Errorf("%w: record %d differs, so the two logs are different histories from there on; read the database's with `state pull`, or import into another schema_name", errDiverged, n+1)
		}
		n++
	}
	return n, rows.Err()
}

// verifyLines checks the chain of a whole log and returns its stack,
// lineage and per-record hashes.
func verifyLines(lines [][]byte) (state.ImportResult, []string, error) {
	var res state.ImportResult
	var chain state.Chain
	hashes := make([]string, len(lines))
	for i, line := range lines {
		rec, err := state.Decode(line, int64(i+1))
		if err == nil {
			if i == 0 && rec.Seq > 1 {
				err = &state.RecordError{Seq: 1, Reason: "the log does not start with record 1"}
			} else {
				err = chain.Link(line, &rec)
			}
		}
		if err != nil {
			return res, nil, fmt.Errorf("the local log does not verify, not migrating it: %w", err)
		}
		if i == 0 {
			if rec.Kind != state.KindInit {
				return res, nil, errors.New("the local log does not verify: record 1 is not an init record")
			}
			res.Stack, res.Lineage = rec.Init.Stack, rec.Init.Lineage
		}
		hashes[i] = state.HashLine(line)
	}
	if len(lines) == 0 {
		return res, nil, errors.New("the local log is empty")
	}
	res.Records = int64(len(lines))
	return res, hashes, nil
}

// WriteJSONL writes the log as JSON lines, byte for byte as stored: the
// local log's file format (`state pull`).
func (l *Log) WriteJSONL(ctx context.Context, w io.Writer) (n int64, err error) {
	err = l.Lines(ctx, func(line []byte) error {
		n++
		if _, err := w.Write(line); err != nil {
			return err
		}
		_, err := w.Write([]byte{'\n'})
		return err
	})
	return n, err
}
