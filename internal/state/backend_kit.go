package state

import (
	"context"
	"encoding/json"
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

// defaultEvery is the least number of records between checkpoints.
const defaultEvery = 500

// SetDefaults fills the zero fields of o: checkpoints at least 500 records
// apart, the wall clock, random UUIDs.
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

// CheckAppend refuses the records of an Append call before they are
// queued: the caller's context is done, or a record cannot be sealed (see
// CheckNew).
func CheckAppend(ctx context.Context, recs []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range recs {
		if err := CheckNew(&recs[i]); err != nil {
			return err
		}
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

// Checkpoints decides when a backend seals a checkpoint, so that the log
// grows linearly: a checkpoint is written only when the bytes of the
// records sealed since the previous one (newlines included) are at least
// the checkpoint's own encoded size, and at least Every records followed
// it. Every checkpoint is thus paid for by the records before it, and the
// checkpoints of a log never take more bytes than its other records: the
// log is at most twice its records' size, however large the stack. A
// full checkpoint every N records would instead grow the log with the
// square of the stack. The zero value (Every 0) never checkpoints.
type Checkpoints struct {
	// Every is the least number of records between checkpoints
	// (Options.CheckpointEvery); 0 or less disables checkpoints.
	Every int64
	// Seq is the last checkpoint's sequence number (0: none yet).
	Seq int64
	// Since is the bytes of the records after the last checkpoint (after
	// the start of the log when there is none), each with its newline.
	Since int64
	// Cost is the bytes the next checkpoint needs at least: the size of
	// the last one, or of a refused attempt, with its newline. Encoding a
	// checkpoint costs its size, so waiting until Since reaches Cost also
	// keeps the refused attempts within the records' bytes.
	Cost int64

	// encoded keeps the encodings of the resources of the last attempt
	// (see checkpointenc.go): a checkpoint encodes only the resources
	// replaced since, and a refused attempt encodes nothing more.
	encoded resourceCache
}

// Saw counts a record of lineLen bytes (without its newline) that was
// sealed or read at the end of the log.
func (c *Checkpoints) Saw(rec *Record, lineLen int) {
	if rec.Kind == KindCheckpoint {
		c.Seq, c.Since, c.Cost = rec.Seq, 0, int64(lineLen)+1
		return
	}
	c.Since += int64(lineLen) + 1
}

// Seal seals a checkpoint of r onto ch and returns its line (without a
// newline) when one is due and paid for; otherwise it returns nil and
// changes only Cost. The checkpoint changes nothing in r: it is r's state.
func (c *Checkpoints) Seal(ch *Chain, r *Replay, now time.Time) []byte {
	if c.Every <= 0 || ch.Seq-c.Seq < c.Every || c.Since < c.Cost {
		return nil
	}
	cp := Record{Kind: KindCheckpoint, Checkpoint: r.Snapshot()}
	line, err := c.encode(ch, &cp, now)
	if err != nil {
		panic(fmt.Sprintf("state: sealing a checkpoint: %v", err))
	}
	if int64(line.size())+1 > c.Since {
		c.Cost = int64(line.size()) + 1
		return nil
	}
	b := line.bytes()
	ch.advance(b)
	c.Saw(&cp, len(b))
	return b
}

// encode fills in cp as the record after ch and encodes it, its resources
// from the encodings kept from the last attempt.
func (c *Checkpoints) encode(ch *Chain, cp *Record, now time.Time) (*checkpointLine, error) {
	if err := ch.prepare(cp, now); err != nil {
		return nil, err
	}
	line, next, ok, err := c.encoded.encodeCheckpoint(cp)
	if err != nil {
		return nil, fmt.Errorf("encoding %s record: %w", cp.Kind, err)
	}
	if !ok {
		b, err := json.Marshal(cp)
		if err != nil {
			return nil, fmt.Errorf("encoding %s record: %w", cp.Kind, err)
		}
		return &checkpointLine{head: b}, nil
	}
	c.encoded = next
	return line, nil
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

// ImportResult describes a copy of a local log into another backend
// (state migrate).
type ImportResult struct {
	Stack   string
	Lineage string
	Records int64 // records in the local log
	Copied  int64 // records the backend did not hold yet and now does (0: all were there)
}

// ProcessGone reports whether no process with pid exists on this host (a
// lock holder on this host that died); false where it cannot be known.
func ProcessGone(pid int) bool { return processGone(pid) }
