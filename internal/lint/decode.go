package lint

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"terrarium/schema"
)

// Small typed decoders for the policy and lint blocks: each evaluates one
// attribute, converts it and keeps its range.

func attrDiag(attr *hcl.Attribute, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid " + attr.Name,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  attr.Expr.Range().Ptr(),
	}
}

func evalAs(attr *hcl.Attribute, ctx *hcl.EvalContext, ty cty.Type) (cty.Value, hcl.Diagnostics) {
	v, diags := schema.NewEvaluator().Eval(attr.Expr, ctx) // under the configuration's bounds
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		return cty.NilVal, hcl.Diagnostics{attrDiag(attr, "The value must be known and not null.")}
	}
	out, err := convert.Convert(v, ty)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{attrDiag(attr, "Expected %s: %s.", ty.FriendlyName(), err)}
	}
	return out, nil
}

// BoolSetting is a boolean with the range of the attribute that set it.
type BoolSetting struct {
	Value bool
	Range hcl.Range
}

// IntSetting is a number with its range.
type IntSetting struct {
	Value int
	Range hcl.Range
}

// ListSetting is a list of strings with the range of the whole attribute
// and of each element.
type ListSetting struct {
	Values []string
	Ranges []hcl.Range
	Range  hcl.Range
}

func decodeBool(attr *hcl.Attribute, ctx *hcl.EvalContext) (*BoolSetting, hcl.Diagnostics) {
	v, diags := evalAs(attr, ctx, cty.Bool)
	if diags.HasErrors() {
		return nil, diags
	}
	return &BoolSetting{Value: v.True(), Range: attr.Range}, nil
}

func decodeString(attr *hcl.Attribute, ctx *hcl.EvalContext) (string, hcl.Diagnostics) {
	v, diags := evalAs(attr, ctx, cty.String)
	if diags.HasErrors() {
		return "", diags
	}
	return v.AsString(), nil
}

// decodeSeverity reads a severity name (with "none" when allowNone, for a
// fail-on threshold); SeverityUnset when the attribute is not valid.
func decodeSeverity(attr *hcl.Attribute, ctx *hcl.EvalContext, allowNone bool) (Severity, hcl.Diagnostics) {
	v, diags := decodeString(attr, ctx)
	if diags.HasErrors() {
		return SeverityUnset, diags
	}
	sev, err := ParseSeverity(v, allowNone)
	if err != nil {
		return SeverityUnset, hcl.Diagnostics{attrDiag(attr, "%s.", err)}
	}
	return sev, nil
}

func decodeInt(attr *hcl.Attribute, ctx *hcl.EvalContext) (*IntSetting, hcl.Diagnostics) {
	v, diags := evalAs(attr, ctx, cty.Number)
	if diags.HasErrors() {
		return nil, diags
	}
	bf := v.AsBigFloat()
	n, acc := bf.Int64()
	if !bf.IsInt() || acc != 0 || n < 0 || n > 1<<20 {
		return nil, hcl.Diagnostics{attrDiag(attr, "Expected a whole number from 0.")}
	}
	return &IntSetting{Value: int(n), Range: attr.Range}, nil
}

func decodeList(attr *hcl.Attribute, ctx *hcl.EvalContext) (*ListSetting, hcl.Diagnostics) {
	v, diags := evalAs(attr, ctx, cty.List(cty.String))
	if diags.HasErrors() {
		return nil, diags
	}
	ls := &ListSetting{Range: attr.Range}
	elems := elementRanges(attr.Expr)
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, ev := it.Element()
		if ev.IsNull() {
			return nil, hcl.Diagnostics{attrDiag(attr, "Element %d is null.", i)}
		}
		ls.Values = append(ls.Values, ev.AsString())
		r := attr.Expr.Range()
		if len(elems) == v.LengthInt() {
			r = elems[i]
		}
		ls.Ranges = append(ls.Ranges, r)
	}
	return ls, nil
}

// elementRanges returns the ranges of the elements of a literal list
// expression, nil for any other expression.
func elementRanges(expr hcl.Expression) []hcl.Range {
	exprs, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil
	}
	out := make([]hcl.Range, len(exprs))
	for i, e := range exprs {
		out[i] = e.Range()
	}
	return out
}
