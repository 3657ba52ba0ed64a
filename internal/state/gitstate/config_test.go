package gitstate

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Every value the git backend refuses is a diagnostic at its line that
// says why, in the order of the block's schema.
func TestDecodeBackendRefusals(t *testing.T) {
	decodeBlock := func(t *testing.T, src string) (Config, hcl.Diagnostics) {
		f, parsed := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
		cfg, diags := DecodeBackend(f.Body)
		return cfg, append(parsed, diags...) // a parse error fails the expectations below
	}
	cfg, diags := decodeBlock(t, `branch = "state/prod"
remote = "upstream"`)
	if diags.HasErrors() || cfg.Branch != "state/prod" || cfg.Remote != "upstream" {
		t.Fatalf("%+v %v", cfg, diags)
	}
	cfg, diags = decodeBlock(t, `remote = "https://me:secret@example.com/r.git"
branch = "../x"
`)
	if len(diags) != 2 || cfg.Branch != "" || cfg.Remote != "" {
		t.Fatalf("refused values: %+v %v", cfg, diags)
	}
	for i, want := range []struct {
		line   int
		detail string
	}{{2, "is not a usable branch name"}, {1, "must not hold credentials"}} {
		d := diags[i]
		if d.Subject.Start.Line != want.line || !strings.Contains(d.Detail, want.detail) || strings.Contains(d.Detail, "secret") {
			t.Errorf("diagnostic %d: line %d %q, want line %d and %q", i, d.Subject.Start.Line, d.Detail, want.line, want.detail)
		}
	}
	_, diags = decodeBlock(t, `remote = "-oProxyCommand=x"`)
	if !diags.HasErrors() || diags[0].Summary != "Invalid remote" {
		t.Fatalf("a remote starting with -: %v", diags)
	}
	_, diags = decodeBlock(t, `branch = 5`)
	if !diags.HasErrors() || diags[0].Detail != "branch must be a string." {
		t.Fatalf("a number as branch: %v", diags)
	}
	_, diags = decodeBlock(t, `bransh = "x"`)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "bransh") {
		t.Fatalf("unknown attribute: %v", diags)
	}
}
