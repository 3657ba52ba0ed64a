package apply

import (
	"fmt"
	"strings"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// StaleError refuses a plan whose inputs moved since it was made.
type StaleError struct {
	// Reasons name each environment (or the state log) and what changed.
	Reasons []string
}

// Error says the plan is stale, and why.
func (e *StaleError) Error() string {
	return "the saved plan is stale; run plan again:\n  - " + strings.Join(e.Reasons, "\n  - ")
}

// CheckStale compares the plan with the state log and the live objects it
// was computed from. A plan made before the log existed accepts a fresh log.
func CheckStale(p *plan.Plan, snap *state.Snapshot, live []schema.LiveEnv) error {
	return staleError(append(staleLog(p, snap), staleLive(p, live)...))
}

func staleError(reasons []string) error {
	if len(reasons) > 0 {
		return &StaleError{Reasons: reasons}
	}
	return nil
}

// staleLog says how the state log moved since the plan, if it did.
func staleLog(p *plan.Plan, snap *state.Snapshot) []string {
	var lineage string
	var serial int64
	if snap != nil {
		lineage, serial = snap.Lineage, snap.Serial
	}
	switch {
	case p.Lineage != "" && lineage != p.Lineage:
		return []string{fmt.Sprintf("state log: lineage is %q, the plan was made from %q", lineage, p.Lineage)}
	case serial != p.Serial:
		return []string{fmt.Sprintf("state log: serial moved from %d to %d (another apply ran since the plan)", p.Serial, serial)}
	}
	return nil
}

// staleLive lists the changes whose live objects moved since the plan.
// An environment the plan changes still carries its old address until the
// apply moves it, so only environments the plan does not know can make a
// create at their address stale.
func staleLive(p *plan.Plan, live []schema.LiveEnv) []string {
	var reasons []string
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
		if r := staleChange(&p.Changes[i], byID, byAddr); r != "" {
			reasons = append(reasons, r)
		}
	}
	return reasons
}

func staleChange(c *plan.Change, byID, byAddr map[string]*schema.LiveEnv) string {
	if c.Before == nil {
		if l := byAddr[c.Address]; l != nil {
			return fmt.Sprintf("%s: %s was created at this address since the plan", c.Address, l.ID)
		}
		return ""
	}
	l := byID[c.EnvID]
	if l == nil {
		return fmt.Sprintf("%s (%s): deleted since the plan", c.Address, c.EnvID)
	}
	if plan.Fingerprint(l) == c.Fingerprint {
		return ""
	}
	var what []string
	for _, f := range change.LiveWithReserved(c.Before, l) {
		what = append(what, f.Path)
	}
	if len(what) == 0 {
		what = append(what, "updated_at")
	}
	return fmt.Sprintf("%s (%s): changed since the plan: %s", c.Address, c.EnvID, strings.Join(what, ", "))
}
