// Package state is terrarium's versioned, append-only state log: the version
// history of every environment a stack manages, the journal that makes apply
// crash-safe, and the lock that keeps two writers apart.
package state

import (
	"context"
	"time"

	"terrarium/internal/origin"
	"terrarium/schema"
)

// FormatVersion is the record format this build writes and reads.
const FormatVersion = 1

// Kind names a record kind.
type Kind string

// Record kinds.
const (
	KindInit       Kind = "init"        // first record: stack and lineage
	KindApplyStart Kind = "apply_start" // an apply begins; raises the serial
	KindApplyEnd   Kind = "apply_end"
	KindIntent     Kind = "intent" // written durably before an API mutation
	KindResult     Kind = "result" // written after it, ok or error
	KindRefresh    Kind = "refresh"
	KindImport     Kind = "import"
	KindForget     Kind = "forget"
	KindMove       Kind = "move"
	KindCheckpoint Kind = "checkpoint"
)

// Op is the API mutation (or bookkeeping step) an intent announces.
type Op string

// Operations.
const (
	OpCreate  Op = "create"
	OpUpdate  Op = "update"
	OpArchive Op = "archive"
	OpDelete  Op = "delete"
	OpAdopt   Op = "adopt"  // ownership keys written on an existing environment
	OpForget  Op = "forget" // ownership keys removed
	OpMove    Op = "move"   // address key changed
)

// Record is one line of the log. Seq, Prev, Time and FormatVersion are
// filled in by Append; exactly one payload pointer is set, matching Kind.
type Record struct {
	FormatVersion int       `json:"format_version"`
	Seq           int64     `json:"seq"`
	Prev          string    `json:"prev"` // hex SHA-256 of the previous line
	Time          time.Time `json:"time"`
	Kind          Kind      `json:"kind"`

	Init       *Init      `json:"init,omitempty"`
	Apply      *Apply     `json:"apply,omitempty"`
	Intent     *Intent    `json:"intent,omitempty"`
	Result     *Result    `json:"result,omitempty"`
	Env        *EnvRecord `json:"env,omitempty"` // refresh, import, forget, move
	Checkpoint *Snapshot  `json:"checkpoint,omitempty"`
	// Origin is where the run that wrote the record ran (the API, the
	// workspace, the organization); nil on records written by an older
	// terrarium and on records of no run. It comes last, so that the
	// fields the stack history reads straight from a line keep their place.
	Origin *origin.Origin `json:"origin,omitempty"`
}

// Init is the payload of the first record.
type Init struct {
	Stack   string `json:"stack"`
	Lineage string `json:"lineage"`
	// Replaces, on a log started over a file that held no complete
	// record, names the file (in the state directory) its bytes were set
	// aside in: "state.jsonl.broken", or "" when the file was empty.
	Replaces string `json:"replaces,omitempty"`
	// Restarted is true on a log started over an empty or damaged file.
	Restarted bool `json:"restarted,omitempty"`
}

// Apply is the payload of apply_start and apply_end records.
type Apply struct {
	Serial    int64          `json:"serial"`
	Actor     string         `json:"actor,omitempty"`
	Host      string         `json:"host,omitempty"`
	GitCommit string         `json:"git_commit,omitempty"`
	GitBranch string         `json:"git_branch,omitempty"`
	PlanID    string         `json:"plan_id,omitempty"`
	Summary   map[string]int `json:"summary,omitempty"` // action -> count
	Error     string         `json:"error,omitempty"`   // apply_end of a failed apply
}

// Intent announces an API mutation before it is sent.
type Intent struct {
	ID      string `json:"id"` // unique per intent; the result refers to it
	Op      Op     `json:"op"`
	Address string `json:"address"`
	EnvID   string `json:"env_id,omitempty"` // empty for create
	// Spec is the desired object (create, update), including ownership keys.
	Spec *schema.EnvSpec `json:"spec,omitempty"`
	// Sensitive lists the paths of Spec that derive from a sensitive
	// variable; the recorded version keeps them hidden in every view.
	Sensitive []string `json:"sensitive,omitempty"`
	// From is the previous address of a move.
	From           string `json:"from,omitempty"`
	PreventDestroy bool   `json:"prevent_destroy,omitempty"`
}

// Result closes an intent with its outcome. Apply writes one per intent:
// landed (OK, with Live), failed (a 4xx that proves nothing changed), not
// sent, or ambiguous (the call may have reached the API and its answer
// does not say what happened). An ambiguous intent stays pending until a
// refresh settles it: a second result with Settled set and the outcome
// the live object shows (landed, not applied, outside, superseded).
type Result struct {
	IntentID string `json:"intent_id"`
	// Op and Address repeat the intent's; Append fills them in when empty so
	// that history can find an address's results without the intent.
	Op      Op     `json:"op,omitempty"`
	Address string `json:"address,omitempty"`
	// Settled marks a result written by a refresh that compared the live
	// object with the intent, not by the call's own answer.
	Settled bool `json:"settled,omitempty"`
	// Outcome is empty in logs written before outcomes were recorded:
	// landed when OK, failed otherwise.
	Outcome Outcome         `json:"outcome,omitempty"`
	OK      bool            `json:"ok"`
	Live    *schema.LiveEnv `json:"live,omitempty"`
	Error   *ErrorInfo      `json:"error,omitempty"`
}

