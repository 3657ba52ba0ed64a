package state

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/atomicfile"
	"terrarium/internal/safefile"
)

// checkpointNeedle is how a checkpoint record's kind is encoded. It can also
// occur inside a record (a metadata key "kind"), so every hit is decoded.
var checkpointNeedle = []byte(`"kind":"checkpoint"`)

// findTail returns the file offset of the last complete checkpoint line (0
// when there is none), the bytes from there to size, and that checkpoint
// decoded (nil when there is none), so that it is not decoded twice: it is
// the largest line of the log. It reads backwards from the end in growing
// chunks, so loading costs the tail, not the file.
func findTail(r io.ReaderAt, size int64) (int64, []byte, *Record, error) {
	pos, limit := size, size // candidates must start before limit
	var buf []byte           // the file from pos to size
	chunk := int64(64 << 10)
	for pos > 0 {
		n := min(chunk, pos)
		chunk *= 2
		nb := make([]byte, int(n)+len(buf))
		if _, err := r.ReadAt(nb[:n], pos-n); err != nil && err != io.EOF {
			return 0, nil, nil, err
		}
		copy(nb[n:], buf)
		buf, pos = nb, pos-n
		for {
			end := min(len(buf), int(limit-pos)+len(checkpointNeedle)-1)
			i := bytes.LastIndex(buf[:end], checkpointNeedle)
			if i < 0 {
				limit = pos
				break
			}
			j := bytes.LastIndexByte(buf[:i], '\n')
			if j < 0 && pos > 0 {
				break // the line starts in an earlier chunk
			}
			limit = pos + int64(i)
			k := bytes.IndexByte(buf[i:], '\n')
			if k < 0 {
				continue // an incomplete last line: a torn write
			}
			line := buf[j+1 : i+k]
			if rec, err := Decode(line, 0); err == nil && rec.Kind == KindCheckpoint {
				return pos + int64(j+1), buf[j+1:], &rec, nil
			}
		}
	}
	return 0, buf, nil, nil
}

// tailScan is the outcome of reading the records of a tail.
type tailScan struct {
	replay  *Replay
	chain   Chain
	cps     Checkpoints
	goodEnd int   // bytes of good records from the tail's start
	bad     error // the first bad record, nil when all are good
	torn    bool  // bad bytes that a crash mid-write explains
}

// scanTail replays the records in buf, which starts at the file's
// beginning (start 0) or at the checkpoint line that cp decodes, checking
// the chain as it goes.
func scanTail(buf []byte, start int64, cp *Record) tailScan {
	var ts tailScan
	end, err := splitLines(buf, func(off int, line []byte) error {
		var rec Record
		var err error
		if ts.replay == nil && start > 0 && cp != nil {
			rec = *cp
		} else {
			rec, err = Decode(line, ts.chain.Seq+1)
		}
		switch {
		case err != nil:
		case ts.replay == nil && start > 0:
			// The checkpoint is the state: ReplayFrom copies it, so
			// applying it again would only copy it twice.
			ts.chain.Start(line, &rec)
			ts.replay = ReplayFrom(rec.Checkpoint)
			ts.cps.Saw(&rec, len(line))
			ts.goodEnd = off + len(line) + 1
			return nil
		default:
			err = ts.chain.Link(line, &rec)
			if err == nil && ts.replay == nil {
				err = ts.first(&rec)
			}
		}
		if err != nil {
			return err
		}
		ts.replay.Apply(&rec)
		ts.cps.Saw(&rec, len(line))
		ts.goodEnd = off + len(line) + 1
		return nil
	})
	switch {
	case err != nil:
		ts.bad = err
		ts.torn = !isFuture(err) && !anyGoodLine(buf[end:])
	case end < len(buf):
		ts.bad = &RecordError{Seq: ts.chain.Seq + 1, Reason: "incomplete last line (no newline)"}
		ts.torn = true
	}
	return ts
}

func (ts *tailScan) first(rec *Record) error {
	if rec.Kind != KindInit {
		return &RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is %s, not init", rec.Kind)}
	}
	ts.replay = NewReplay()
	return nil
}

// anyGoodLine reports whether a complete, decodable record follows the
// first line of buf (which is the bad one). If so, the damage is not a torn
// tail, and dropping it would lose good records.
func anyGoodLine(buf []byte) bool {
	i := bytes.IndexByte(buf, '\n')
	if i < 0 {
		return false
	}
	found := false
	splitLines(buf[i+1:], func(_ int, line []byte) error {
		if _, err := Decode(line, 0); err == nil {
			found = true
			return io.EOF
		}
		return nil
	})
	return found
}

