package generate

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"terrarium/internal/diag"
)

// A generated block that does not parse is an error about the
// environment's address, pointing at the generated line, never at a file
// that is not on disk.
func TestGeneratedBlockDiagnostics(t *testing.T) {
	_, diags := hclwrite.ParseConfig([]byte("environment \"x\" {\n  name = \"a\n}\n"), "generated.hcl", hcl.InitialPos)
	if !diags.HasErrors() {
		t.Fatal("the broken block parses")
	}
	got := aboutGenerated("environment.x", diags)
	for _, d := range got {
		if d.Subject != nil || diag.Address(d) != "environment.x" || !strings.Contains(d.Detail, "of the block generated for environment.x; this is a bug") {
			t.Errorf("diagnostic %+v (address %q)", d, diag.Address(d))
		}
	}
	if diags[0].Subject == nil {
		t.Error("the parser's diagnostics were changed")
	}
}
