package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// TestExamples loads every example (and its vars files) and checks that its
// files are canonically formatted.
func TestExamples(t *testing.T) {
	for _, name := range []string{"quickstart", "multi-team", "insecure"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "examples", name)
			varFiles, _ := filepath.Glob(filepath.Join(dir, "*"+VarsFileSuffix))
			for _, opts := range []LoadOptions{{}, {VarFiles: varFiles}} {
				cfg, diags := Load(dir, opts)
				if len(diags) > 0 {
					t.Fatalf("diagnostics: %v", diags)
				}
				if len(cfg.Environments) < 2 {
					t.Errorf("%d environments, want at least 2", len(cfg.Environments))
				}
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(hclwrite.Format(src), src) {
					t.Errorf("%s is not formatted", f)
				}
			}
		})
	}
}

func TestExampleDetails(t *testing.T) {
	cfg, diags := Load("../examples/multi-team", LoadOptions{VarFiles: []string{"../examples/multi-team/teams.vars.hcl"}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	e := cfg.Environment(`environment.team["ml"]`)
	if e == nil || e.Name.Value != "ml-staging" || cfg.Settings.Stack.Value != "multi-team" {
		t.Fatalf("ml = %+v", e)
	}
	spec := e.Spec()
	if got := spec.Config.Networking.AllowedHosts; len(got) != 3 || got[2] != "https://huggingface.co" {
		t.Errorf("hosts = %v", got)
	}
	if spec.Metadata["owner"] != "sam@example.com" || spec.Metadata["stage"] != "staging" {
		t.Errorf("metadata = %v", spec.Metadata)
	}
}
