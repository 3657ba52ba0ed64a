package plan

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/origin"
	"terrarium/internal/sets"
)

// Sides a saved plan can differ from its recomputation on.
const (
	SideConfiguration = "configuration"
	SideVariables     = "variables"
	SideState         = "state"
	SideLive          = "live"
	SideOrigin        = "origin"
	SidePlanFile      = "plan file"
)

// Difference is the first way a saved plan differs from the plan computed
// again from what it was made from. It is an error: apply refuses.
type Difference struct {
	// Side is what moved: the configuration, the variables, the state
	// log, the live environments, the origin, or (when none of those did)
	// the plan file itself.
	Side string
	// Address is the change that differs, when one does; Field is the
	// JSON path within the change (or within the plan, without Address).
	Address string
	Field   string
	// Detail says what differs, without values (they may be sensitive).
	Detail string
	// File is the plan file, when the caller names it in messages.
	File string
}

// StaleSummary is the summary of a Difference whose state or live side
// moved: the same words apply uses for a plan that went stale under it.
const StaleSummary = "The saved plan is stale; run plan again"

func (d *Difference) Error() string {
	sum, detail := d.parts()
	if d.Side == SideState || d.Side == SideLive {
		return strings.ToLower(sum[:1]) + sum[1:] + ":\n  - " + detail
	}
	return detail
}

// Diagnostics is the difference as one error diagnostic about its change
// (internal/diag.Diagnoser).
func (d *Difference) Diagnostics() hcl.Diagnostics {
	sum, detail := d.parts()
	return hcl.Diagnostics{diag.Error(d.Address, sum, detail)}
}

// parts are the summary and the detail of the difference; the detail of a
// stale plan is only what moved, as apply's stale-plan diagnostics are.
func (d *Difference) parts() (string, string) {
	const again = " Nothing was changed; run terrarium plan --out FILE again, review it, and apply the new plan."
	file := ""
	if d.File != "" {
		file = d.File + ": "
	}
	switch d.Side {
	case SideState, SideLive:
		return StaleSummary, d.Detail
	case SideConfiguration, SideVariables:
		return "The saved plan is stale: its " + d.Side + " moved",
			fmt.Sprintf("%sthe saved plan is stale (its %s moved): %s.%s", file, d.Side, d.Detail, again)
	case SideOrigin:
		return "The saved plan was made for another API",
			file + d.Detail + ". Nothing was changed; apply the plan against the API it was made for, or plan again here."
	}
	return "The saved plan file was edited after it was written",
		file + "the saved plan does not match what it was made from: " + d.Detail +
			" (the configuration, the variables, the state log and the live environments it was made from are as they were, so the plan file was edited after it was written)." +
			" Nothing was changed; do not apply this file: run terrarium plan --out FILE again, review it, and apply the new plan."
}

// Compare checks saved against now, a plan computed again from the same
// configuration directory, inputs, state log and live environments, and
// returns the first difference, or nil when they are the same plan. The
// plan's id, creation time, tool version and digest are not compared;
// everything else is, change by change and field by field.
func Compare(saved, now *Plan) *Difference {
	if d := compareOrigin(saved, now); d != nil {
		return d
	}
	if d := CompareConfigFiles(saved.ConfigFiles, now.ConfigFiles); d != nil {
		return d
	}
	if d := compareVars(saved.Inputs.VarHashes, now.Inputs.VarHashes); d != nil {
		return d
	}
	switch {
	case saved.Lineage != "" && saved.Lineage != now.Lineage:
		return &Difference{Side: SideState, Field: "lineage", Detail: fmt.Sprintf(
			"state log: lineage is %q, the plan was made from %q", now.Lineage, saved.Lineage)}
	case saved.Lineage != now.Lineage || saved.Serial != now.Serial:
		return &Difference{Side: SideState, Field: "serial", Detail: fmt.Sprintf(
			"state log: serial moved from %d to %d (another apply ran since the plan)", saved.Serial, now.Serial)}
	}
	if d := compareChanges(saved.Changes, now.Changes); d != nil {
		return d
	}
	path := firstDiff(strip(saved), strip(now))
	if path == "" {
		return nil
	}
	side := SidePlanFile
	switch {
	case strings.HasPrefix(path, "drift"):
		side = SideLive
	case strings.HasPrefix(path, "backend"):
		side = SideState
	case path == "config_hash":
		return &Difference{Side: SideConfiguration, Field: path, Detail: "the configuration files planned from changed after the plan was made"}
	case strings.HasPrefix(path, "inputs"):
		return &Difference{Side: SideVariables, Field: path, Detail: fmt.Sprintf(
			"the plan's %s differs from this apply's (apply reuses the plan's -var-file and --policy, and takes -var values from its own flags and environment)", path)}
	}
	return &Difference{Side: side, Field: path, Detail: fmt.Sprintf("the plan's %s differs from the recomputed plan's", path)}
}

func compareOrigin(saved, now *Plan) *Difference {
	if saved.Origin == nil || now.Origin == nil {
		if saved.Origin == nil && now.Origin == nil {
			return nil
		}
		return &Difference{Side: SidePlanFile, Field: "origin", Detail: "the plan records no origin"}
	}
	a, b := *saved.Origin, *now.Origin
	if a.Emulator && b.Emulator {
		// The in-process emulator listens on a new port every run; its
		// data file names it.
		a.APIURL, b.APIURL = "", ""
	}
	a.APIURL, b.APIURL = origin.NormalizeURL(a.APIURL), origin.NormalizeURL(b.APIURL)
	if a != b {
		return &Difference{Side: SideOrigin, Field: "origin", Detail: fmt.Sprintf(
			"the plan was made for %s, and this apply runs against %s", saved.Origin, now.Origin)}
	}
	return nil
}

