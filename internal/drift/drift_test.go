package drift

import (
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/plan"
)

// TestOrderAndRevert: widening drift comes first, then other egress
// changes, then the rest; an environment the plan changes is reverted by
// apply, one it leaves alone can only be accepted.
func TestOrderAndRevert(t *testing.T) {
	p := &plan.Plan{Stack: "s", Drift: []plan.Drift{
		{Address: "environment.a", Reason: "changed outside terrarium"},
		{Address: "environment.b", Reason: "changed outside terrarium", Egress: change.Egress{{Kind: change.EgressHostRemoved, Host: "https://x"}}},
		{Address: "environment.c", Reason: "changed outside terrarium", Egress: change.Egress{{Kind: change.EgressHostAdded, Host: "https://evil", Widening: true}}},
	}, Changes: []plan.Change{{Address: "environment.c", Action: plan.ActionUpdate}}}
	r := FromPlan(p, "environments")
	var got []string
	for _, e := range r.Environments {
		got = append(got, e.Address)
	}
	if len(got) != 3 || got[0] != "environment.c" || got[1] != "environment.b" || got[2] != "environment.a" {
		t.Fatalf("order %v", got)
	}
	if r.Widening != 1 || !r.Drifted() || r.Environments[0].Revert != plan.ActionUpdate || r.Environments[1].Revert != "" {
		t.Fatalf("%+v", r)
	}
	if FromPlan(&plan.Plan{}, ".").Drifted() {
		t.Fatal("no drift reported as drift")
	}
}
