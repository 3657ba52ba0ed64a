package schema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Address returns the address of an environment instance:
// environment.LABEL, or environment.LABEL["KEY"] for a for_each instance.
func Address(label string, key *string) string {
	if key == nil {
		return "environment." + label
	}
	return "environment." + label + "[" + quoteKey(*key) + "]"
}

// quoteKey quotes a for_each key as an HCL string literal.
func quoteKey(k string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range k {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	// "${" and "%{" would start a template sequence.
	return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(b.String())
}

// ParseAddress parses an environment address as Address writes it (also as
// given on a command line, e.g. to -target).
func ParseAddress(s string) (label string, key *string, err error) {
	expr, diags := hclsyntax.ParseExpression([]byte(s), "<address>", hcl.InitialPos)
	if diags.HasErrors() {
		return "", nil, fmt.Errorf(`%q is not a valid environment address: write environment.NAME or environment.NAME["KEY"]`, s)
	}
	label, key, d := addressOfExpr(expr)
	if d.HasErrors() {
		return "", nil, fmt.Errorf("%q is not a valid environment address: %s", s, d[0].Detail)
	}
	return label, key, nil
}

// addressOfExpr reads an address written as a traversal:
// environment.NAME or environment.NAME["KEY"].
func addressOfExpr(expr hcl.Expression) (string, *string, hcl.Diagnostics) {
	bad := func(detail string) (string, *string, hcl.Diagnostics) {
		return "", nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid address",
			Detail:   detail + ` An address is environment.NAME or environment.NAME["KEY"].`,
			Subject:  expr.Range().Ptr(),
		}}
	}
	tr, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() {
		return bad("This is not an address.")
	}
	if tr.RootName() != "environment" {
		return bad(fmt.Sprintf("Only environments can be addressed, not %q.", tr.RootName()))
	}
	if len(tr) < 2 || len(tr) > 3 {
		return bad("The address has the wrong number of parts.")
	}
	attr, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return bad("The environment's label must follow \"environment.\".")
	}
	if len(tr) == 2 {
		return attr.Name, nil, nil
	}
	idx, ok := tr[2].(hcl.TraverseIndex)
	if !ok {
		return bad("Only an index key may follow the label.")
	}
	k, _ := usable(idx.Key)
	if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
		return bad("The index key must be a string.")
	}
	key := k.AsString()
	return attr.Name, &key, nil
}
