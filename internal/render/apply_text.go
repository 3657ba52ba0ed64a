package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"terrarium/internal/apply"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
)

// ApplyText is the human view of an apply: Terraform's per-change lines and
// a final summary. Feed it every event with Event.
type ApplyText struct {
	w   io.Writer
	pal palette
	// progress enables a progress line every tenth of a long apply (for
	// terminals).
	progress bool
}

// NewApplyText returns the human apply view writing to w.
func NewApplyText(w io.Writer, colorOn, progress bool) *ApplyText {
	return &ApplyText{w: w, pal: newPalette(colorOn), progress: progress}
}

var verbs = map[plan.Action][2]string{
	plan.ActionCreate:  {"Creating...", "Creation"},
	plan.ActionUpdate:  {"Modifying...", "Modifications"},
	plan.ActionReplace: {"Replacing...", "Replacement"},
	plan.ActionArchive: {"Archiving...", "Archival"},
	plan.ActionDelete:  {"Deleting...", "Deletion"},
	plan.ActionAdopt:   {"Adopting...", "Adoption"},
	plan.ActionForget:  {"Forgetting...", "Forgetting"},
	plan.ActionMove:    {"Moving...", "Move"},
}

// Event writes one event.
func (v *ApplyText) Event(e apply.Event) {
	switch e := e.(type) {
	case apply.ChangeStarted:
		what := verbs[e.Action][0]
		if e.Step != "" {
			what = "Parking under a temporary name to swap names..."
		}
		escape.Fterm(v.w, "%s: %s\n", v.addr(e.Address), what)
	case apply.ChangeCompleted:
		what := verbs[e.Action][1] + " complete"
		if e.Step != "" {
			what = "Parked"
		}
		escape.Fterm(v.w, "%s: %s after %s [id=%s]\n", v.addr(e.Address), what, seconds(e.Duration), e.ID)
	case apply.ChangeFailed:
		f := apply.Failure{Message: e.Message, Code: e.Code, RequestID: e.RequestID}
		escape.Fterm(v.w, "%s: %s\n", v.addr(e.Address), paint(v.pal.red, escape.Term("%s failed: %s", verbs[e.Action][1], failureTag(f))))
	case apply.ChangeSkipped:
		escape.Fterm(v.w, "%s: %s\n", v.addr(e.Address), paint(v.pal.yellow, escape.Term("Not attempted: %s", e.Reason)))
	case apply.Progress:
		step := max(e.Total/10, 1)
		if v.progress && e.Total >= 20 && (e.Done%step == 0 || e.Done == e.Total) {
			fmt.Fprintf(v.w, "%s\n", v.pal.dim.Sprintf("[%d/%d changes, %s]", e.Done, e.Total, seconds(e.Elapsed)))
		}
	case apply.StillRunning:
		fmt.Fprintf(v.w, "%s: Still %s [%s elapsed]\n", v.pal.bold.Sprint(e.Address), strings.ToLower(verbs[e.Action][0]), e.Elapsed.Round(time.Second))
	case apply.Tick:
		if !v.progress { // a terminal gets the tenth-of-the-way lines instead
			fmt.Fprintf(v.w, "%s\n", v.pal.dim.Sprintf("[%d/%d changes, %s]", e.Done, e.Total, seconds(e.Elapsed)))
		}
	case apply.Paced:
		fmt.Fprintf(v.w, "%s\n", v.pal.yellow.Sprint(pacedLine(e)))
	case *apply.Summary:
		v.summary(e)
	}
}

// addr is an address in bold, escaped.
func (v *ApplyText) addr(a string) escape.Safe { return paint(v.pal.bold, escape.Term("%s", a)) }

// pacedLine says what holds the apply back, e.g. "Paced to 60 writes/min
// by the API's rate limit: about 4m left (240 remaining)."
func pacedLine(e apply.Paced) string {
	why := "by the API's rate limit"
	if e.RateLimited > 0 && e.PerMinute < e.Configured {
		why = fmt.Sprintf("(lowered from %s after %d rate-limit answers)", perMinute(e.Configured), e.RateLimited)
	}
	return fmt.Sprintf("Paced to %s writes/min %s: about %s left (%d remaining).", perMinute(e.PerMinute), why, roughly(e.Estimate), e.Remaining)
}

