package state

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"

	"terrarium/internal/version"
)

// This file holds what every backend (the local files here, PostgreSQL in
// package pgstate) does the same way around the chain: option defaults,
// checking a record before it is queued, sealing it against the in-memory
// state, and filling a lock's holder info.

// defaultEvery is the number of records between checkpoints.
const defaultEvery = 500

// SetDefaults fills the zero fields of o: a checkpoint every 500 records,
// the wall clock, random UUIDs.
func (o *Options) SetDefaults() {
	if o.CheckpointEvery == 0 {
		o.CheckpointEvery = defaultEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.NewID == nil {
		o.NewID = uuid.NewString
	}
}

// CheckNew rejects a record that Append cannot seal, so that a backend can
// check a batch before it queues it and seal it later without failing.
func CheckNew(rec *Record) error {
	if err := rec.validate(); err != nil {
		return err
	}
	// encoding/json refuses a time outside years 1..9999.
	if y := rec.Time.Year(); !rec.Time.IsZero() && (y < 1 || y > 9999) {
		return fmt.Errorf("%s record: time %v is out of range", rec.Kind, rec.Time)
	}
	if rec.Kind == KindInit {
		return errors.New("init records are written by Open")
	}
	return nil
}

// SealChecked completes rec from the current state r (a result's Op and
// Address from its pending intent; an apply_start's zero Serial with the
// next serial, an apply_end's with the current one), seals it onto c and
// folds it into r. It returns the encoded line without its newline. rec
// must have passed CheckNew: a failure to seal is a bug and panics.
func SealChecked(c *Chain, r *Replay, rec *Record, now time.Time) []byte {
	switch rec.Kind {
	case KindResult:
		if in, ok := r.PendingIntent(rec.Result.IntentID); ok {
			if rec.Result.Op == "" {
				rec.Result.Op = in.Op
			}
			if rec.Result.Address == "" {
				rec.Result.Address = in.Address
			}
		}
	case KindApplyStart:
		if rec.Apply.Serial == 0 {
			rec.Apply.Serial = r.Serial() + 1
		}
	case KindApplyEnd:
		if rec.Apply.Serial == 0 {
			rec.Apply.Serial = r.Serial()
		}
	}
	line, err := c.Seal(rec, now)
	if err != nil {
		panic(fmt.Sprintf("state: sealing a checked record: %v", err))
	}
	r.Apply(rec)
	return line
}

// Fill fills the empty fields of a lock's holder info: a new id, this host
// and pid, the actor (see Actor), now from the given clock, and this
// terrarium's version.
func (i *LockInfo) Fill(now func() time.Time) {
	if i.ID == "" {
		i.ID = uuid.NewString()
	}
	if i.Host == "" {
		i.Host, _ = os.Hostname()
	}
	if i.PID == 0 {
		i.PID = os.Getpid()
	}
	if i.Who == "" {
		i.Who = Actor(os.Getenv)
	}
	if i.Created.IsZero() {
		i.Created = now().UTC()
	}
	if i.Version == "" {
		i.Version = version.String()
	}
}

// ProcessGone reports whether no process with pid exists on this host (a
// lock holder on this host that died); false where it cannot be known.
func ProcessGone(pid int) bool { return processGone(pid) }
