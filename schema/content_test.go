package schema

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bodyContent gives what hclsyntax's Content gives, for bodies that fit
// the schema (its fast path) and for every way of not fitting it.
func TestBodyContentMatchesContent(t *testing.T) {
	schema := &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "type", Required: true}, {Name: "hosts"}, {Name: "both"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "packages"}, {Type: "rule", LabelNames: []string{"name"}}, {Type: "both"}},
	}
	for _, src := range []string{
		`type = "cloud"`,
		`type = "cloud"
hosts = ["a"]
packages {}
rule "r" {}
packages {}`,
		`hosts = ["a"]`, // missing required
		`type = "x"
extra = 1`, // unsupported argument
		`type = "x"
packages = {}`, // argument where a block is expected
		`type = "x"
unknown {}`, // unsupported block
		`type = "x"
rule {}`, // missing label
		`type = "x"
packages "extra" {}`, // extraneous label
		`type = "x"
both = 1`, // name of an argument and a block
	} {
		f, diags := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		want, wantDiags := f.Body.Content(schema)
		got, gotDiags := bodyContent(f.Body, schema)
		if fmt.Sprint(wantDiags) != fmt.Sprint(gotDiags) {
			t.Errorf("%s:\ndiagnostics %v\nwant        %v", src, gotDiags, wantDiags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\ncontent %#v\nwant    %#v", src, got, want)
		}
	}
}
