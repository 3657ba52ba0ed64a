package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"terrarium/internal/change"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
)

// opSymbol marks a step the way plan marks actions.
func opSymbol(op string) string {
	switch op {
	case "create", "import", "adopt":
		return "+"
	case "archive", "delete", "forget":
		return "-"
	case "move":
		return "→"
	}
	return "~"
}

// StackHistory writes the stack's applies and outside changes, newest
// first, in the shape of git log.
func StackHistory(w io.Writer, entries []state.Entry, colorOn bool) error {
	c := newStateColors(colorOn)
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "No changes recorded yet.")
		return err
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeEntryHeader(w, c, e)
		fmt.Fprintln(w)
		width := 0
		for _, s := range e.Steps {
			width = max(width, len(s.Address))
		}
		for _, s := range e.Steps {
			writeStep(w, c, s, width)
		}
	}
	return nil
}

func writeEntryHeader(w io.Writer, c stateColors, e state.Entry) {
	if e.Kind != "apply" {
		fmt.Fprintln(w, c.paint(c.header, escape.Term("%s (outside an apply, after #%d)", e.Kind, e.Serial)))
		fmt.Fprintf(w, "Date:   %s\n", stateTime(e.Time))
		return
	}
	head := escape.Term("apply #%d", e.Serial)
	if e.GitCommit != "" {
		head += escape.Term("  %s", shortCommit(e.GitCommit))
		if e.GitBranch != "" {
			head += escape.Term(" (%s)", e.GitBranch)
		}
	}
	fmt.Fprintln(w, c.paint(c.header, head))
	if e.Actor != "" {
		escape.Fterm(w, "Author: %s\n", e.Actor)
	}
	fmt.Fprintf(w, "Date:   %s\n", stateTime(e.Time))
	if e.PlanID != "" {
		escape.Fterm(w, "Plan:   %s\n", e.PlanID)
	}
	switch {
	case e.End == nil:
		fmt.Fprintln(w, c.paint(c.bad, "Status: did not finish; the next plan, apply or state refresh settles its pending changes against the live objects"))
	case e.Error != "":
		fmt.Fprintln(w, c.paint(c.bad, escape.Term("Status: failed: %s", e.Error)))
	}
}

func writeStep(w io.Writer, c stateColors, s state.Step, width int) {
	what := s.Op
	if s.Op == "refresh" {
		what = "drift accepted"
	}
	if s.From != "" {
		what += " from " + s.From
	}
	line := escape.Term("    %s %-*s  %s", opSymbol(s.Op), width, s.Address, what)
	switch s.Status {
	case "error":
		msg := "failed"
		if s.Error != nil {
			msg = "failed: " + errorText(s.Error)
		}
		msg = escape.Line(msg)
		fmt.Fprintln(w, c.paint(c.del, line+" "+escape.Safe(msg)))
	case "pending":
		fmt.Fprintln(w, c.paint(c.bad, line+" (no result recorded yet: the next plan, apply or state refresh settles it)"))
	case "ambiguous":
		fmt.Fprintln(w, c.paint(c.bad, line+" ambiguous, not settled yet: "+escape.Safe(escape.Line(errorText(s.Error)))))
	case "not_sent":
		fmt.Fprintln(w, c.paint(c.dim, line+" not sent"))
	case "settled":
		fmt.Fprintln(w, line+" (answer lost; settled: landed)")
	case "not_applied", "outside", "superseded":
		fmt.Fprintln(w, c.paint(c.dim, line+" (settled: "+escape.Safe(escape.Line(errorText(s.Error)))+")"))
	default:
		fmt.Fprintln(w, string(line))
	}
}