func perMinute(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// roughly renders a duration to the minute, or to the second under one.
func roughly(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", d.Seconds())
}

func (v *ApplyText) summary(s *apply.Summary) {
	fmt.Fprintln(v.w)
	if s.RefreshOnly {
		fmt.Fprintf(v.w, "%s\n", v.pal.green.Sprintf("Apply complete! %d environment(s) accepted into the state log. State serial %d.", s.Refreshed, s.Serial))
		return
	}
	counts := fmt.Sprintf("%d created, %d updated, %d archived, %d deleted.",
		s.Counts[plan.ActionCreate], s.Counts[plan.ActionUpdate], s.Counts[plan.ActionArchive], s.Counts[plan.ActionDelete])
	var extra []string
	for _, a := range []struct {
		act  plan.Action
		word string
	}{{plan.ActionReplace, "replaced"}, {plan.ActionAdopt, "adopted"}, {plan.ActionMove, "moved"}, {plan.ActionForget, "forgotten"}} {
		if n := s.Counts[a.act]; n > 0 {
			extra = append(extra, fmt.Sprintf("%d %s", n, a.word))
		}
	}
	if len(extra) > 0 {
		counts += " Also " + strings.Join(extra, ", ") + "."
	}
	serial := fmt.Sprintf(" State serial %d.", s.Serial)
	switch {
	case s.Journal != nil:
		fmt.Fprintf(v.w, "%s\n", v.pal.red.Sprint("Apply failed: the state log could not be written: "+s.Journal.Err))
		v.journalFailure(s, counts)
		return
	case s.OK():
		fmt.Fprintf(v.w, "%s\n", v.pal.green.Sprint("Apply complete! "+counts+serial))
		return
	case s.Interrupted:
		fmt.Fprintf(v.w, "%s\n", v.pal.red.Sprint("Apply interrupted: "+counts+serial))
	default:
		fmt.Fprintf(v.w, "%s\n", v.pal.red.Sprint("Apply failed: "+counts+serial))
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(v.w, "\nFailed (%d):\n", len(s.Failed))
		for _, f := range s.Failed {
			escape.Fterm(v.w, "  - %s (%s): %s\n", f.Address, f.Action, failureTag(f))
		}
	}
	if len(s.NotAttempted) > 0 {
		fmt.Fprintf(v.w, "\nNot attempted (%d):\n", len(s.NotAttempted))
		for _, n := range s.NotAttempted {
			escape.Fterm(v.w, "  - %s (%s): %s\n", n.Address, n.Action, n.Reason)
		}
	}
	fmt.Fprintln(v.w, "\nRun terrarium plan again: it shows exactly the remaining work.")
}

// journalFailure says what a failed state log write recorded and did
// not, and what to run next.
func (v *ApplyText) journalFailure(s *apply.Summary, counts string) {
	j := s.Journal
	if !j.Started {
		fmt.Fprintf(v.w, "Recorded: nothing; the state log stays at serial %d, and no change was made.\n", s.Serial)
		fmt.Fprintln(v.w, "Free space for the state log (or fix its storage), then run terrarium apply again.")
		return
	}
	fmt.Fprintf(v.w, "Recorded: apply #%d (state serial %d) and the intent of every call it made; outcomes recorded: %s\n", s.Serial, s.Serial, counts)
	if len(j.Unrecorded) > 0 {
		fmt.Fprintf(v.w, "Not recorded: the outcome of %d call(s) that were made: %s. Their intents are pending in the state log.\n",
			len(j.Unrecorded), strings.Join(j.Unrecorded, ", "))
	} else {
		fmt.Fprintln(v.w, "Not recorded: the end of the apply; every call's outcome is recorded.")
	}
	fmt.Fprintln(v.w, "Free space for the state log (or fix its storage), then run terrarium state refresh: it settles every pending change against the live environments. Then run terrarium plan.")
}

func failureTag(f apply.Failure) string {
	var tags []string
	if f.Code != "" && !strings.Contains(f.Message, f.Code) {
		tags = append(tags, "code "+f.Code)
	}
	if f.RequestID != "" && !strings.Contains(f.Message, f.RequestID) {
		tags = append(tags, "request "+f.RequestID)
	}
	if len(tags) == 0 {
		return f.Message
	}
	return f.Message + " [" + strings.Join(tags, ", ") + "]"
}
