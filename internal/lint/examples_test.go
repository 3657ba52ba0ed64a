package lint

import (
	"testing"

	"terrarium/schema"
)

// The examples meant to show good practice lint clean; examples/insecure
// is the one meant to have findings.
func TestExamplesLintClean(t *testing.T) {
	for dir, opts := range map[string]schema.LoadOptions{
		"../../examples/quickstart":  {},
		"../../examples/multi-team":  {},
		"../../examples/multi-team/": {VarFiles: []string{"../../examples/multi-team/teams.vars.hcl"}},
	} {
		opts.Extensions = Blocks()
		cfg, diags := schema.Load(dir, opts)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", dir, diags.Error())
		}
		res, _ := Run(cfg, Options{})
		if len(res.Findings) > 0 {
			t.Errorf("%s (%v):\n%s", dir, opts.VarFiles, dump(res))
		}
	}
	cfg, _ := schema.Load("../../examples/insecure", schema.LoadOptions{Extensions: Blocks()})
	if res, _ := Run(cfg, Options{}); !res.Failed() {
		t.Error("examples/insecure has no error findings")
	}
}
