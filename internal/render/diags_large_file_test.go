package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// A diagnostic in a large file renders as HCL's writer renders it with the
// whole file (the line, the carets, "in environment ..."), from a stand-in
// of the lines it shows: the writer scans a file whole for each diagnostic.
func TestDiagnosticInALargeFileRendersAsWithTheWholeFile(t *testing.T) {
	var src strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&src, "environment \"e%d\" {\n  name = \"x\"\n}\n", i)
	}
	f, diags := hclsyntax.ParseConfig([]byte(src.String()), "main.hcl", hcl.InitialPos)
	if diags.HasErrors() || len(f.Bytes) <= wholeSourceMax {
		t.Fatal(diags, len(f.Bytes))
	}
	content, _ := f.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "environment", LabelNames: []string{"l"}}}})
	b := content.Blocks[4321]
	attrs, _ := b.Body.JustAttributes()
	r := attrs["name"].Expr.Range()
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "S", Detail: "D", Subject: &r, Context: b.DefRange.Ptr()}
	files := map[string]*hcl.File{"main.hcl": f}

	var want, got bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&want, files, 0, true).WriteDiagnostic(d); err != nil {
		t.Fatal(err)
	}
	if err := Diagnostics(&got, files, hcl.Diagnostics{d}, true, 0); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() || !strings.Contains(got.String(), `in environment "e4321"`) {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
	}
}
