package state

import (
	"sync"
	"time"
)

// LogCore is the in-memory side of a state log, kept the same way by every
// backend (Local here, the logs of packages pgstate and gitstate): the
// state replayed from the records, the chain's head and the checkpoint
// schedule, guarded by Mu. A backend embeds it, guards its own fields with
// the same Mu, and gets Snapshot and Head from it. The fields and the
// methods other than Snapshot and Head are for the backends: they are
// called with Mu held.
type LogCore struct {
	Mu          sync.Mutex
	Replay      *Replay
	Chain       Chain
	Checkpoints Checkpoints
}

// Snapshot returns the current state; the caller must not modify it.
func (c *LogCore) Snapshot() *Snapshot {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	return c.Replay.Snapshot()
}

// Head returns the chain position of the last record.
func (c *LogCore) Head() Chain {
	c.Mu.Lock()
	defer c.Mu.Unlock()
	return c.Chain
}

// Reset empties the core: no records, checkpoints at least every records
// apart (0 or less: none). Mu is held, or the core is not shared yet.
func (c *LogCore) Reset(every int64) {
	c.Replay, c.Chain, c.Checkpoints = NewReplay(), Chain{}, Checkpoints{Every: every}
}

// Fold decodes line, a stored record without its newline that should be
// record seq, links it onto the chain and folds it into the state and the
// checkpoint schedule. check, when not nil, may refuse the linked record
// before it is folded in (a backend's rule for its first record). The
// error is Decode's, the chain's (a *RecordError) or check's. Mu is held.
func (c *LogCore) Fold(line []byte, seq int64, check func(*Record) error) (Record, error) {
	rec, err := Decode(line, seq)
	if err == nil {
		err = c.Chain.Link(line, &rec)
	}
	if err == nil && check != nil {
		err = check(&rec)
	}
	if err != nil {
		return rec, err
	}
	c.Replay.Apply(&rec)
	c.Checkpoints.Saw(&rec, len(line))
	return rec, nil
}

// Seal completes rec and seals it onto the chain as SealChecked does,
// counting it towards the next checkpoint, and returns its line without a
// newline. rec must have passed CheckNew. Mu is held.
func (c *LogCore) Seal(rec *Record, now time.Time) []byte {
	line := SealChecked(&c.Chain, c.Replay, rec, now)
	c.Checkpoints.Saw(rec, len(line))
	return line
}

// SealCheckpoint seals a checkpoint of the state when one is due and paid
// for (see Checkpoints) and returns its line without a newline; otherwise
// nil. Mu is held.
func (c *LogCore) SealCheckpoint(now time.Time) []byte {
	return c.Checkpoints.Seal(&c.Chain, c.Replay, now)
}

// Draft returns a copy of the core to seal a batch onto before it is
// known to be stored (a push that may be refused); Adopt takes it over
// once it is. The copy has its own state and an unused Mu. Mu is held.
func (c *LogCore) Draft() *LogCore {
	return &LogCore{Replay: ReplayFrom(c.Replay.Snapshot()), Chain: c.Chain, Checkpoints: c.Checkpoints}
}

// Adopt takes over the state, chain and checkpoint schedule of a draft
// whose records were stored. Mu is held.
func (c *LogCore) Adopt(d *LogCore) {
	c.Replay, c.Chain, c.Checkpoints = d.Replay, d.Chain, d.Checkpoints
}

// ForkError refuses a log that another writer changed under this one so
// that appending (or reading on) would fork the chain: a record stored at
// the sequence number this writer was appending, or a history rewritten
// after this writer read it. Backends return it inside their own error
// types (which name what changed); errors.As finds it there whatever the
// backend.
type ForkError struct {
	Backend string // the backend, as errors name it: "git backend"
	Change  string // what the other writer did
	Refusal string // what this writer refuses, and what to do next
}

// Error says what changed, what was refused and what to do.
func (e *ForkError) Error() string {
	return e.Backend + ": " + e.Change + "; " + e.Refusal
}
