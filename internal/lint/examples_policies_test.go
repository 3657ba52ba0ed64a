package lint

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"terrarium/schema"
)

// TestExamplePolicies: the policies of examples/policies load, every custom
// rule in them fires on testdata/policies/violations.hcl (a stack written to
// break each once), none fails to evaluate there or on the other examples,
// and the clean parts of the examples stay clean.
func TestExamplePolicies(t *testing.T) {
	files, _ := filepath.Glob("../../examples/policies/*.hcl")
	if len(files) != 3 {
		t.Fatalf("want 3 example policies, have %v", files)
	}
	var policies []*Policy
	var names []string
	for _, f := range files {
		p, _, diags := LoadPolicyFile(f)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", f, diags.Error())
		}
		policies = append(policies, p)
		for _, r := range p.Rules {
			names = append(names, r.Name)
		}
	}
	cfg, diags := schema.Load("testdata/policies", schema.LoadOptions{Extensions: Blocks()})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res, diags := Run(cfg, Options{Policies: policies, Now: testNow})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fired := map[string]bool{}
	for _, f := range res.Findings {
		fired[f.Rule] = true
	}
	sort.Strings(names)
	for _, n := range names {
		if !fired[n] {
			t.Errorf("%s never fires on violations.hcl", n)
		}
	}
	if fired[policyRuleError.Name] || fired[policyRuleUnused.Name] {
		t.Errorf("an example rule fails or applies to nothing:\n%s", dump(res))
	}
	for _, dir := range []string{"../../examples/quickstart", "../../examples/insecure", "../../examples/multi-team"} {
		cfg, _ := schema.Load(dir, schema.LoadOptions{Extensions: Blocks()})
		res, _ := Run(cfg, Options{Policies: policies, Now: testNow})
		for _, f := range res.Findings {
			if f.Rule == policyRuleError.Name || strings.Contains(f.Summary, "(sensitive") {
				t.Errorf("%s: %s %s %s", dir, f.Rule, f.Summary, f.Detail)
			}
		}
	}
}
