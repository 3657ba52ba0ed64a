package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

// A -target that names nothing is refused: a typo must not plan "No
// changes" and exit 0.
func TestTargetMatchingNothingIsRefused(t *testing.T) {
	cfg := config(cfgEnv("a", withLimited(false, false)))
	for target, want := range map[string]string{
		"environment.nope": "names no environment",
		"nope":             "is not an environment address",
	} {
		_, diags := compute(cfg, nil, nil, Options{Targets: []string{target}})
		if !diags.HasErrors() || !strings.Contains(diags.Error(), want) {
			t.Errorf("-target %s: diags %v, want an error containing %q", target, diags, want)
		}
	}
	if _, diags := compute(cfg, nil, nil, Options{Targets: []string{"environment.a"}}); diags.HasErrors() {
		t.Errorf("a configured target is refused: %v", diags)
	}
}

// A refresh-only plan has no changes, as an empty list: plan -json must
// match schema/jsonschema/plan.schema.json, where changes is an array.
func TestRefreshOnlyChangesIsEmptyList(t *testing.T) {
	p := mustPlan(t, config(cfgEnv("a", withLimited(false, false))), nil, nil, Options{RefreshOnly: true})
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"changes":[]`) {
		t.Errorf("refresh-only plan JSON: %s", b)
	}
}
