// Package render turns engine values (plans, apply events, findings) into
// text, JSON and markdown. It is the only package that formats output.
package render

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"terrarium/internal/plan"
	"terrarium/schema"
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
		return "<="
	case plan.ActionForget:
		return "."
	}
	return " "
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
func isLongText(f plan.FieldDiff) bool {
	b, ok1 := f.Before.(string)
	a, ok2 := f.After.(string)
	return ok1 && ok2 && (len(a) > 60 || len(b) > 60 || strings.Contains(a+b, "\n"))
}

// textDiff marks deletions [-like this-] and insertions {+like this+}, with
// colour functions applied to each marked span.
func textDiff(before, after string, del, ins func(string) string) string {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(before, after, false))
	var sb strings.Builder
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			sb.WriteString(del("[-" + d.Text + "-]"))
		case diffmatchpatch.DiffInsert:
			sb.WriteString(ins("{+" + d.Text + "+}"))
		default:
			sb.WriteString(d.Text)
		}
	}
	return sb.String()
}

// sensitiveText stands in for a value derived from a sensitive variable.
const sensitiveText = "(sensitive value)"

// sensitiveValue is the After of a created attribute whose value is
// sensitive: planValue shows it as sensitiveText.
type sensitiveValue struct{}

// createFields lists every user attribute of a create's desired object,
// with sensitive values hidden.
func createFields(c *plan.Change) []plan.FieldDiff {
	var out []plan.FieldDiff
	for _, f := range plan.DiffSpecs(&schema.EnvSpec{Metadata: map[string]string{}}, c.After) {
		if f.Set && len(f.Added) == 0 {
			continue
		}
		f.Before = nil
		if slices.Contains(c.Sensitive, f.Path) {
			f = plan.FieldDiff{Path: f.Path, After: sensitiveValue{}}
		}
		out = append(out, f)
	}
	return out
}

// egressLine describes one egress item in words.
func egressLine(it plan.EgressItem) string {
	switch it.Kind {
	case plan.EgressHostAdded:
		return "host added: " + it.Host
	case plan.EgressHostRemoved:
		return "host removed: " + it.Host
	case plan.EgressUnrestricted:
		return "networking becomes UNRESTRICTED (any host)"
	case plan.EgressLimited:
		return "networking becomes limited (was unrestricted)"
	case plan.EgressMCPGranted:
		return "MCP servers allowed"
	case plan.EgressMCPRevoked:
		return "MCP servers no longer allowed"
	case plan.EgressPkgMgrsGranted:
		return "package managers allowed"
	case plan.EgressPkgMgrsRevoked:
		return "package managers no longer allowed"
	case plan.EgressRemoved:
		return "environment goes: all reach removed"
	case plan.EgressSelfHosted:
		return "self-hosted: the API no longer limits it"
	}
	return it.Kind
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
