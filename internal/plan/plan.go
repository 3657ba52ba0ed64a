// Package plan turns a configuration, the live environments and the state
// log into a Plan: a plain value that can be saved, loaded, rendered and
// applied. It never prints.
package plan

import (
	"time"

	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/schema"
)

// FormatVersion is the plan format this build writes and reads.
const FormatVersion = 1

// Action is what a change does to one environment.
type Action string

// Actions, in the order the summary line counts them.
const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionReplace Action = "replace"
	ActionArchive Action = "archive"
	ActionDelete  Action = "delete"
	ActionAdopt   Action = "adopt"
	ActionForget  Action = "forget"
	ActionMove    Action = "move"
	ActionNoOp    Action = "no-op"
)

// Destroys reports whether the action ends the environment.
func (a Action) Destroys() bool { return a == ActionArchive || a == ActionDelete }

// Plan is the complete, self-contained result of planning a stack.
type Plan struct {
	FormatVersion int       `json:"format_version"`
	ToolVersion   string    `json:"tool_version"`
	ID            string    `json:"id"`
	Created       time.Time `json:"created"`
	Stack         string    `json:"stack"`
	// ConfigDir is the configuration directory as given to plan; apply
	// finds the state log beside it.
	ConfigDir string `json:"config_dir"`
	// WorkspaceID is the terrarium block's workspace_id, so that applying
	// a saved plan talks to the same workspace.
	WorkspaceID string `json:"workspace_id,omitempty"`
	// Backend is the state backend the plan was computed against. Applying
	// a saved plan opens it without reading the configuration again, as
	// Terraform's plan file records its backend. nil in a plan made by an
	// older terrarium.
	Backend *Backend `json:"backend,omitempty"`
	// ConfigHash is the SHA-256 of the configuration files planned from.
	ConfigHash string `json:"config_hash"`
	// Lineage and Serial identify the state log version planned from; empty
	// and 0 when there was no state log.
	Lineage string  `json:"lineage"`
	Serial  int64   `json:"serial"`
	Options Options `json:"options"`

	// Changes holds every environment the plan touches, sorted by address.
	// No-op environments are left out.
	Changes []Change `json:"changes"`
	// Drift lists what changed outside terrarium since the last apply.
	Drift []Drift `json:"drift"`
	// DriftUnavailable is true when there was no state log to compare with.
	DriftUnavailable bool `json:"drift_unavailable,omitempty"`
	// Egress lists, per environment, what the plan does to network reach.
	Egress []EgressDelta `json:"egress"`
	Lint   *LintSummary  `json:"lint,omitempty"`
	// Unchanged counts the managed environments that need no change.
	Unchanged int `json:"unchanged"`
}

// EgressDelta is what one change of the plan does to an environment's
// network reach (change.EgressOf from Before to After).
type EgressDelta struct {
	Address string        `json:"address"`
	Name    string        `json:"name"`
	Action  Action        `json:"action"`
	Items   change.Egress `json:"items"`
}

// Backend names a state backend: its type ("local" or "postgres") and the
// settings needed to open the same log again. It never holds a password.
type Backend struct {
	Type   string            `json:"type"`
	Config map[string]string `json:"config,omitempty"`
}

// Options are the planning choices that shape a plan.
type Options struct {
	Targets []string `json:"targets,omitempty"`
	// Excludes (-exclude) leave addresses out of the plan: -target's inverse.
	Excludes []string `json:"excludes,omitempty"`
	// Replace (-replace) forces a replace of each address that would
	// otherwise be updated in place or left unchanged.
	Replace     []string `json:"replace,omitempty"`
	Destroy     bool     `json:"destroy,omitempty"`
	RefreshOnly bool     `json:"refresh_only,omitempty"`
	// Imports are extra import requests (the import command), handled like
	// import blocks. They are not saved.
	Imports []schema.Import `json:"-"`
}

