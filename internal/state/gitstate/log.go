package gitstate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"terrarium/internal/state"
)

// Files of a stack's directory on the branch.
const (
	LogFile  = "state.jsonl" // the log, byte for byte the local log's format
	LockFile = "lock.json"   // present while the stack is locked: the holder
)

// maxLockFile bounds a lock file read, in bytes; terrarium writes a few
// hundred.
const maxLockFile = 64 << 10

// maxAttempts bounds the retries of one push whose compare-and-swap lost
// to another writer.
const maxAttempts = 30

// ErrNoState is returned by Open when the branch holds no log for the
// stack and Options.Create is false. It wraps state.ErrNoState.
var ErrNoState = fmt.Errorf("%w on the git branch for this stack", state.ErrNoState)

// UnreachableError is what a read-only Open returns when the log cannot
// exist yet: the configuration is outside any git repository, or the
// repository has no such remote. It wraps state.ErrNoState, so readers
// plan without a log; show it as a warning.
type UnreachableError struct{ Err error }

// Error says why no log was read.
func (e *UnreachableError) Error() string { return e.Err.Error() + "; reading no state log" }

// Unwrap gives state.ErrNoState and the cause.
func (e *UnreachableError) Unwrap() []error { return []error{state.ErrNoState, e.Err} }

// RewrittenError refuses a branch whose history was rewritten (a
// force-push, a deleted branch) after this Log read it: the records it
// already read are no longer a prefix of the branch's log, or the branch's
// commit does not descend from the one read. It wraps a *state.ForkError,
// which gives its message.
type RewrittenError struct {
	state.ForkError
	Target string
	Reason string
}

func rewritten(target, reason string) *RewrittenError {
	return &RewrittenError{Target: target, Reason: reason, ForkError: state.ForkError{
		Backend: "git backend",
		Change:  fmt.Sprintf("%s was rewritten by someone else (%s)", target, reason),
		Refusal: "refusing to read or write it. Restore the branch from a clone that has its history (git push --force-with-lease), or compare with terrarium state verify",
	}}
}

// Unwrap gives the *state.ForkError.
func (e *RewrittenError) Unwrap() error { return &e.ForkError }

// Log is one stack's state log on a git branch. It keeps the log's bytes
// and the current state in memory.
type Log struct {
	r     *repo
	cfg   Config
	stack string
	path  string // STACK/state.jsonl on the branch
	lockp string // STACK/lock.json
	opts  state.Options

	// The state and the chain; Mu guards the fields below too and is
	// held through a push.
	state.LogCore
	head    string // the branch's commit as last read ("": none)
	content []byte // the log file at head
	holder  *state.LockInfo
	cpsRead int    // checkpoint records read
	held    string // id of the lock this Log holds ("": none)
	broken  error  // set when the branch could not be read consistently

	appends state.GroupCommit // Append calls share pushes (commitBatch)

	pushes atomic.Int64
}

var _ state.Log = (*Log)(nil)

// Open reads the stack's log from the branch of the remote (fetching only
// the branch's commits). Stack is required; Create writes the init record
// of a stack the branch does not hold yet (and the branch itself).
func Open(ctx context.Context, cfg Config, opts state.Options) (*Log, error) {
	opts.SetDefaults()
	if opts.Stack == "" {
		return nil, errors.New("git backend: no stack name")
	}
	dir, err := stackDir(opts.Stack)
	if err != nil {
		return nil, err
	}
	r, err := newRepo(ctx, cfg.Dir)
	if err == nil {
		err = r.checkRemote(ctx, cfg.remote())
	}
	if err != nil {
		if opts.ReadOnly && (errors.Is(err, errNotRepo) || errors.Is(err, errNoRemote)) {
			// Reading a log that cannot exist yet (a new repository, a
			// local try-out) is planning without one, as a fresh runner
			// does; writing it is the error.
			return nil, &UnreachableError{Err: err}
		}
		return nil, err
	}
	l := &Log{r: r, cfg: cfg, stack: opts.Stack, path: dir + "/" + LogFile, lockp: dir + "/" + LockFile, opts: opts}
	l.Reset(int64(opts.CheckpointEvery))
	l.appends = state.GroupCommit{Commit: l.commitBatch, Closed: errors.New("git backend: append to a closed log")}
	l.Mu.Lock()
	err = l.refresh(ctx)
	l.Mu.Unlock()
	if err != nil {
		return nil, err
	}
	if l.Chain.Seq > 0 {
		return l, nil
	}
	if !opts.Create || opts.ReadOnly {
		return nil, fmt.Errorf("%w (stack %q, %s)", ErrNoState, l.stack, cfg.Target())
	}
	init := state.Record{Kind: state.KindInit, Init: &state.Init{Stack: l.stack, Lineage: opts.NewID()}}
	if err := l.appends.Enqueue([]state.Record{init}); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Log) errorf(format string, args ...any) error {
	return fmt.Errorf("git backend: stack %q on %s: %w", l.stack, l.cfg.Target(), fmt.Errorf(format, args...))
}

