// Package render turns engine values (plans, apply events, findings) into
// text, JSON and markdown. It is the only package that formats output.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
)

// actionSymbol is Terraform's symbol for an action.
func actionSymbol(a plan.Action) string {
	switch a {
	case plan.ActionCreate:
		return "+"
	case plan.ActionUpdate, plan.ActionMove:
		return "~"
	case plan.ActionReplace:
		return "-/+"
	case plan.ActionArchive, plan.ActionDelete:
		return "-"
	case plan.ActionAdopt:
		// Not Terraform's "<=", which means a data source read: adoption
		// brings an existing environment in ("&": and now ours).
		return "&"
	case plan.ActionForget:
		return "."
	}
	return " "
}

// legendWords says what each symbol does, for the legend above a plan's
// changes: Terraform's "Resource actions are indicated with the following
// symbols", with terrarium's own actions.
var legendWords = []struct {
	action plan.Action
	words  string
}{
	{plan.ActionCreate, "create"},
	{plan.ActionUpdate, "update in place (or move)"},
	{plan.ActionReplace, "replace: archive or delete, then create"},
	{plan.ActionArchive, "archive or delete"},
	{plan.ActionAdopt, "adopt: an existing environment is brought under the stack; only its ownership keys change"},
	{plan.ActionForget, "forget: the stack lets go of it; the environment stays"},
}

// planLegend lists the symbols p's changes use, each with its meaning.
func planLegend(p *plan.Plan) []string {
	used := map[string]bool{}
	for _, c := range p.Changes {
		used[actionSymbol(c.Action)] = true
	}
	var out []string
	for _, l := range legendWords {
		if sym := actionSymbol(l.action); used[sym] {
			out = append(out, fmt.Sprintf("%3s %s", sym, l.words))
			used[sym] = false
		}
	}
	return out
}

// Fields writes attribute changes as the plan shows them, one a line
// ("~ description = "a" -> "b""): rollback's list of what to bring back.
func Fields(w io.Writer, fields []change.Field, colorOn bool) error {
	t := &planText{pal: newPalette(colorOn)}
	for _, f := range fields {
		t.field("  ", f)
	}
	_, err := io.WriteString(w, t.sb.String())
	return err
}

// actionPhrase completes "environment.x will be ...".
func actionPhrase(c *plan.Change) string {
	switch c.Action {
	case plan.ActionCreate:
		return "created"
	case plan.ActionUpdate:
		if c.PrevAddress != "" {
			return "moved from " + c.PrevAddress + " and updated in place"
		}
		return "updated in place"
	case plan.ActionReplace:
		return "replaced"
	case plan.ActionArchive:
		return "archived"
	case plan.ActionDelete:
		return "deleted"
	case plan.ActionAdopt:
		return "adopted"
	case plan.ActionForget:
		return "forgotten (the environment stays, unmanaged)"
	case plan.ActionMove:
		return "moved from " + c.PrevAddress
	}
	return string(c.Action)
}

// planValue renders a scalar as HCL would show it: quoted strings, bare
// bools, null.
func planValue(v any) string {
	if _, ok := v.(sensitiveValue); ok {
		return sensitiveText
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// isLongText reports whether a string change is better shown as a diff.
func isLongText(f change.Field) bool {
	b, ok1 := f.Before.(string)
	a, ok2 := f.After.(string)
	return ok1 && ok2 && (len(a) > 60 || len(b) > 60 || strings.Contains(a+b, "\n"))
}

// textDiff marks deletions [-like this-] and insertions {+like this+}, with
// colour functions applied to each marked span, and returns the lines of
// the result with their text escaped for a terminal.
func textDiff(before, after string, del, ins func(escape.Safe) escape.Safe) []escape.Safe {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(before, after, false))
	lines := []escape.Safe{""}
	for _, d := range diffs {
		mark, open, closing := func(s escape.Safe) escape.Safe { return s }, escape.Safe(""), escape.Safe("")
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			mark, open, closing = del, "[-", "-]"
		case diffmatchpatch.DiffInsert:
			mark, open, closing = ins, "{+", "+}"
		}
		parts := strings.Split(d.Text, "\n")
		for i, part := range parts {
			if i > 0 {
				lines = append(lines, "")
			}
			seg := escape.Safe(escape.Line(part))
			if i == 0 {
				seg = open + seg
			}
			if i == len(parts)-1 {
				seg += closing
			}
			lines[len(lines)-1] += mark(seg)
		}
	}
	return lines
}