// Change is one action on one environment.
type Change struct {
	Address string `json:"address"`
	Action  Action `json:"action"`
	Reason  string `json:"reason"`
	// EnvID is the live environment acted on; empty for a create.
	EnvID string `json:"env_id,omitempty"`
	// PrevAddress is the address the environment is moved from.
	PrevAddress string `json:"prev_address,omitempty"`
	// Before is the live object the change was computed from.
	Before *schema.LiveEnv `json:"before,omitempty"`
	// After is the full desired object, ownership keys included; nil for
	// archive and delete.
	After *schema.EnvSpec `json:"after,omitempty"`
	// RemoveMetadata lists metadata keys the update deletes.
	RemoveMetadata []string `json:"remove_metadata,omitempty"`
	// Fields are what an update or a replace changes (change.Specs from
	// Before to After); empty for the other actions.
	Fields []change.Field `json:"fields,omitempty"`
	// Sensitive lists the attribute paths whose configured value derives
	// from a sensitive variable; views never show their values.
	Sensitive []string `json:"sensitive,omitempty"`
	// Fingerprint is the SHA-256 of the canonical JSON of Before.
	Fingerprint string `json:"fingerprint,omitempty"`
	// DestroyMode is "archive" or "delete": how a replace ends the old one.
	DestroyMode    string `json:"destroy_mode,omitempty"`
	PreventDestroy bool   `json:"prevent_destroy,omitempty"`
	// DependsOn lists the steps that must finish first: an address, or an
	// address with the suffix "#temp" for its temporary rename.
	DependsOn []string `json:"depends_on,omitempty"`
	// TempName is set when a name swap needs this environment parked under
	// a temporary name first.
	TempName string `json:"temp_name,omitempty"`
	// ParkName is set on an archive (or the archive half of a replace) whose
	// name another environment takes: the API may keep an archived
	// environment's name, so it is renamed to ParkName before archiving.
	ParkName string `json:"park_name,omitempty"`
}

// TempStep is the suffix that names a change's temporary-rename step.
const TempStep = "#temp"

// Drift is a managed environment changed outside terrarium since the last
// version the state log recorded.
type Drift struct {
	Address string `json:"address"`
	EnvID   string `json:"env_id,omitempty"`
	Reason  string `json:"reason"`
	// Fields are what changed since the recorded version (change.Live).
	Fields []change.Field `json:"fields,omitempty"`
	// Live is the environment now; nil when it is gone.
	Live *schema.LiveEnv `json:"live,omitempty"`
	// Sensitive lists the paths the configuration marks sensitive.
	Sensitive []string `json:"sensitive,omitempty"`
	// Egress is what the drift did to network reach, from the recorded
	// version to the live one (change.EgressOf); empty when reach is the
	// same.
	Egress change.Egress `json:"egress,omitempty"`
}

// LintSummary is the part of a lint run a plan carries.
type LintSummary struct {
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Findings []LintFinding `json:"findings,omitempty"`
}

// LintFinding is one lint result as a plan shows it.
type LintFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	// Range is where the finding is; nil when it has no source.
	Range *diag.Range `json:"range,omitempty"`
	// Address is the environment (and attribute path) it is about.
	Address string `json:"address,omitempty"`
}

// Pos is "file:line:col" of the finding, or "" without a range.
func (f LintFinding) Pos() string { return f.Range.String() }

// Empty reports whether applying the plan would change nothing.
func (p *Plan) Empty() bool {
	if p.Options.RefreshOnly {
		return len(p.Drift) == 0
	}
	return len(p.Changes) == 0
}

// Counts returns the number of changes per action.
func (p *Plan) Counts() map[Action]int {
	n := map[Action]int{}
	for _, c := range p.Changes {
		n[c.Action]++
	}
	return n
}

// Change returns the change at address, or nil.
func (p *Plan) Change(address string) *Change {
	for i := range p.Changes {
		if p.Changes[i].Address == address {
			return &p.Changes[i]
		}
	}
	return nil
}
