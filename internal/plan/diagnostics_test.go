package plan

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/schema"
)

// Diagnostics about objects with no source range name their address:
// the -target arguments and the address two live environments claim.
func TestDiagnosticsNameTheirAddress(t *testing.T) {
	cfg := config(cfgEnv("a", withLimited(false, false)))
	for _, target := range []string{"environment.nope", "nope"} {
		_, diags := compute(cfg, nil, nil, Options{Targets: []string{target}})
		if len(diags) != 1 || diag.Address(diags[0]) != target || diags[0].Subject != nil {
			t.Errorf("-target %s: %v (address %q)", target, diags, addressOf(diags))
		}
	}
	e := cfgEnv("a")
	_, diags := compute(cfg, []schema.LiveEnv{liveOf("env_1", e), liveOf("env_2", e)}, nil, Options{})
	if len(diags) != 1 || diags[0].Summary != "Two environments claim one address" || diag.Address(diags[0]) != "environment.a" {
		t.Errorf("two claims: %v (address %q)", diags, addressOf(diags))
	}
}

func addressOf(diags hcl.Diagnostics) string {
	if len(diags) == 0 {
		return ""
	}
	return diag.Address(diags[0])
}
