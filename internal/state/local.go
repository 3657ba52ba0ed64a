package state

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/atomicfile"
	"terrarium/internal/safefile"
)

// Names of the local backend's files.
const (
	DefaultDir = ".terrarium"
	LogFile    = "state.jsonl"
	BrokenFile = "state.jsonl.broken"
	LockFile   = "lock.json"  // holder info, for people and messages
	OSLockFile = "state.lock" // the file the OS lock is taken on
	dirPerm    = 0o700
	filePerm   = 0o600
)

// ErrNoState is returned by Open when the log does not exist and
// Options.Create is false.
var ErrNoState = errors.New("no state log")

// Options configure Open.
type Options struct {
	// Stack, when set, must match the stack the log was created for; it
	// names the stack of a new log.
	Stack string
	// Create makes a missing directory and log (with its init record).
	Create bool
	// CheckpointEvery is the least number of records between checkpoints
	// (which also wait until the records since the last one outweigh
	// them in bytes: see Checkpoints); 0 means the default (500), a
	// negative number disables checkpoints.
	CheckpointEvery int
	// ReadOnly opens the log for a command that will not write it (plan,
	// show, history, state list/show/verify): a torn tail is left as it is
	// (the good records are read, with a warning), a log that holds no
	// complete record is ErrNoState, and nothing is created. Otherwise a
	// torn tail is set aside in state.jsonl.broken and cut off.
	ReadOnly bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// NewID makes lineage ids; nil means random UUIDs.
	NewID func() string
}

// Local is the log in a local directory: state.jsonl, one record a line.
type Local struct {
	dir  string
	opts Options
	f    *os.File

	LogCore          // the state and the chain; its Mu guards the fields below
	size      int64  // bytes of good records in the file
	broken    error  // set after a failed write; appends then refuse
	tornEnd   int64  // read-only: the file's size when a torn tail was left in place
	restarted bool   // the log is being started again over an empty or damaged file
	replaces  string // then, the .broken file its bytes were set aside in
	// creating releases the OS lock held from the file's creation to its
	// init record (openFile, start); nil when not held.
	creating func()
	// warnings are what Open recovered from or repaired (see Warnings).
	warnings  hcl.Diagnostics
	closed    bool
	quit      chan struct{}
	writerOut chan struct{}

	reqs     chan *appendReq
	inflight atomic.Int64
	fsyncs   atomic.Int64
}

var _ Log = (*Local)(nil)

// Open opens (or with Options.Create, creates) the log in dir, recovers a
// torn tail and loads the current state from the last checkpoint forward.
func Open(dir string, opts Options) (*Local, error) {
	opts.SetDefaults()
	if opts.ReadOnly {
		opts.Create = false
	}
	warnings, err := CheckDir(dir)
	if err != nil {
		return nil, err
	}
	l := &Local{dir: dir, opts: opts, warnings: warnings}
	f, created, err := l.openFile()
	if err != nil {
		return nil, err
	}
	l.f = f
	if created {
		err = l.start(nil)
	} else {
		err = l.load()
	}
	if l.creating != nil { // not used by start (an error before it)
		l.creating()
		l.creating = nil
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	if opts.Stack != "" && l.Replay.snap.Stack != opts.Stack {
		f.Close()
		return nil, fmt.Errorf("state log %s belongs to stack %q, not %q: use another --state-dir, or set stack = %q in the terrarium block", l.Path(), l.Replay.snap.Stack, opts.Stack, l.Replay.snap.Stack)
	}
	l.reqs = make(chan *appendReq)
	l.quit = make(chan struct{})
	l.writerOut = make(chan struct{})
	go l.writer()
	return l, nil
}

// Warnings are the warning diagnostics of Open (and of ForceUnlock): a
// torn tail it recovered from, or read around without changing it, a log
// started again, permissions of the state directory it tightened. They
// name no source range; the path is in their detail.
func (l *Local) Warnings() hcl.Diagnostics {
	l.Mu.Lock()
	defer l.Mu.Unlock()
	return l.warnings
}

// Path is the log file's path.
func (l *Local) Path() string { return filepath.Join(l.dir, LogFile) }

// Dir is the state directory.
func (l *Local) Dir() string { return l.dir }

// Fsyncs counts the file syncs Append has done, for tests and benchmarks.
func (l *Local) Fsyncs() int64 { return l.fsyncs.Load() }

// processFsyncs counts the log fsyncs of every Local in this process.
var processFsyncs atomic.Int64

// ProcessFsyncs returns how many times this process has synced a state log,
// for benchmarks (TERRARIUM_STATS_FILE).
func ProcessFsyncs() int64 { return processFsyncs.Load() }

func (l *Local) countFsync() {
	l.fsyncs.Add(1)
	processFsyncs.Add(1)
}

func (l *Local) openFile() (f *os.File, created bool, err error) {
	path := l.Path()
	mode := os.O_RDWR | os.O_APPEND
	if l.opts.ReadOnly {
		mode = os.O_RDONLY
	}
	f, err = openLog(path, mode)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, false, err
	}
	if !l.opts.Create {
		return nil, false, fmt.Errorf("%w at %s (nothing has been applied yet)", ErrNoState, path)
	}
	if l.opts.Stack == "" {
		return nil, false, errors.New("creating a state log needs a stack name")
	}
	if err := mkdirSynced(l.dir); err != nil {
		return nil, false, err
	}
	// The OS lock is held from the file's creation to its init record
	// (start): another process that finds the file empty meanwhile finds
	// the lock held and waits for the record, rather than take the file
	// for a log that holds none (a warning that it was started again, or,
	// reading, that nothing was ever recorded). Not held (another process
	// has it): start takes it.
	//
	// A holder that has named itself (lock.json: a run that holds the
	// state lock) is not starting the log: the file is not created then,
	// as start could not write its init record, and a refused command
	// creates nothing (an empty file left behind was read by every later
	// run as a log that holds no record). One that has not named itself
	// is looked at again for a moment (retryUnnamed): it may be another
	// process starting the log.
	unlock, lerr := tryOSLock(l.dir)
	if lerr == nil && unlock == nil {
		unlock, lerr = retryUnnamed(context.Background(), l.dir)
	}
	if lerr != nil {
		unlock = nil
	} else if unlock == nil {
		if f, err := openLog(path, mode); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return f, false, err // started meanwhile
		}
		return nil, false, notStartedLocked(path, l.dir)
	}
	f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL|safefile.OpenFlags, filePerm)
	if err != nil && unlock != nil {
		unlock()
		unlock = nil
	}
	l.creating = unlock
	if errors.Is(err, fs.ErrExist) { // another process created it first
		f, err = openLog(path, os.O_RDWR|os.O_APPEND)
		return f, false, err
	}
	return f, err == nil, err
}