// refresh reads the branch's head and folds in the records other writers
// pushed since the last read, checking that the branch only grew. l.Mu is
// held.
func (l *Log) refresh(ctx context.Context) error {
	if l.broken != nil {
		return l.broken
	}
	sha, err := l.r.remoteHead(ctx, l.cfg.remote(), l.cfg.ref())
	if err != nil {
		return l.errorf("reading the branch: %w", err)
	}
	if sha == l.head {
		return nil
	}
	if sha == "" {
		return l.fail(rewritten(l.cfg.Target(), "the branch was deleted"))
	}
	if err := l.r.fetch(ctx, l.cfg.remote(), sha); err != nil {
		return l.errorf("fetching the branch: %w", err)
	}
	if l.head != "" {
		ok, err := l.r.isAncestor(ctx, l.head, sha)
		if err != nil {
			return l.errorf("%w", err)
		}
		if !ok {
			return l.fail(rewritten(l.cfg.Target(), fmt.Sprintf("commit %s no longer descends from %s, which this run read", short(sha), short(l.head))))
		}
	}
	data, _, err := l.r.file(ctx, sha, l.path)
	if err != nil {
		return l.errorf("reading %s: %w", l.path, err)
	}
	if !bytes.HasPrefix(data, l.content) {
		return l.fail(rewritten(l.cfg.Target(), fmt.Sprintf("the %d records this run read are no longer the start of %s", l.Chain.Seq, l.path)))
	}
	// Everything that can fail without breaking the log is read before
	// the new records are folded in: a read that fails after them would
	// leave them folded with head not moved, and the next read would fold
	// them again (and call that a fork).
	holder, err := l.readHolder(ctx, sha)
	if err != nil {
		return l.errorf("%w", err)
	}
	if err := l.link(data[len(l.content):]); err != nil {
		return l.fail(err)
	}
	l.head, l.content, l.holder = sha, data, holder
	return nil
}

// fail marks the Log unusable: its view of the branch cannot be trusted.
func (l *Log) fail(err error) error {
	l.broken = err
	return err
}

// link checks and folds the new lines of the log file. l.Mu is held.
func (l *Log) link(add []byte) error {
	for len(add) > 0 {
		i := bytes.IndexByte(add, '\n')
		if i < 0 {
			return l.errorf("%w", &state.RecordError{Seq: l.Chain.Seq + 1, Reason: "incomplete last line (no newline): the file on the branch was not written by terrarium"})
		}
		line := add[:i]
		add = add[i+1:]
		rec, err := l.Fold(line, l.Chain.Seq+1, l.checkFirst)
		if err != nil {
			return l.errorf("%w", err)
		}
		if rec.Kind == state.KindCheckpoint {
			l.cpsRead++
		}
	}
	return nil
}

// checker is a Log that only links records (link), to check a log's
// chain from its start.
func checker(cfg Config, stack string) *Log {
	l := &Log{stack: stack, cfg: cfg}
	l.Reset(0)
	return l
}

// checkFirst refuses a first record that is not the init record of this
// Log's stack.
func (l *Log) checkFirst(rec *state.Record) error {
	if rec.Seq == 1 && (rec.Kind != state.KindInit || rec.Init.Stack != l.stack) {
		return &state.RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is not the init record of stack %q", l.stack)}
	}
	return nil
}

