package schema

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Evaluator evaluates expressions that live outside a Load, such as the
// condition of a custom lint rule, under the bounds every configuration
// expression has (limits.go): at most MaxValueSize bytes per value, at most
// MaxIterations elements visited by nested for expressions, at most
// MaxTotalValueSize bytes over every value it evaluates, and panics inside
// HCL or cty turned into diagnostics. Safe for concurrent use.
type Evaluator struct {
	ev evaluator
}

// NewEvaluator returns an Evaluator with an empty budget.
func NewEvaluator() *Evaluator { return &Evaluator{} }

// Eval evaluates expr in ctx. On failure the value is cty.DynamicVal and
// the diagnostics say why, with expr's range.
func (e *Evaluator) Eval(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	return e.ev.eval(expr, ctx)
}

// EvalContext returns a context with the configuration language's
// functions and the given variables, for expressions outside a
// configuration (a --policy file).
func EvalContext(vars map[string]cty.Value) *hcl.EvalContext {
	return &hcl.EvalContext{Variables: vars, Functions: Functions()}
}