// sensitiveText stands in for a value derived from a sensitive variable.
const sensitiveText = "(sensitive value)"

// sensitiveValue is the After of a created attribute whose value is
// sensitive: planValue shows it as sensitiveText.
type sensitiveValue struct{}

// createFields lists every user attribute of a create's desired object
// (change.Created), with sensitive values hidden.
func createFields(c *plan.Change) []change.Field {
	out := change.Redact(change.Created(c.After), c.Sensitive)
	for i, f := range out {
		if f.Sensitive {
			out[i] = change.Field{Path: f.Path, After: sensitiveValue{}}
		}
	}
	return out
}

// egressLine describes one egress item in words.
func egressLine(it change.EgressItem) string {
	words, host := egressWords(it)
	if host != "" {
		return words + " " + host
	}
	return words
}

// egressWords describes one egress item: terrarium's words, and the host
// (from the configuration or the API) it is about, if any.
func egressWords(it change.EgressItem) (words, host string) {
	switch it.Kind {
	case change.EgressHostAdded:
		return "host added:", egressHost(it)
	case change.EgressHostRemoved:
		return "host removed:", egressHost(it)
	}
	if words := egressKindLine(it); words != "" {
		return words, ""
	}
	// A kind terrarium does not know (a saved plan written by hand or by
	// another version) is data, shown like a host, not as its own words.
	return "egress change of unknown kind", it.Kind
}

// egressKindLine describes an item that names no host, or "" for a kind
// terrarium does not know.
func egressKindLine(it change.EgressItem) string {
	switch it.Kind {
	case change.EgressUnrestricted:
		return "networking becomes UNRESTRICTED (any host)"
	case change.EgressLimited:
		return "networking becomes limited (was unrestricted)"
	case change.EgressMCPGranted:
		return "MCP servers allowed"
	case change.EgressMCPRevoked:
		return "MCP servers no longer allowed"
	case change.EgressPkgMgrsGranted:
		return "package managers allowed"
	case change.EgressPkgMgrsRevoked:
		return "package managers no longer allowed"
	case change.EgressRemoved:
		return "environment goes: all reach removed"
	case change.EgressSelfHosted:
		return "self-hosted: the API no longer limits it"
	}
	return ""
}

// sensitiveHost stands in for a host derived from a sensitive variable.
const sensitiveHost = "(sensitive host)"

func egressHost(it change.EgressItem) string {
	if it.Sensitive {
		return sensitiveHost
	}
	return it.Host
}

// planSummaryLine is the plan's one-line count, as Terraform users expect it.
func planSummaryLine(p *plan.Plan) string {
	n := p.Counts()
	s := fmt.Sprintf("Plan: %d to create, %d to update, %d to replace, %d to archive, %d to delete.",
		n[plan.ActionCreate], n[plan.ActionUpdate], n[plan.ActionReplace], n[plan.ActionArchive], n[plan.ActionDelete])
	var extra []string
	for _, a := range []plan.Action{plan.ActionAdopt, plan.ActionMove, plan.ActionForget} {
		if n[a] > 0 {
			extra = append(extra, fmt.Sprintf("%d to %s", n[a], a))
		}
	}
	if len(extra) > 0 {
		s += " Also " + strings.Join(extra, ", ") + "."
	}
	return s
}

// NoChanges is what an empty plan says.
const NoChanges = "No changes. Your environments match the configuration."

// narrowingNote says when an egress narrowing takes effect: an update
// changes only sessions started afterwards (API.md, "Rules the API states").
const narrowingNote = "A narrowing applies to new sessions only: sessions already running keep their current egress until they end (archive stops new sessions, not running ones)."

// narrows reports whether any egress delta of p narrows reach.
func narrows(p *plan.Plan) bool {
	for _, d := range p.Egress {
		for _, it := range d.Items {
			if !it.Widening {
				return true
			}
		}
	}
	return false
}

const driftUnavailable = "Drift attribution unavailable: there is no state log, so changes made outside terrarium cannot be told apart from what the configuration changes."
