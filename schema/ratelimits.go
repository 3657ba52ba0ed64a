package schema

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// RateLimits is the terrarium block's rate_limits block: the pace, in
// requests per minute, terrarium keeps per operation class of the API's
// rate limits. A nil field keeps the default (the documented limits: 60
// writes and 600 reads per minute); 0 turns pacing of that class off.
type RateLimits struct {
	Writes *Number
	Reads  *Number
	Range  hcl.Range
}

// Number is a number from the configuration with its source range.
type Number struct {
	Value float64
	Range hcl.Range
}

// MaxRateLimit bounds a configured pace: more than a million requests a
// minute is a typo, not a limit.
const MaxRateLimit = 1e6

var rateLimitsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "writes"}, {Name: "reads"}},
}

// decodeRateLimits decodes a rate_limits block, evaluated without
// variables like the rest of the terrarium block.
func decodeRateLimits(b *hcl.Block, ctx *hcl.EvalContext) (*RateLimits, hcl.Diagnostics) {
	content, diags := b.Body.Content(rateLimitsSchema)
	rl := &RateLimits{Range: b.DefRange}
	for name, slot := range map[string]**Number{"writes": &rl.Writes, "reads": &rl.Reads} {
		a := content.Attributes[name]
		if a == nil {
			continue
		}
		n, d := evalRate(a, ctx)
		diags = append(diags, d...)
		*slot = n
	}
	return rl, diags
}

func evalRate(a *hcl.Attribute, ctx *hcl.EvalContext) (*Number, hcl.Diagnostics) {
	ev := &evaluator{ctx: ctx}
	v, diags := ev.eval(a.Expr, ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	bad := func() hcl.Diagnostics {
		return diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Invalid value for %q", a.Name),
			Detail:   fmt.Sprintf("%q is requests per minute: a number from 0 (no pacing) to %g, such as 60.", a.Name, float64(MaxRateLimit)),
			Subject:  a.Expr.Range().Ptr(),
		})
	}
	if !v.IsWhollyKnown() || v.IsNull() {
		return nil, bad()
	}
	nv, err := convert.Convert(v, cty.Number)
	if err != nil || nv.IsNull() {
		return nil, bad()
	}
	f, _ := nv.AsBigFloat().Float64()
	if nv.AsBigFloat().Sign() < 0 || nv.AsBigFloat().Cmp(big.NewFloat(MaxRateLimit)) > 0 {
		return nil, bad()
	}
	return &Number{Value: f, Range: a.Expr.Range()}, diags
}
