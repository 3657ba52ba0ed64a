// Package apply executes a plan against the environments API, journaling
// every call in the state log. It never prints: it emits typed events that
// the views in internal/render turn into text or JSON lines.
package apply

import (
	"time"

	"terrarium/internal/plan"
)

// Event is one thing that happened during an apply.
type Event interface{ eventName() string }

// ChangeStarted is sent when a change's first API call is about to go out.
type ChangeStarted struct {
	Address string
	Action  plan.Action
	// Step is "" for the change itself, or "temp-rename" for the parking
	// rename of a name swap.
	Step string
}

// ChangeCompleted is sent when a change (or its step) has landed.
type ChangeCompleted struct {
	Address  string
	Action   plan.Action
	Step     string
	ID       string
	Duration time.Duration
}

// ChangeFailed is sent when a change failed; later steps of it do not run.
type ChangeFailed struct {
	Address   string
	Action    plan.Action
	Step      string
	Code      string // the API's error code, "ambiguous", "verify" or ""
	RequestID string
	Message   string
}

// ChangeSkipped is sent for a change that was not attempted.
type ChangeSkipped struct {
	Address string
	Action  plan.Action
	Reason  string
}

// Progress is sent after each change settles.
type Progress struct {
	Done, Total int
	Elapsed     time.Duration
}

// Summary is the last event, and Run's result.
type Summary struct {
	// Counts holds the changes that succeeded, per action.
	Counts       map[plan.Action]int
	Succeeded    []string
	Failed       []Failure
	NotAttempted []Skip
	Serial       int64
	Duration     time.Duration
	// RefreshOnly is set when the apply only accepted drift into the log.
	RefreshOnly bool
	Refreshed   int
	// Interrupted is set when the context was cancelled mid-apply.
	Interrupted bool
	// Journal is set when a state log write failed: what was and was not
	// recorded. Serial is then the serial the log actually has.
	Journal *JournalFailure
}

// JournalFailure says what a failed state log write left unrecorded.
type JournalFailure struct {
	Err string `json:"error"`
	// Started is false when not even the apply's start was recorded: the
	// log is as it was before the apply, and no call was made.
	Started bool `json:"started"`
	// Unrecorded lists the addresses of calls that were made and whose
	// outcome was not recorded; their intents are pending in the log, for
	// the next plan, apply or state refresh to settle.
	Unrecorded []string `json:"unrecorded"`
}

// Failure is one failed change in the summary.
type Failure struct {
	Address   string      `json:"address"`
	Action    plan.Action `json:"action"`
	Code      string      `json:"code,omitempty"`
	RequestID string      `json:"request_id,omitempty"`
	Message   string      `json:"message"`
}

// Skip is one change that was not attempted, and why.
type Skip struct {
	Address string      `json:"address"`
	Action  plan.Action `json:"action"`
	Reason  string      `json:"reason"`
}

// OK reports whether every change succeeded.
func (s *Summary) OK() bool {
	return len(s.Failed) == 0 && len(s.NotAttempted) == 0 && !s.Interrupted && s.Journal == nil
}

func (ChangeStarted) eventName() string   { return "change_started" }
func (ChangeCompleted) eventName() string { return "change_completed" }
func (ChangeFailed) eventName() string    { return "change_failed" }
func (ChangeSkipped) eventName() string   { return "change_skipped" }
func (Progress) eventName() string        { return "progress" }
func (*Summary) eventName() string        { return "summary" }

// EventName returns the stable name of an event kind, for JSON views.
func EventName(e Event) string { return e.eventName() }
