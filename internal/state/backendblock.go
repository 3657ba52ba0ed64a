package state

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

// DecodeBackendStrings reads the body of a backend block whose attributes
// are all strings: each attribute of bs that is set goes into
// dst[name], in bs's order, evaluated in ctx (nil: no variables).
// refuse, when not nil, gives the detail of an "Invalid NAME" diagnostic
// for a value it does not accept ("" accepts it); a refused value is not
// stored. Unknown attributes and blocks are diagnostics too. Every
// diagnostic points at what it is about.
func DecodeBackendStrings(body hcl.Body, bs *hcl.BodySchema, ctx *hcl.EvalContext, dst map[string]*string, refuse func(name, value string) string) hcl.Diagnostics {
	if body == nil {
		return nil
	}
	content, diags := body.Content(bs)
	for _, as := range bs.Attributes {
		name := as.Name
		attr, ok := content.Attributes[name]
		if !ok {
			continue
		}
		v, d := schema.NewEvaluator().Eval(attr.Expr, ctx) // under the configuration's bounds
		diags = diags.Extend(d)
		if d.HasErrors() {
			continue
		}
		bad := ""
		switch {
		case v.IsNull() || !v.IsKnown() || v.Type() != cty.String:
			bad = name + " must be a string."
		case refuse != nil:
			bad = refuse(name, v.AsString())
		}
		if bad != "" {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid " + name,
				Detail:   bad,
				Subject:  attr.Expr.Range().Ptr(),
			})
			continue
		}
		*dst[name] = v.AsString()
	}
	return diags
}