// CompareConfigFiles returns the first configuration file (in name order)
// added, removed or edited between two name-to-SHA-256 maps, or nil.
func CompareConfigFiles(saved, now map[string]string) *Difference {
	for _, name := range sets.Keys(saved, now) {
		was, ok1 := saved[name]
		is, ok2 := now[name]
		var what string
		switch {
		case !ok1:
			what = "was added"
		case !ok2:
			what = "was removed"
		case was != is:
			what = "was edited"
		default:
			continue
		}
		return &Difference{Side: SideConfiguration, Field: name, Detail: fmt.Sprintf("configuration file %s %s after the plan was made", name, what)}
	}
	return nil
}

func compareVars(saved, now map[string]string) *Difference {
	for _, name := range sets.Keys(saved, now) {
		if saved[name] != now[name] {
			return &Difference{Side: SideVariables, Field: "var." + name, Detail: fmt.Sprintf(
				"variable %q does not have the value the plan was made with (give it again as when planning: -var, -var-file or TERRARIUM_VAR_%s)", name, name)}
		}
	}
	return nil
}

// compareChanges compares the changes by address, then field by field. A
// difference in the object a change was computed from (before,
// fingerprint) means the live side moved; any other, with the
// configuration, the variables and the state unchanged, means the plan
// file was edited.
func compareChanges(saved, now []Change) *Difference {
	have := make(map[string]*Change, len(now))
	for i := range now {
		have[now[i].Address] = &now[i]
	}
	seen := make(map[string]bool, len(saved))
	for i := range saved {
		c := &saved[i]
		seen[c.Address] = true
		n := have[c.Address]
		if n == nil {
			return &Difference{Side: SidePlanFile, Address: c.Address, Detail: fmt.Sprintf(
				"the plan has a change to %s (%s) that computing it again does not give; either the live environments changed or the plan file was edited", c.Address, c.Action)}
		}
		path := firstDiff(c, n)
		if path == "" {
			continue
		}
		if path == "fingerprint" || strings.HasPrefix(path, "before") || path == "env_id" {
			return &Difference{Side: SideLive, Address: c.Address, Field: path, Detail: liveMoved(c, n, path)}
		}
		return &Difference{Side: SidePlanFile, Address: c.Address, Field: path, Detail: fmt.Sprintf(
			"its change to %s (%s) differs in %s", c.Address, c.Action, path)}
	}
	for i := range now {
		if !seen[now[i].Address] {
			return &Difference{Side: SidePlanFile, Address: now[i].Address, Detail: fmt.Sprintf(
				"computing the plan again gives a change to %s (%s) that the plan does not have; either the live environments changed or the plan file was edited", now[i].Address, now[i].Action)}
		}
	}
	return nil
}

// strip is p as compared after the changes: without what differs between
// two computations of the same plan, and without what Compare checked
// already.
func strip(p *Plan) *Plan {
	q := *p
	q.ID, q.ToolVersion, q.Digest = "", "", ""
	// The origin and the variables' values are compared above; where a
	// value came from (--var or the environment) does not matter, for a
	// sensitive variable (SensitiveVars, the ones given with --var) too.
	q.Origin, q.Inputs.VarHashes, q.Inputs.Vars, q.Inputs.SensitiveVars = nil, nil, nil, nil
	q.Created = time.Time{}
	q.Changes = nil
	return &q
}

// firstDiff is the JSON path of the first difference between the JSON
// forms of a and b ("" when there is none): map keys in sorted order,
// arrays by index ("after.config.networking.allowed_hosts[1]").
func firstDiff(a, b any) string {
	va, vb := toTree(a), toTree(b)
	return diffTree(va, vb, "")
}

func toTree(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic("plan: compare: " + err.Error()) // a Plan always marshals
	}
	var t any
	if err := json.Unmarshal(b, &t); err != nil {
		panic("plan: compare: " + err.Error())
	}
	return t
}

func diffTree(a, b any, path string) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return orRoot(path)
		}
		for _, k := range sets.Keys(x, y) {
			_, ina := x[k]
			_, inb := y[k]
			p := join(path, k)
			if ina != inb {
				return p
			}
			if d := diffTree(x[k], y[k], p); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok {
			return orRoot(path)
		}
		for i := 0; i < len(x) && i < len(y); i++ {
			if d := diffTree(x[i], y[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		if len(x) != len(y) {
			return fmt.Sprintf("%s[%d]", path, min(len(x), len(y)))
		}
		return ""
	}
	if a != b {
		return orRoot(path)
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(the whole value)"
	}
	return path
}

// liveMoved says how the live object a change was computed from moved.
func liveMoved(saved, now *Change, path string) string {
	if saved.Before == nil || now.Before == nil || saved.EnvID != now.EnvID {
		return fmt.Sprintf("%s: the environment acted on is another one since the plan (%s)", saved.Address, path)
	}
	var what []string
	for _, f := range change.LiveWithReserved(saved.Before, now.Before) {
		what = append(what, f.Path)
	}
	if len(what) == 0 {
		what = append(what, strings.TrimPrefix(path, "before."))
	}
	return fmt.Sprintf("%s (%s): changed since the plan: %s", saved.Address, saved.EnvID, strings.Join(what, ", "))
}
