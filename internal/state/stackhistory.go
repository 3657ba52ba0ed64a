package state

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"time"
)

// Entry is one apply of the stack, or a change recorded outside an apply
// (drift accepted, import, forget, move).
type Entry struct {
	// Kind is "apply", or the record kind of a change outside an apply.
	Kind   string    `json:"kind"`
	Serial int64     `json:"serial"`
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	// End is when the apply ended; nil when it never did (the run died).
	End       *time.Time     `json:"end,omitempty"`
	Actor     string         `json:"actor,omitempty"`
	Host      string         `json:"host,omitempty"`
	GitCommit string         `json:"git_commit,omitempty"`
	GitBranch string         `json:"git_branch,omitempty"`
	PlanID    string         `json:"plan_id,omitempty"`
	Summary   map[string]int `json:"summary,omitempty"`
	Error     string         `json:"error,omitempty"`
	Steps     []Step         `json:"steps"`
}

// Step is one change within an entry.
type Step struct {
	Address string `json:"address"`
	Op      string `json:"op"`
	From    string `json:"from,omitempty"` // a move's old address
	// Status is ok, error, or pending (no result was recorded).
	Status string     `json:"status"`
	Error  *ErrorInfo `json:"error,omitempty"`
}

// lightRecord decodes what the stack history needs and skips the objects.
type lightRecord struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	Kind   Kind      `json:"kind"`
	Apply  *Apply    `json:"apply"`
	Intent *struct {
		ID      string `json:"id"`
		Op      Op     `json:"op"`
		Address string `json:"address"`
		From    string `json:"from"`
	} `json:"intent"`
	Result *struct {
		IntentID string     `json:"intent_id"`
		OK       bool       `json:"ok"`
		Error    *ErrorInfo `json:"error"`
	} `json:"result"`
	Env *struct {
		Address string `json:"address"`
		From    string `json:"from"`
	} `json:"env"`
}

// ReadStackHistory returns the stack's applies and outside changes from the
// log file at path, newest first.
func ReadStackHistory(ctx context.Context, path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Entry
	var cur *Entry
	var serial int64
	steps := map[string]int{} // intent id -> index in cur.Steps
	var n int64
	_, err = splitLines(data, func(_ int, line []byte) error {
		n++
		if n%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if h, ok := fastHeader(line); ok && h.Kind == KindCheckpoint {
			return nil
		}
		var r lightRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return &RecordError{Seq: n, Reason: "not a valid record: " + jsonReason(err)}
		}
		if !r.complete() {
			return &RecordError{Seq: n, Reason: string(r.Kind) + " record is missing its payload"}
		}
		switch r.Kind {
		case KindApplyStart:
			serial = r.Apply.Serial
			out = append(out, applyEntry(&r))
			cur = &out[len(out)-1]
			clear(steps)
		case KindApplyEnd:
			if cur != nil {
				t := r.Time
				cur.End, cur.Summary, cur.Error = &t, r.Apply.Summary, r.Apply.Error
			}
			cur = nil
		case KindIntent:
			e := cur
			if e == nil {
				out = append(out, Entry{Kind: string(r.Kind), Serial: serial, Seq: r.Seq, Time: r.Time})
				e = &out[len(out)-1]
			}
			steps[r.Intent.ID] = len(e.Steps)
			e.Steps = append(e.Steps, Step{Address: r.Intent.Address, Op: string(r.Intent.Op), From: r.Intent.From, Status: "pending"})
		case KindResult:
			if i, ok := steps[r.Result.IntentID]; ok && cur != nil {
				s := &cur.Steps[i]
				s.Status, s.Error = "ok", r.Result.Error
				if !r.Result.OK {
					s.Status = "error"
				}
			}
		case KindRefresh, KindImport, KindForget, KindMove:
			step := Step{Address: r.Env.Address, Op: string(r.Kind), From: r.Env.From, Status: "ok"}
			if cur != nil {
				cur.Steps = append(cur.Steps, step)
			} else {
				out = append(out, Entry{Kind: string(r.Kind), Serial: serial, Seq: r.Seq, Time: r.Time, Steps: []Step{step}})
			}
		}
		return nil
	})
	slices.Reverse(out)
	for i := range out {
		if out[i].Steps == nil {
			out[i].Steps = []Step{}
		}
	}
	return out, err
}

func applyEntry(r *lightRecord) Entry {
	a := r.Apply
	return Entry{Kind: "apply", Serial: a.Serial, Seq: r.Seq, Time: r.Time, Actor: a.Actor, Host: a.Host,
		GitCommit: a.GitCommit, GitBranch: a.GitBranch, PlanID: a.PlanID, Summary: a.Summary}
}

func (r *lightRecord) complete() bool {
	switch r.Kind {
	case KindApplyStart, KindApplyEnd:
		return r.Apply != nil
	case KindIntent:
		return r.Intent != nil
	case KindResult:
		return r.Result != nil
	case KindRefresh, KindImport, KindForget, KindMove:
		return r.Env != nil
	}
	return true
}