// Outcome is how an intent ended.
type Outcome string

// Outcomes. OK is true for landed only.
const (
	// OutcomeLanded: the change is live; Live is the object.
	OutcomeLanded Outcome = "landed"
	// OutcomeFailed: the API refused the only attempt with a 4xx, which
	// proves that nothing changed.
	OutcomeFailed Outcome = "failed"
	// OutcomeNotSent: the call never went out.
	OutcomeNotSent Outcome = "not_sent"
	// OutcomeAmbiguous: the call may have reached the API (a timeout, a
	// dropped connection, a 5xx or 429 after it was sent); the intent stays
	// pending until a refresh settles it.
	OutcomeAmbiguous Outcome = "ambiguous"
	// OutcomeNotApplied (settled): the live object is the before-state.
	OutcomeNotApplied Outcome = "not_applied"
	// OutcomeOutside (settled): the live object is neither the request nor
	// the before-state: it was changed outside terrarium. Live is recorded
	// as such.
	OutcomeOutside Outcome = "outside"
	// OutcomeSuperseded (settled): a later intent of the same environment
	// decides what is live; this one is closed without a version.
	OutcomeSuperseded Outcome = "superseded"
)

// Of returns the outcome of r, reading a log written before outcomes were
// recorded as landed or failed.
func (r *Result) Of() Outcome {
	switch {
	case r.Outcome != "":
		return r.Outcome
	case r.OK:
		return OutcomeLanded
	}
	return OutcomeFailed
}

// ErrorInfo is an API refusal as recorded; never a credential.
type ErrorInfo struct {
	Code      string `json:"code,omitempty"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// EnvRecord is the payload of refresh, import, forget and move records.
type EnvRecord struct {
	Address        string          `json:"address"`
	From           string          `json:"from,omitempty"` // move
	Live           *schema.LiveEnv `json:"live,omitempty"`
	PreventDestroy bool            `json:"prevent_destroy,omitempty"`
}

// Snapshot is the current state of a stack, derived from the log.
type Snapshot struct {
	Stack   string `json:"stack"`
	Lineage string `json:"lineage"`
	Serial  int64  `json:"serial"`
	// Origin is the log's own origin: that of the last record that has
	// one (Accepted cleared); nil when no record has one.
	Origin *origin.Origin `json:"origin,omitempty"`
	// Resources maps an address to its current version.
	Resources map[string]*Resource `json:"resources"`
	// Pending lists intents that are not settled: no result, or an
	// ambiguous one. The next refresh (plan, apply, state refresh) settles
	// each against the live objects (Settle).
	Pending []Intent `json:"pending,omitempty"`
	// Retired holds the last version number of addresses that left the
	// stack (archive, delete, forget), so that a later environment at the
	// same address continues the numbering instead of restarting at v1.
	Retired map[string]int `json:"retired,omitempty"`
}

// Resource is the current version of one managed environment.
type Resource struct {
	Address string `json:"address"`
	ID      string `json:"id"`
	// Version counts the versions recorded for this address, v1..vN.
	Version int `json:"version"`
	// Live is the object as last applied or accepted.
	Live schema.LiveEnv `json:"live"`
	// Baseline, when set, is the version terrarium last made or accepted
	// while Live is a change made outside terrarium that settling a lost
	// answer recorded (outcome outside). Recording that change is not
	// accepting it: drift is measured from Baseline until an apply reverts
	// it or a refresh accepts it. Nil otherwise.
	Baseline       *schema.LiveEnv `json:"baseline,omitempty"`
	PreventDestroy bool            `json:"prevent_destroy,omitempty"`
	// Sensitive lists the attribute paths (as plan names them) whose value
	// derives from a sensitive variable: views show "(sensitive value)".
	Sensitive []string `json:"sensitive,omitempty"`
	// Origin is where the run that recorded this version ran; nil when
	// an older terrarium recorded it.
	Origin *origin.Origin `json:"origin,omitempty"`
}

// Log is the interface every backend (local files, PostgreSQL) provides
// with the same guarantees.
type Log interface {
	// Snapshot returns the current state. The caller must not modify it.
	Snapshot() *Snapshot
	// Append writes records durably before returning; concurrent callers
	// share one sync per batch. It fills Seq, Prev, Time, FormatVersion.
	Append(ctx context.Context, recs ...Record) error
	// Records calls fn for every record from seq 1 in order.
	Records(ctx context.Context, fn func(Record) error) error
	// Lock takes the stack's writer lock, waiting up to timeout.
	Lock(ctx context.Context, info LockInfo, timeout time.Duration) (Unlocker, error)
	// Head is the position of the last record read or written: a writer
	// that finds it unchanged under the lock knows nobody wrote since.
	Head() Chain
	Close() error
}

// Unlocker releases a held lock.
type Unlocker interface {
	Unlock() error
}

// LockInfo describes a lock holder.
type LockInfo struct {
	ID        string    `json:"id"`
	Who       string    `json:"who"`
	Host      string    `json:"host"`
	PID       int       `json:"pid"`
	Operation string    `json:"operation"`
	Created   time.Time `json:"created"`
	Version   string    `json:"version"`
}
