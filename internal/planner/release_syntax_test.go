package planner

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terrarium/internal/lint"
	"terrarium/internal/render"
	"terrarium/schema"
)

// A plan releases the syntax trees of the configuration once decoded, yet
// a diagnostic found while decoding renders exactly as it does from the
// whole trees: file:line:col, the block it is in, the snippet.
func TestRunDiagnosticsRenderAsFromTheWholeTrees(t *testing.T) {
	h := newHarness(t, map[string]string{
		"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n",
		"envs.hcl": limitedEnv + `
environment "db" {
  description = upper(var.nope)
  config {
    type = "cloud"
  }
}
`,
	})
	res, diags, err := Run(context.Background(), h.request())
	if err != nil || !diags.HasErrors() {
		t.Fatalf("want a configuration error, got %v, %v", err, diags)
	}
	envs := filepath.Join(h.dir, "envs.hcl")
	if b, ok := res.Files[envs].Body.(*hclsyntax.Body); !ok || len(b.Blocks) != 2 || len(b.Blocks[0].Body.Attributes) != 0 {
		t.Fatal("envs.hcl's syntax tree was not released")
	}
	cfg, want := schema.Load(h.dir, schema.LoadOptions{Extensions: lint.Blocks()})
	var got, exp bytes.Buffer
	if err := render.Diagnostics(&got, res.Files, diags, false, 0); err != nil {
		t.Fatal(err)
	}
	if err := render.Diagnostics(&exp, cfg.Files, want, false, 0); err != nil {
		t.Fatal(err)
	}
	if got.String() != exp.String() {
		t.Fatalf("rendered from released files:\n%s\nfrom the whole trees:\n%s", got.String(), exp.String())
	}
	for _, s := range []string{`on ` + envs + ` line 14, in environment "db":`, `description = upper(var.nope)`} {
		if !strings.Contains(got.String(), s) {
			t.Fatalf("rendered diagnostics lack %q:\n%s", s, got.String())
		}
	}
}

// lint reads the tree of a file with an ignore comment to know how far
// the comment reaches: that file's tree is kept, and a comment above a
// block still covers a finding inside it.
func TestRunKeepsTheTreesIgnoreCommentsNeed(t *testing.T) {
	h := newHarness(t, map[string]string{
		"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n",
		"envs.hcl": `environment "billing" {
  config {
    type = "cloud"
    # terrarium:ignore mcp-servers-allowed reason="approved in SEC-41"
    networking {
      type              = "limited"
      allow_mcp_servers = true
    }
  }
}
`,
	})
	res, diags, err := Run(context.Background(), h.request())
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	defer res.Close()
	for _, f := range res.Lint.Findings {
		if f.Rule == "mcp-servers-allowed" || strings.HasPrefix(f.Rule, "ignore-") {
			t.Fatalf("finding %s at %s: the ignore comment no longer covers the block", f.Rule, f.Subject)
		}
	}
	if res.Lint.Suppressed != 1 {
		t.Fatalf("suppressed %d findings, want 1", res.Lint.Suppressed)
	}
}
