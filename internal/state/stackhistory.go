package state

import (
	"context"
	"encoding/json"
	"io"
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
	// Status is the intent's outcome: ok (landed), error (failed: the API
	// refused it), not_sent, ambiguous (not settled yet), pending (no
	// result recorded yet), or what a refresh settled it as: settled
	// (landed), not_applied, outside, superseded.
	Status string     `json:"status"`
	Error  *ErrorInfo `json:"error,omitempty"`
}

// lightRecord decodes what the stack history needs and skips the objects.
type lightRecord struct {
	Seq    int64        `json:"seq"`
	Time   time.Time    `json:"time"`
	Kind   Kind         `json:"kind"`
	Apply  *Apply       `json:"apply"`
	Intent *lightIntent `json:"intent"`
	Result *lightResult `json:"result"`
	Env    *lightEnv    `json:"env"`
}

type lightIntent struct {
	ID      string `json:"id"`
	Op      Op     `json:"op"`
	Address string `json:"address"`
	From    string `json:"from"`
}

type lightResult struct {
	IntentID string     `json:"intent_id"`
	Settled  bool       `json:"settled"`
	Outcome  Outcome    `json:"outcome"`
	OK       bool       `json:"ok"`
	Error    *ErrorInfo `json:"error"`
}

// status is the Step.Status of a result.
func (r *lightResult) status() string {
	res := Result{Outcome: r.Outcome, OK: r.OK}
	switch o := res.Of(); {
	case r.Settled && o == OutcomeLanded:
		return "settled"
	case o == OutcomeLanded:
		return "ok"
	case o == OutcomeFailed:
		return "error"
	default:
		return string(o)
	}
}

type lightEnv struct {
	Address string `json:"address"`
	From    string `json:"from"`
}

// ReadStackHistory returns the stack's applies and outside changes from the
// log file at path, newest first. It skips checkpoints and decodes records
// without their objects.
func ReadStackHistory(ctx context.Context, path string) ([]Entry, error) {
	f, err := openLog(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	var b stackBuilder
	var n int64
	_, err = splitLines(data, func(_ int, line []byte) error {
		n++
		if n%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		h, ok := fastHeader(line)
		if ok && h.Kind == KindCheckpoint {
			return nil
		}
		if ok {
			if r, ok := fastLight(line, h); ok {
				b.add(&r)
				return nil
			}
		}
		var r lightRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return &RecordError{Seq: n, Reason: "not a valid record: " + jsonReason(err)}
		}
		if !r.complete() {
			return &RecordError{Seq: n, Reason: string(r.Kind) + " record is missing its payload"}
		}
		b.add(&r)
		return nil
	})
	return b.entries(), err
}

// StackHistory returns the stack history of any backend's log, newest
// first; the local log takes the faster path of ReadStackHistory.
func StackHistory(ctx context.Context, l Log) ([]Entry, error) {
	if local, ok := l.(*Local); ok {
		return ReadStackHistory(ctx, local.Path())
	}
	var b stackBuilder
	err := l.Records(ctx, func(rec Record) error {
		if rec.Kind != KindCheckpoint {
			b.add(lightOf(&rec))
		}
		return nil
	})
	return b.entries(), err
}

// stackBuilder folds records into entries.
type stackBuilder struct {
	out    []Entry
	cur    int // index of the open apply in out, -1 when none
	open   bool
	serial int64
	steps  map[string][2]int // intent id -> entry index, step index
}

func (b *stackBuilder) add(r *lightRecord) {
	if b.steps == nil {
		b.steps = map[string][2]int{}
	}
	switch r.Kind {
	case KindApplyStart:
		b.serial = r.Apply.Serial
		b.out = append(b.out, applyEntry(r))
		b.cur, b.open = len(b.out)-1, true
	case KindApplyEnd:
		if b.open {
			t := r.Time
			e := &b.out[b.cur]
			e.End, e.Summary, e.Error = &t, r.Apply.Summary, r.Apply.Error
		}
		b.open = false
	case KindIntent:
		e := b.entryFor(r)
		b.steps[r.Intent.ID] = [2]int{len(b.out) - 1, len(e.Steps)}
		if b.open {
			b.steps[r.Intent.ID] = [2]int{b.cur, len(e.Steps)}
		}
		e.Steps = append(e.Steps, Step{Address: r.Intent.Address, Op: string(r.Intent.Op), From: r.Intent.From, Status: "pending"})
	case KindResult:
		// A settled result belongs to the step of the apply that made the
		// call, however much later a refresh wrote it.
		if at, ok := b.steps[r.Result.IntentID]; ok {
			s := &b.out[at[0]].Steps[at[1]]
			s.Status, s.Error = r.Result.status(), r.Result.Error
			if s.Status != "ambiguous" {
				delete(b.steps, r.Result.IntentID)
			}
		}
	case KindRefresh, KindImport, KindForget, KindMove:
		e := b.entryFor(r)
		e.Steps = append(e.Steps, Step{Address: r.Env.Address, Op: string(r.Kind), From: r.Env.From, Status: "ok"})
	}
}

// entryFor is the open apply, or a new entry for a change outside one.
func (b *stackBuilder) entryFor(r *lightRecord) *Entry {
	if b.open {
		return &b.out[b.cur]
	}
	b.out = append(b.out, Entry{Kind: string(r.Kind), Serial: b.serial, Seq: r.Seq, Time: r.Time})
	return &b.out[len(b.out)-1]
}

// entries returns the entries newest first.
func (b *stackBuilder) entries() []Entry {
	out := slices.Clone(b.out)
	slices.Reverse(out)
	for i := range out {
		if out[i].Steps == nil {
			out[i].Steps = []Step{}
		}
	}
	return out
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

// lightOf keeps what the stack history needs of a decoded record.
func lightOf(rec *Record) *lightRecord {
	r := &lightRecord{Seq: rec.Seq, Time: rec.Time, Kind: rec.Kind, Apply: rec.Apply}
	if in := rec.Intent; in != nil {
		r.Intent = &lightIntent{ID: in.ID, Op: in.Op, Address: in.Address, From: in.From}
	}
	if res := rec.Result; res != nil {
		r.Result = &lightResult{IntentID: res.IntentID, Settled: res.Settled, Outcome: res.Outcome, OK: res.OK, Error: res.Error}
	}
	if e := rec.Env; e != nil {
		r.Env = &lightEnv{Address: e.Address, From: e.From}
	}
	return r
}