// load reads the current state from the last checkpoint forward. A torn
// tail is set aside and cut off, unless the log is open read-only: then
// the good records are read and the file is left as it is.
func (l *Local) load() error {
	fi, err := l.f.Stat()
	if err != nil {
		return err
	}
	start, buf, cp, err := findTail(l.f, fi.Size())
	if err != nil {
		return fmt.Errorf("reading %s: %w", l.Path(), err)
	}
	ts := scanTail(buf, start, cp)
	if ts.bad != nil && !ts.torn {
		if isFuture(ts.bad) {
			return fmt.Errorf("%s: %w", l.Path(), ts.bad)
		}
		return fmt.Errorf("state log %s is corrupt: %w; the records after it are intact, so this is not a torn write and nothing was changed (run terrarium state verify; restore the file from a backup)", l.Path(), ts.bad)
	}
	good := start + int64(ts.goodEnd)
	if ts.replay == nil { // empty, or the init record was torn
		return l.restart(ts)
	}
	if ts.torn {
		if l.opts.ReadOnly {
			l.warn("State log has an incomplete tail", fmt.Sprintf("The state log %s ends in an incomplete record after record %d (%v), most likely a write cut off by a crash: read the %d good records and changed nothing. The next terrarium apply (or import, forget) sets the damaged bytes aside in %s.", l.Path(), ts.chain.Seq, ts.bad, ts.chain.Seq, BrokenFile))
			l.tornEnd = fi.Size()
		} else if _, err := l.recover(good, fi.Size(), ts); err != nil {
			return err
		}
	}
	l.Replay, l.Chain, l.Checkpoints, l.size = ts.replay, ts.chain, ts.cps, good
	l.Checkpoints.Every = int64(l.opts.CheckpointEvery)
	return nil
}

// NoRecordsError is a log file that holds no complete record: it is empty,
// or a crash cut its first (init) record. Nothing was ever recorded in it,
// so a command that creates logs starts it again. It wraps ErrNoState.
type NoRecordsError struct {
	Path string
	Bad  error // the damage, nil for an empty file
}

// Error says what is wrong and the command that starts the log again.
func (e *NoRecordsError) Error() string {
	what := "is empty"
	if e.Bad != nil {
		what = fmt.Sprintf("holds no complete record (its first record is cut off: %v)", e.Bad)
	}
	return fmt.Sprintf("state log %s %s, so nothing was ever recorded in it; terrarium apply starts a new log there, keeping any damaged bytes in %s", e.Path, what, BrokenFile)
}

// Unwrap makes errors.Is(err, ErrNoState) hold.
func (e *NoRecordsError) Unwrap() error { return ErrNoState }

// restart handles a log with no complete record: a command that creates
// logs sets the damaged bytes aside and writes a new init record that says
// so; any other gets a *NoRecordsError and nothing changes.
func (l *Local) restart(ts tailScan) error {
	nre := &NoRecordsError{Path: l.Path(), Bad: ts.bad}
	if !l.opts.Create || l.opts.Stack == "" {
		if ts.bad == nil && l.startedMeanwhile() {
			return l.load()
		}
		return nre
	}
	return l.start(nre)
}

// startedMeanwhile reports whether an empty log file, opened without
// Create, holds a record once the process that holds the OS lock (the
// one starting the log: openFile holds it from the file's creation to
// its init record) has let it go, waited for a moment. It takes the lock
// only to see it free, and only when the lock file is there.
func (l *Local) startedMeanwhile() bool {
	if _, err := os.Lstat(filepath.Join(l.dir, OSLockFile)); err != nil {
		return false
	}
	unlock, err := tryOSLock(l.dir)
	if err == nil && unlock == nil {
		unlock, err = retryUnnamed(context.Background(), l.dir)
	}
	if err != nil || unlock == nil {
		return false
	}
	unlock()
	_, ts, err := l.scanFile()
	return err == nil && ts.replay != nil
}