func errorText(e *state.ErrorInfo) string {
	if e == nil {
		return "no detail recorded"
	}
	s := e.Message
	if e.Code != "" {
		s = e.Code + ": " + s
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

func shortCommit(c string) string {
	return c[:min(len(c), 7)]
}

// AddressHistory writes the versions of one address, newest first.
func AddressHistory(w io.Writer, h *state.AddressHistory, colorOn bool) error {
	h = redactHistory(h)
	c := newStateColors(colorOn)
	if len(h.Versions) == 0 {
		_, err := escape.Fterm(w, "No versions of %s are recorded.\n", h.Address)
		return err
	}
	escape.Fterm(w, "%s: %s\n\n", h.Address, plural(h.Latest(), "version"))
	for i := len(h.Versions) - 1; i >= 0; i-- {
		v := h.Versions[i]
		writeVersionHeader(w, c, v, h.Address)
		if v.Step {
			fmt.Fprintf(w, "    %s\n", c.paint(c.dim, escape.Term("a step of the %s: its change shows on the apply's last version", stepOf(h.Versions[i:]))))
		}
		if len(v.Changes) > 0 && !v.Removed {
			paths := make([]string, len(v.Changes))
			for j, ch := range v.Changes {
				paths[j] = ch.Path
			}
			escape.Fterm(w, "    changed  %s\n", strings.Join(paths, ", "))
		}
		writeEgress(w, c, "    egress   ", v.Egress)
		if i > 0 {
			fmt.Fprintln(w)
		}
	}
	return nil
}

// stepOf names the event of the version a run of steps leads to.
func stepOf(vs []state.Version) string {
	for _, v := range vs {
		if !v.Step {
			return v.Event
		}
	}
	return "apply"
}

func writeVersionHeader(w io.Writer, c stateColors, v state.Version, address string) {
	title := escape.Term("v%d  %s", v.N, v.Event)
	switch {
	case v.Removed:
		title = escape.Term("%s  (v%d leaves the stack)", v.Event, v.N)
	case v.Event == "refresh":
		title += " (drift accepted: changed outside terrarium)"
	case v.Settled == string(state.OutcomeLanded):
		title += " (settled: the answer was lost; the live environment is what terrarium asked)"
	case v.Settled == string(state.OutcomeOutside):
		title += " (changed outside terrarium: found settling an apply's call whose answer was lost)"
	}
	if v.Address != address {
		title += escape.Term("  (as %s)", v.Address)
	}
	fmt.Fprintln(w, c.paint(c.header, title))
	if a := v.Apply; a != nil {
		line := escape.Term("Apply:  #%d", a.Serial)
		if a.Actor != "" {
			line += escape.Term(" by %s", a.Actor)
		}
		if a.GitCommit != "" {
			line += escape.Term(", %s", shortCommit(a.GitCommit))
			if a.GitBranch != "" {
				line += escape.Term(" (%s)", a.GitBranch)
			}
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "Date:   %s\n", stateTime(v.Time))
}

// writeEgress writes an egress delta, one item a line after prefix, in
// the words of the plan's egress section: "+" marks a widening, "-" a
// narrowing, coloured git-style; losing every limit is coloured as alarm.
func writeEgress(w io.Writer, c stateColors, prefix string, d change.Egress) {
	indent := strings.Repeat(" ", len(prefix))
	for i, it := range d {
		line := c.paint(c.del, escape.Term("- %s", egressLine(it)))
		switch {
		case it.Kind == change.EgressUnrestricted || it.Kind == change.EgressSelfHosted:
			line = c.paint(c.bad, escape.Term("+ %s", egressLine(it)))
		case it.Widening:
			line = c.paint(c.add, escape.Term("+ %s", egressLine(it)))
		}
		if i == 0 {
			fmt.Fprintln(w, prefix+string(line))
		} else {
			fmt.Fprintln(w, indent+string(line))
		}
	}
}

// VersionDiff writes the difference between two versions, git-style.
func VersionDiff(w io.Writer, d *state.VersionDiff, h *state.AddressHistory, colorOn bool) error {
	d = redactDiff(d)
	c := newStateColors(colorOn)
	fmt.Fprintln(w, c.paint(c.header, escape.Term("diff %s v%d..v%d", d.Address, d.From, d.To)))
	for _, n := range []int{d.From, d.To} {
		v := h.Version(n)
		mark := map[bool]string{true: "---", false: "+++"}[n == d.From]
		escape.Fterm(w, "%s v%d  %s  %s\n", mark, n, v.Event, stateTime(v.Time))
	}
	if len(d.Changes) == 0 {
		_, err := fmt.Fprintln(w, "(no differences)")
		return err
	}
	for _, ch := range d.Changes {
		fmt.Fprintln(w, c.paint(c.header, escape.Term("~ %s", ch.Path)))
		if ch.Sensitive {
			fmt.Fprintln(w, "    "+sensitiveText)
			continue
		}
		if !ch.Set {
			fmt.Fprintln(w, c.paint(c.del, escape.Term("-   %s", showValue(ch.Before))))
			fmt.Fprintln(w, c.paint(c.add, escape.Term("+   %s", showValue(ch.After))))
		}
		for _, s := range ch.Removed {
			fmt.Fprintln(w, c.paint(c.del, escape.Term("-   %s", s)))
		}
		for _, s := range ch.Added {
			fmt.Fprintln(w, c.paint(c.add, escape.Term("+   %s", s)))
		}
	}
	if len(d.Egress) > 0 {
		label := "egress:"
		if d.Egress.Widens() {
			label = "egress (widens):"
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, label)
		writeEgress(w, c, "  ", d.Egress)
	}
	return nil
}

func showValue(v any) string {
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