// readHolder reads the lock file in commit sha; nil when unlocked. A file
// that is not holder info is a lock with an id derived from its bytes, so
// that force-unlock can clear it.
func (l *Log) readHolder(ctx context.Context, sha string) (*state.LockInfo, error) {
	data, ok, err := l.r.fileMax(ctx, sha, l.lockp, maxLockFile)
	if errors.Is(err, errTooLarge) {
		// Not terrarium's: an id from the commit it was found in.
		return &state.LockInfo{ID: "corrupt-" + short(sha), Operation: "unknown (the lock file is not readable)"}, nil
	}
	if err != nil || !ok {
		return nil, err
	}
	var info state.LockInfo
	if json.Unmarshal(data, &info) != nil || info.ID == "" {
		sum := sha256.Sum256(data)
		return &state.LockInfo{ID: "corrupt-" + hex.EncodeToString(sum[:6]), Operation: "unknown (the lock file is not readable)"}, nil
	}
	return &info, nil
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// Commit is the branch commit this Log last read or wrote.
func (l *Log) Commit() string {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	return l.head
}

// Pushes counts the pushes attempted since Open (group commit shares one
// among concurrent appends).
func (l *Log) Pushes() int64 { return l.pushes.Load() }

// Config is where the log lives.
func (l *Log) Config() Config { return l.cfg }

// Refresh reads what other writers pushed since the last read.
func (l *Log) Refresh(ctx context.Context) error {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	return l.refresh(ctx)
}

// Records calls fn for every record from seq 1 in order. The log as read
// (or written) by this Log is used: Refresh first for the latest.
func (l *Log) Records(ctx context.Context, fn func(state.Record) error) error {
	return l.Scan(ctx, func(_ []byte, rec state.Record) error { return fn(rec) })
}

// Lines calls fn with every record's line, without its newline.
func (l *Log) Lines(ctx context.Context, fn func(line []byte) error) error {
	return l.Scan(ctx, func(line []byte, _ state.Record) error { return fn(line) })
}

// Scan calls fn with every line and its decoded record, in order. The
// chain was checked when the lines were read.
func (l *Log) Scan(ctx context.Context, fn func(line []byte, rec state.Record) error) error {
	l.Mu.Lock()
	data := l.content
	l.Mu.Unlock()
	var seq int64
	for len(data) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		i := bytes.IndexByte(data, '\n')
		line := data[:i]
		data = data[i+1:]
		seq++
		rec, err := state.Decode(line, seq)
		if err != nil {
			return err
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSONL writes the log as stored (`state pull`).
func (l *Log) WriteJSONL(_ context.Context, w io.Writer) (int64, error) {
	l.Mu.Lock()
	data, n := l.content, l.Chain.Seq
	l.Mu.Unlock()
	_, err := w.Write(data)
	return n, err
}

// VerifyReport reads the branch again from the first record, checking the
// whole chain; see Verify.
func (l *Log) VerifyReport(ctx context.Context) (*state.VerifyReport, error) {
	return verify(ctx, l.r, l.cfg, l.stack)
}

// Verify checks the whole chain of a stack's log on the branch without
// opening it (opening refuses the very damage verify exists to report),
// and reports as the local log's state.Verify does. It returns an error
// only when the branch cannot be read.
func Verify(ctx context.Context, cfg Config, stack string) (*state.VerifyReport, error) {
	if _, err := stackDir(stack); err != nil {
		return nil, err
	}
	r, err := newRepo(ctx, cfg.Dir)
	if err != nil {
		return nil, err
	}
	return verify(ctx, r, cfg, stack)
}

func verify(ctx context.Context, r *repo, cfg Config, stack string) (*state.VerifyReport, error) {
	path := stack + "/" + LogFile
	rep := &state.VerifyReport{Path: fmt.Sprintf("%s, %s", cfg.Target(), path)}
	sha, err := r.remoteHead(ctx, cfg.remote(), cfg.ref())
	if err != nil {
		return nil, fmt.Errorf("git backend: reading %s: %w", cfg.Target(), err)
	}
	var data []byte
	if sha != "" {
		if err := r.fetch(ctx, cfg.remote(), sha); err != nil {
			return nil, fmt.Errorf("git backend: fetching %s: %w", cfg.Target(), err)
		}
		if data, _, err = r.file(ctx, sha, path); err != nil {
			return nil, fmt.Errorf("git backend: reading %s: %w", path, err)
		}
	}
	fresh := checker(cfg, stack)
	if err := rep.Classify(fresh.link(data)); err != nil {
		return nil, err
	}
	snap := fresh.Replay.Snapshot()
	rep.Stack, rep.Lineage, rep.Records = snap.Stack, snap.Lineage, fresh.Chain.Seq
	rep.Checkpoints = fresh.cpsRead
	if rep.Bad == nil {
		rep.Head = fresh.Chain.Hash
	}
	if rep.Records == 0 && rep.Bad == nil {
		rep.Bad = &state.RecordError{Seq: 1, Reason: "the log is empty"}
	}
	return rep, nil
}

// Close waits for pending appends. It does not release a held lock.
func (l *Log) Close() error {
	l.appends.Close()
	return nil
}

// Append writes records in one pushed commit before returning: an intent
// is on the remote before the API call it announces. Calls that arrive
// while a push is in flight share the next commit (group commit). Like
// the local log it fills each record's FormatVersion, Seq, Prev and Time,
// a result's Op and Address from its intent, and an apply_start's
// (apply_end's) zero Serial.
func (l *Log) Append(ctx context.Context, recs ...state.Record) error {
	return l.appends.Append(ctx, recs)
}

// pushTimeout bounds one batch, retries included.
const pushTimeout = 2 * time.Minute

// commitBatch seals the batch onto the branch's head and pushes it; when
// another writer moved the branch first, it reads theirs, checks the chain
// and seals again.
func (l *Log) commitBatch(batch [][]state.Record) error {
	ctx, cancel := context.WithTimeout(context.Background(), pushTimeout)
	defer cancel()
	l.Mu.Lock()
	defer l.Mu.Unlock()
	for attempt := 1; ; attempt++ {
		// The first attempt pushes onto the head as last read: the push is
		// a compare-and-swap, and every change to the branch (records, a
		// lock taken or forced open) moves it, so a push that lands was
		// sealed onto the current head and checked against the current
		// lock. Only a refused push reads the branch again.
		if attempt > 1 || l.head == "" {
			if err := l.refresh(ctx); err != nil {
				return err
			}
		} else if l.broken != nil {
			return l.broken
		}
		if err := l.fence(batch); err != nil {
			return err
		}
		draft := l.Draft()
		sealed := make([][]state.Record, len(batch))
		var buf bytes.Buffer
		buf.Write(l.content)
		var kinds []string
		now := l.opts.Now()
		for bi, recs := range batch {
			sealed[bi] = make([]state.Record, len(recs))
			for i := range recs {
				rec := fresh(recs[i])
				if rec.Kind == state.KindInit && draft.Chain.Seq > 0 {
					sealed[bi][i] = rec // another process created the stack: keep its init
					continue
				}
				buf.Write(draft.Seal(&rec, now))
				buf.WriteByte('\n')
				kinds = append(kinds, string(rec.Kind))
				sealed[bi][i] = rec
			}
		}
		if cp := draft.SealCheckpoint(now); cp != nil {
			buf.Write(cp)
			buf.WriteByte('\n')
			kinds = append(kinds, string(state.KindCheckpoint))
		}
		if len(kinds) == 0 {
			return nil
		}
		msg := fmt.Sprintf("terrarium: stack %s records %d-%d (%s)\n", l.stack, l.Chain.Seq+1, draft.Chain.Seq, summarize(kinds))
		moved, err := l.push(ctx, map[string][]byte{l.path: buf.Bytes()}, msg)
		if err == nil {
			for bi, recs := range batch {
				copy(recs, sealed[bi])
			}
			l.content = buf.Bytes()
			l.Adopt(draft)
			return nil
		}
		if !moved || attempt >= maxAttempts {
			return l.errorf("pushing records %d-%d: %w", l.Chain.Seq+1, draft.Chain.Seq, err)
		}
	}
}

// fence refuses a batch when the lock this Log held is gone (released by
// force-unlock, or taken over), or when another holder has the stack
// locked; an init record may be written by anyone.
func (l *Log) fence(batch [][]state.Record) error {
	if l.held != "" && (l.holder == nil || l.holder.ID != l.held) {
		return l.errorf("the lock %s this run held is gone (released with force-unlock?); refusing to append", l.held)
	}
	if l.held != "" || l.holder == nil {
		return nil
	}
	for _, recs := range batch {
		for _, rec := range recs {
			if rec.Kind != state.KindInit {
				return l.errorf("the stack is locked by %s (lock id %s); refusing to append without the lock", l.holder.Holder(), l.holder.ID)
			}
		}
	}
	return nil
}

// push commits files onto the head and moves the branch from head to the
// commit, atomically; on success head is the new commit. moved reports a
// refusal because the branch was no longer at head (another writer won).
func (l *Log) push(ctx context.Context, files map[string][]byte, msg string) (moved bool, err error) {
	sha, err := l.r.commit(ctx, l.head, files, msg)
	if err != nil {
		return false, err
	}
	l.pushes.Add(1)
	perr := l.r.push(ctx, l.cfg.remote(), l.cfg.ref(), l.head, sha)
	if perr == nil {
		l.head = sha
		return false, nil
	}
	now, err := l.r.remoteHead(ctx, l.cfg.remote(), l.cfg.ref())
	if err != nil {
		return false, errors.Join(perr, err)
	}
	if now == sha {
		// The push landed though git reported an error (a dropped
		// connection after the update).
		l.head = sha
		return false, nil
	}
	return now != l.head, perr
}

// fresh copies a record with the payloads sealing fills in, so that a
// retry seals the caller's record again from scratch.
func fresh(rec state.Record) state.Record {
	if rec.Apply != nil {
		a := *rec.Apply
		rec.Apply = &a
	}
	if rec.Result != nil {
		r := *rec.Result
		rec.Result = &r
	}
	return rec
}

// summarize counts record kinds for a commit message: "intent x2, result".
func summarize(kinds []string) string {
	var parts []string
	for i := 0; i < len(kinds); {
		j := i
		for j < len(kinds) && kinds[j] == kinds[i] {
			j++
		}
		if j-i > 1 {
			parts = append(parts, fmt.Sprintf("%s x%d", kinds[i], j-i))
		} else {
			parts = append(parts, kinds[i])
		}
		i = j
	}
	return strings.Join(parts, ", ")
}
