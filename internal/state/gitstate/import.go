package gitstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"terrarium/internal/state"
)

// Import copies a log, given as its lines without newlines, onto the
// branch in one commit: `state migrate --to git`. The chain is verified
// first. A stack whose branch log is a prefix of these lines (an earlier,
// partial migration) gets the rest; one with another lineage, or that
// diverges or is longer, is refused, and so is a locked stack.
func Import(ctx context.Context, cfg Config, lines [][]byte) (state.ImportResult, error) {
	var res state.ImportResult
	if len(lines) == 0 {
		return res, errors.New("the local log is empty")
	}
	var all bytes.Buffer
	for _, line := range lines {
		all.Write(line)
		all.WriteByte('\n')
	}
	first, err := state.Decode(lines[0], 1)
	if err != nil || first.Kind != state.KindInit {
		return res, errors.New("the local log does not verify: record 1 is not an init record")
	}
	res.Stack, res.Lineage, res.Records = first.Init.Stack, first.Init.Lineage, int64(len(lines))
	check := checker(cfg, res.Stack)
	if err := check.link(all.Bytes()); err != nil {
		return res, fmt.Errorf("the local log does not verify, not migrating it: %w", err)
	}
	l, err := Open(ctx, cfg, state.Options{Stack: res.Stack})
	if err != nil && !errors.Is(err, state.ErrNoState) {
		return res, err
	}
	if l == nil {
		dir, _ := stackDir(res.Stack)
		r, _ := newRepo(ctx, cfg.Dir)
		l = &Log{r: r, cfg: cfg, stack: res.Stack, path: dir + "/" + LogFile, lockp: dir + "/" + LockFile}
		l.Reset(0)
	}
	l.Mu.Lock()
	defer l.Mu.Unlock()
	for attempt := 1; ; attempt++ {
		if err := l.refresh(ctx); err != nil {
			return res, err
		}
		if l.holder != nil {
			return res, l.lockedError()
		}
		have := l.content
		switch {
		case l.Chain.Seq > 0 && l.Replay.Snapshot().Lineage != res.Lineage:
			return res, fmt.Errorf("%w: lineage mismatch (branch %s, local %s); refusing to mix two histories", errDiverged, l.Replay.Snapshot().Lineage, res.Lineage)
		case !bytes.HasPrefix(all.Bytes(), have):
			return res, fmt.Errorf("%w: the branch's %d records are not the start of the local log; read the branch's with `state pull`", errDiverged, l.Chain.Seq)
		case len(have) == all.Len():
			return res, nil
		}
		msg := fmt.Sprintf("terrarium: stack %s records %d-%d (state migrate)\n", res.Stack, l.Chain.Seq+1, len(lines))
		moved, err := l.push(ctx, map[string][]byte{l.path: all.Bytes()}, msg)
		if err == nil {
			res.Copied = int64(len(lines)) - l.Chain.Seq
			return res, nil
		}
		if !moved || attempt >= maxAttempts {
			return res, l.errorf("pushing the records: %w", err)
		}
	}
}

var errDiverged = errors.New("the git branch already holds a different log for this stack")
