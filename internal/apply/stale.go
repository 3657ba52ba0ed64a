package apply

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// StaleError refuses a plan whose inputs moved since it was made.
type StaleError struct {
	// Diags are one error per environment that moved (about its
	// address) and for the state log; each detail says what changed.
	Diags hcl.Diagnostics
	// unsaved says the plan was made by the run that applies it (Unsaved).
	unsaved bool
}

// StaleSummary is the summary of every diagnostic of a StaleError.
const StaleSummary = "The saved plan is stale; run plan again"

// UnsavedSummary is StaleSummary for a plan that `apply DIR` made in the
// same run (Unsaved): no plan was saved, and running apply again plans
// afresh.
const UnsavedSummary = "The stack changed while this apply waited for approval; run apply again"

// Unsaved is e for a plan made by the same run that applies it (`apply
// DIR`): another run changed the stack between the plan and the apply,
// which the lock prevents once a state log exists but not before the first
// apply of a stack.
func (e *StaleError) Unsaved() *StaleError {
	diags := make(hcl.Diagnostics, len(e.Diags))
	for i, d := range e.Diags {
		c := *d
		if c.Summary == StaleSummary {
			c.Summary = UnsavedSummary
		}
		diags[i] = &c
	}
	return &StaleError{Diags: diags, unsaved: true}
}

// Error says the plan is stale, and why.
func (e *StaleError) Error() string {
	var b strings.Builder
	if e.unsaved {
		b.WriteString("the stack changed while this apply waited for approval; run apply again:")
	} else {
		b.WriteString("the saved plan is stale; run plan again:")
	}
	for _, d := range e.Diags {
		b.WriteString("\n  - " + d.Detail)
	}
	return b.String()
}

// Diagnostics are the error's diagnostics (see internal/diag.Diagnoser).
func (e *StaleError) Diagnostics() hcl.Diagnostics { return e.Diags }

// stale is one reason the plan is stale: what changed at address.
func stale(address, format string, args ...any) *hcl.Diagnostic {
	return diag.Error(address, StaleSummary, fmt.Sprintf(format, args...))
}

// CheckStale compares the plan with the state log and the live objects it
// was computed from. A plan made before the log existed accepts a fresh log.
func CheckStale(p *plan.Plan, snap *state.Snapshot, live []schema.LiveEnv) error {
	return staleError(append(staleLog(p, snap), staleLive(p, live)...))
}

func staleError(diags hcl.Diagnostics) error {
	if len(diags) > 0 {
		return &StaleError{Diags: diags}
	}
	return nil
}

// staleLog says how the state log moved since the plan, if it did.
func staleLog(p *plan.Plan, snap *state.Snapshot) hcl.Diagnostics {
	var lineage string
	var serial int64
	if snap != nil {
		lineage, serial = snap.Lineage, snap.Serial
	}
	switch {
	case p.Lineage != "" && lineage != p.Lineage:
		return hcl.Diagnostics{stale("", "state log: lineage is %q, the plan was made from %q", lineage, p.Lineage)}
	case serial != p.Serial:
		return hcl.Diagnostics{stale("", "state log: serial moved from %d to %d (another apply ran since the plan)", p.Serial, serial)}
	}
	return nil
}

// staleLive lists the changes whose live objects moved since the plan.
// An environment the plan changes still carries its old address until the
// apply moves it, so only environments the plan does not know can make a
// create at their address stale.
func staleLive(p *plan.Plan, live []schema.LiveEnv) hcl.Diagnostics {
	var reasons hcl.Diagnostics
	planned := make(map[string]bool, len(p.Changes))
	for i := range p.Changes {
		if p.Changes[i].Before != nil {
			planned[p.Changes[i].EnvID] = true
		}
	}
	byID := make(map[string]*schema.LiveEnv, len(live))
	byAddr := map[string]*schema.LiveEnv{}
	for i := range live {
		l := &live[i]
		byID[l.ID] = l
		if st, addr := l.Owner(); st == p.Stack && addr != "" && !l.Archived() && !planned[l.ID] {
			byAddr[addr] = l
		}
	}
	for i := range p.Changes {
		if r := staleChange(&p.Changes[i], byID, byAddr); r != nil {
			reasons = append(reasons, r)
		}
	}
	return reasons
}

func staleChange(c *plan.Change, byID, byAddr map[string]*schema.LiveEnv) *hcl.Diagnostic {
	if c.Before == nil {
		if l := byAddr[c.Address]; l != nil {
			return stale(c.Address, "%s: %s was created at this address since the plan", c.Address, l.ID)
		}
		return nil
	}
	l := byID[c.EnvID]
	if l == nil {
		return stale(c.Address, "%s (%s): deleted since the plan", c.Address, c.EnvID)
	}
	if plan.Fingerprint(l) == c.Fingerprint {
		return nil
	}
	var what []string
	for _, f := range change.LiveWithReserved(c.Before, l) {
		what = append(what, f.Path)
	}
	if len(what) == 0 {
		what = append(what, "updated_at")
	}
	return stale(c.Address, "%s (%s): changed since the plan: %s", c.Address, c.EnvID, strings.Join(what, ", "))
}