// notStartedLocked is the refusal to start the log at path while another
// process holds the state lock in dir: nothing was created.
func notStartedLocked(path, dir string) error {
	who := "another process"
	if info, err := ReadLockInfo(dir); err == nil && info != nil && info.ID != "" {
		who = fmt.Sprintf("%s (for %s, lock id %s)", info.Holder(), info.Operation, info.ID)
	}
	return fmt.Errorf("state log %s is not started yet, and %s holds the state lock, so this command created nothing: run again when it is done", path, who)
}

// openLog opens the existing log file without following a symbolic link
// (which CheckDir has refused already; this closes the window after it),
// and makes sure it is a regular file.
func openLog(path string, mode int) (*os.File, error) {
	f, err := os.OpenFile(path, mode|safefile.OpenFlags, 0)
	if err != nil {
		return nil, refusedLink(path, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(path, fi.Mode())
		}
		return nil, err
	}
	return f, nil
}

// mkdirSynced creates dir (0700) if missing and syncs its parent so the new
// entry survives a crash.
func mkdirSynced(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(dir))
}

// writeInit writes the first record of a new log.
func (l *Local) writeInit() error {
	l.Reset(int64(l.opts.CheckpointEvery))
	rec := Record{Kind: KindInit, Init: &Init{Stack: l.opts.Stack, Lineage: l.opts.NewID(), Replaces: l.replaces, Restarted: l.restarted}}
	line, err := l.Chain.Seal(&rec, l.opts.Now())
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if _, err := l.f.Write(line); err != nil {
		return err
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	l.countFsync()
	if err := atomicfile.SyncDir(l.dir); err != nil {
		return err
	}
	l.Replay.Apply(&rec)
	l.size = int64(len(line))
	l.Checkpoints.Saw(&rec, len(line)-1)
	return nil
}

// Records calls fn for every record from seq 1 in order, up to the last
// record this log has read or written: a write another process has in
// flight is not half-read.
func (l *Local) Records(ctx context.Context, fn func(Record) error) error {
	l.Mu.Lock()
	size := l.size
	l.Mu.Unlock()
	return scanRecords(ctx, io.NewSectionReader(l.f, 0, size), func(line []byte, rec Record) error { return fn(rec) })
}

// Close stops the writer and closes the file.
func (l *Local) Close() error {
	l.Mu.Lock()
	if l.closed {
		l.Mu.Unlock()
		return nil
	}
	l.closed = true
	l.Mu.Unlock()
	close(l.quit)
	<-l.writerOut
	return l.f.Close()
}
