// Package drift reports what changed outside terrarium: the drift a plan
// finds between the state log's recorded versions and the live
// environments, with what the configuration would do about each (the
// three-way view plan has), ordered so that widened network reach comes
// first. It never prints.
package drift

import (
	"sort"
	"time"

	"terrarium/internal/change"
	"terrarium/internal/plan"
)

// FormatVersion is the version of the JSON report.
const FormatVersion = 1

// Report is the drift of one stack.
type Report struct {
	FormatVersion int       `json:"format_version"`
	Stack         string    `json:"stack"`
	Checked       time.Time `json:"checked"`
	Lineage       string    `json:"lineage,omitempty"`
	Serial        int64     `json:"serial"`
	// Dir is the configuration directory, for the commands that revert or
	// accept the drift.
	Dir string `json:"config_dir"`
	// NoState is true when there is no state log yet: nothing was applied,
	// so nothing can have drifted from it.
	NoState bool `json:"no_state,omitempty"`
	// Environments lists every drifted environment: those whose drift
	// widens network reach first, then those that change it otherwise,
	// then the rest; by address within each.
	Environments []Env `json:"environments"`
	// Widening counts the environments whose drift widens reach.
	Widening int `json:"widening"`
}

// Env is one environment changed outside terrarium.
type Env struct {
	Address string `json:"address"`
	EnvID   string `json:"env_id,omitempty"`
	// Reason says what happened: changed, archived, deleted or replaced
	// outside terrarium.
	Reason string `json:"reason"`
	// Egress is what the drift did to network reach (recorded → live).
	Egress change.Egress `json:"egress"`
	// Fields are the attributes that differ from the recorded version.
	Fields []change.Field `json:"fields,omitempty"`
	// Revert is the action `terrarium apply` takes on the environment
	// (it puts back what the configuration says); "" when the
	// configuration already matches the live environment, so applying
	// changes nothing and the drift can only be accepted.
	Revert plan.Action `json:"revert,omitempty"`
}

// Drifted reports whether anything changed outside terrarium.
func (r *Report) Drifted() bool { return len(r.Environments) > 0 }

// FromPlan builds the report from a (normal, not refresh-only) plan of the
// configuration in dir.
func FromPlan(p *plan.Plan, dir string) *Report {
	r := &Report{FormatVersion: FormatVersion, Stack: p.Stack, Checked: p.Created, Lineage: p.Lineage, Serial: p.Serial,
		Dir: dir, NoState: p.DriftUnavailable, Environments: []Env{}}
	for _, d := range p.Drift {
		e := Env{Address: d.Address, EnvID: d.EnvID, Reason: d.Reason, Egress: d.Egress, Fields: d.Fields}
		if c := p.Change(d.Address); c != nil {
			e.Revert = c.Action
		}
		if e.Egress.Widens() {
			r.Widening++
		}
		r.Environments = append(r.Environments, e)
	}
	sort.SliceStable(r.Environments, func(i, j int) bool {
		a, b := rank(r.Environments[i]), rank(r.Environments[j])
		if a != b {
			return a < b
		}
		return r.Environments[i].Address < r.Environments[j].Address
	})
	return r
}

func rank(e Env) int {
	switch {
	case e.Egress.Widens():
		return 0
	case len(e.Egress) > 0:
		return 1
	}
	return 2
}
