package render

import (
	"encoding/json"
	"io"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/apply"
	"terrarium/internal/plan"
)

// ApplyJSONFormatVersion versions the apply event stream.
const ApplyJSONFormatVersion = 1

// ApplyJSON is the machine view of an apply: one JSON object per line.
type ApplyJSON struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// NewApplyJSON returns the JSON-lines apply view writing to w.
func NewApplyJSON(w io.Writer) *ApplyJSON { return &ApplyJSON{enc: newJSONEncoder(w)} }

type applyJSONEvent struct {
	FormatVersion int         `json:"format_version"`
	Type          string      `json:"type"`
	Address       string      `json:"address,omitempty"`
	Action        plan.Action `json:"action,omitempty"`
	Step          string      `json:"step,omitempty"`
	ID            string      `json:"id,omitempty"`
	DurationMS    *int64      `json:"duration_ms,omitempty"`
	Code          string      `json:"code,omitempty"`
	RequestID     string      `json:"request_id,omitempty"`
	Message       string      `json:"message,omitempty"`
	Done          int         `json:"done,omitempty"`
	Total         int         `json:"total,omitempty"`
	ElapsedMS     *int64      `json:"elapsed_ms,omitempty"`
	Pace          *jsonPace   `json:"pace,omitempty"`
	Summary       *jsonSum    `json:"summary,omitempty"`
	// Diagnostic is set on "diagnostic" events.
	Diagnostic *JSONDiagnostic `json:"diagnostic,omitempty"`
}

// jsonPace is a paced event: writes per minute now and as configured, the
// 429s heard, and the remaining changes with their estimated time.
type jsonPace struct {
	WritesPerMinute     float64 `json:"writes_per_minute"`
	ConfiguredPerMinute float64 `json:"configured_per_minute"`
	RateLimited         int     `json:"rate_limited"`
	Remaining           int     `json:"remaining"`
	EstimateMS          int64   `json:"estimate_ms"`
}

type jsonSum struct {
	OK           bool                `json:"ok"`
	Interrupted  bool                `json:"interrupted"`
	Serial       int64               `json:"serial"`
	Counts       map[plan.Action]int `json:"counts"`
	Refreshed    int                 `json:"refreshed,omitempty"`
	Succeeded    []string            `json:"succeeded"`
	Failed       []apply.Failure     `json:"failed"`
	NotAttempted []apply.Skip        `json:"not_attempted"`
	// Journal is set when a state log write failed.
	Journal *apply.JournalFailure `json:"journal_failure,omitempty"`
}

// Event writes one event as a line.
func (v *ApplyJSON) Event(e apply.Event) {
	j := applyJSONEvent{FormatVersion: ApplyJSONFormatVersion, Type: apply.EventName(e)}
	switch e := e.(type) {
	case apply.ChangeStarted:
		j.Address, j.Action, j.Step = e.Address, e.Action, e.Step
	case apply.ChangeCompleted:
		ms := e.Duration.Milliseconds()
		j.Address, j.Action, j.Step, j.ID, j.DurationMS = e.Address, e.Action, e.Step, e.ID, &ms
	case apply.ChangeFailed:
		j.Address, j.Action, j.Step, j.Code, j.RequestID, j.Message = e.Address, e.Action, e.Step, e.Code, e.RequestID, e.Message
	case apply.ChangeSkipped:
		j.Address, j.Action, j.Message = e.Address, e.Action, e.Reason
	case apply.Progress:
		j.Done, j.Total = e.Done, e.Total
	case apply.Tick:
		ms := e.Elapsed.Milliseconds()
		j.Done, j.Total, j.ElapsedMS = e.Done, e.Total, &ms
	case apply.StillRunning:
		ms := e.Elapsed.Milliseconds()
		j.Address, j.Action, j.ElapsedMS = e.Address, e.Action, &ms
	case apply.Paced:
		j.Pace = &jsonPace{WritesPerMinute: e.PerMinute, ConfiguredPerMinute: e.Configured, RateLimited: e.RateLimited,
			Remaining: e.Remaining, EstimateMS: e.Estimate.Milliseconds()}
	case *apply.Summary:
		j.Summary = &jsonSum{OK: e.OK(), Interrupted: e.Interrupted, Serial: e.Serial, Counts: e.Counts, Refreshed: e.Refreshed,
			Succeeded: nonNil(e.Succeeded), Failed: nonNil(e.Failed), NotAttempted: nonNil(e.NotAttempted), Journal: journalJSON(e.Journal)}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	_ = v.enc.Encode(j)
}

// DiagnosticEventType is the type of the event that carries one
// diagnostic (a configuration error, a stale plan, a failed lock).
const DiagnosticEventType = "diagnostic"

// Diagnostics writes one "diagnostic" event per diagnostic, sorted; files
// supplies source snippets.
func (v *ApplyJSON) Diagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, d := range SortDiagnostics(diags) {
		jd := NewJSONDiagnostic(files, d)
		_ = v.enc.Encode(applyJSONEvent{FormatVersion: ApplyJSONFormatVersion, Type: DiagnosticEventType, Diagnostic: &jd})
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// journalJSON is a journal failure with its lists never null.
func journalJSON(j *apply.JournalFailure) *apply.JournalFailure {
	if j == nil {
		return nil
	}
	c := *j
	c.Unrecorded = nonNil(c.Unrecorded)
	return &c
}