// start writes the init record of a log file that holds no complete
// record: one this process has just created (nre nil), or one found empty
// or with its first record cut off (nre). It does so holding the OS lock,
// reading the file again under it: two first applies of a stack open the
// log at the same moment, and the one that did not create the file finds
// it empty until the other has written its init record. Without the lock
// both wrote one, and the log held two records numbered 1. When the file
// holds a complete record under the lock, another process started the log
// meanwhile, and it is read as any log is.
func (l *Local) start(nre *NoRecordsError) error {
	created := nre == nil
	if created {
		nre = &NoRecordsError{Path: l.Path()}
	}
	unlock, err := l.creating, error(nil)
	l.creating = nil
	if unlock == nil {
		unlock, err = tryOSLock(l.dir)
	}
	if err == nil && unlock == nil {
		unlock, err = retryUnnamed(context.Background(), l.dir)
	}
	if err != nil {
		return err
	}
	size, ts, err := l.scanFile()
	switch {
	case err == nil && ts.replay != nil:
		// Started meanwhile by the other process, which may hold the
		// lock now for its apply. load takes the lock again if the tail
		// needs recovering.
		if unlock != nil {
			unlock()
		}
		return l.load()
	case unlock == nil:
		// Not a missing log (ErrNoState): this command was asked to
		// create it.
		return fmt.Errorf("%v; another process holds the state lock, so it was left as it is: run again when it is done", nre)
	}
	defer unlock()
	if err != nil {
		return err
	}
	saved := ""
	if size > 0 {
		if saved, err = l.recoverLocked(0, size, ts); err != nil {
			return err
		}
	}
	switch {
	case saved != "":
		l.restarted, l.replaces = true, filepath.Base(saved)
	case !created:
		l.restarted = true
		l.warn("State log started again", fmt.Sprintf("The state log %s was empty; it starts again with a new init record.", l.Path()))
	}
	return l.writeInit()
}

// scanFile reads the log file's tail as it is now.
func (l *Local) scanFile() (int64, tailScan, error) {
	fi, err := l.f.Stat()
	if err != nil {
		return 0, tailScan{}, err
	}
	start, buf, cp, err := findTail(l.f, fi.Size())
	if err != nil {
		return 0, tailScan{}, fmt.Errorf("reading %s: %w", l.Path(), err)
	}
	return fi.Size(), scanTail(buf, start, cp), nil
}

// recover saves the bytes after the last good record to a .broken file and
// truncates the log there, returning the .broken file's path. It does so
// only while it can take the OS lock: if another process holds it, the
// "torn" tail may be its write in flight, and recover returns "". A holder
// that has not named itself is looked at again for a moment first
// (retryUnnamed).
func (l *Local) recover(good, size int64, ts tailScan) (string, error) {
	unlock, err := tryOSLock(l.dir)
	if err == nil && unlock == nil {
		unlock, err = retryUnnamed(context.Background(), l.dir)
	}
	if err != nil {
		return "", err
	}
	if unlock == nil {
		l.warn("State log has an incomplete tail", fmt.Sprintf("The state log %s has an incomplete tail after record %d, but another process holds the lock (the tail may be its write in flight): reading the good records only.", l.Path(), ts.chain.Seq))
		return "", nil
	}
	defer unlock()
	return l.recoverLocked(good, size, ts)
}

// recoverLocked is recover with the OS lock held.
func (l *Local) recoverLocked(good, size int64, ts tailScan) (string, error) {
	bad := make([]byte, size-good)
	if _, err := l.f.ReadAt(bad, good); err != nil && err != io.EOF {
		return "", err
	}
	saved, err := saveBroken(l.dir, bad)
	if err != nil {
		return "", err
	}
	if err := l.f.Truncate(good); err != nil {
		return "", fmt.Errorf("truncating %s: %w", l.Path(), err)
	}
	if err := l.f.Sync(); err != nil {
		return "", err
	}
	l.warn("State log recovered from a torn write", fmt.Sprintf("The state log %s ended in a torn write (%v): kept %d records and moved the %d bytes after them to %s.", l.Path(), ts.bad, ts.chain.Seq, len(bad), saved))
	return saved, nil
}

// warn records a warning diagnostic of Open.
func (l *Local) warn(summary, detail string) {
	l.warnings = l.warnings.Append(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail})
}

// saveBroken writes bad bytes to state.jsonl.broken, or .broken.N when
// that exists, and syncs it and the directory.
func saveBroken(dir string, bad []byte) (string, error) {
	for n := 0; ; n++ {
		name := dir + string(os.PathSeparator) + BrokenFile
		if n > 0 {
			name = fmt.Sprintf("%s.%d", name, n)
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|safefile.OpenFlags, filePerm)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(bad)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = atomicfile.SyncDir(dir)
		}
		return name, err
	}
}

// NoRecordsWarning is e as the warning a reading command shows: it plans
// or reads as for a new log, and says how the log starts again.
func NoRecordsWarning(e *NoRecordsError) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "State log holds no record", Detail: "The " + e.Error() + "."}
}
