package schema

import (
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evaluator evaluates expressions against the configuration's variables and
// locals, reporting references to undeclared names before HCL does, so the
// message can say what is missing and suggest a near name.
type evaluator struct {
	vars   map[string]*Variable
	locals map[string]*hcl.Attribute
	ctx    *hcl.EvalContext
	// spent is the size of every value evaluated so far, bounded by
	// MaxTotalValueSize. Environment blocks decode in parallel.
	spent atomic.Int64
}

// eval evaluates expr in ctx; when that fails because of a reference to an
// undeclared variable or local, the diagnostic says so. On any error the
// value is cty.DynamicVal, which later conversions treat as already reported.
func (ev *evaluator) eval(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if ev.spent.Load() > MaxTotalValueSize {
		return cty.DynamicVal, hcl.Diagnostics{tooLarge(expr.Range(), "The values of this configuration together")}
	}
	v, diags := safeValue(expr, ctx)
	if diags.HasErrors() {
		// Walking the references costs time on every expression, so it is
		// done only to explain a failure.
		if refDiags := ev.checkRefs(expr); refDiags.HasErrors() {
			return cty.DynamicVal, refDiags
		}
		if eachDiags := checkEach(expr, ctx); eachDiags.HasErrors() {
			return cty.DynamicVal, eachDiags
		}
		return cty.DynamicVal, diags
	}
	if !plain(expr) {
		ev.spent.Add(int64(valueSize(v, MaxValueSize)))
	}
	return v, diags
}

// safeValue evaluates expr and turns a panic inside HCL or cty into a
// diagnostic: a configuration must never crash the tool. Values beyond the
// bounds of limits.go are refused, before evaluation when that is possible.
func safeValue(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	if plain(expr) {
		return recoverValue(expr, ctx)
	}
	if diags := precheck(expr, ctx); diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, diags = recoverValue(expr, ctx)
	if !diags.HasErrors() && valueSize(v, MaxValueSize) > MaxValueSize {
		return cty.DynamicVal, hcl.Diagnostics{tooLarge(expr.Range(), "The value of this expression")}
	}
	return v, diags
}

// recoverValue is expr.Value with panics turned into diagnostics.
func recoverValue(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			v = cty.DynamicVal
			diags = hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Expression could not be evaluated",
				Detail:   fmt.Sprintf("Evaluating this expression failed unexpectedly: %v.", r),
				Subject:  expr.Range().Ptr(),
			}}
		}
	}()
	return expr.Value(ctx)
}

// checkRefs reports var.X and local.X references to names not declared.
func (ev *evaluator) checkRefs(expr hcl.Expression) hcl.Diagnostics {
	if ev.vars == nil {
		return nil // a context without variables: HCL reports any reference
	}
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		if root != "var" && root != "local" {
			continue
		}
		name, rng, ok := refName(tr)
		if !ok {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference",
				Detail:   fmt.Sprintf("A reference to %q must be followed by a name, like %s.example.", root, root),
				Subject:  tr.SourceRange().Ptr(),
			})
			continue
		}
		if root == "var" {
			if _, ok := ev.vars[name]; !ok {
				diags = diags.Append(undeclared("input variable", "var", name, sortedKeys(ev.vars), rng))
			}
		} else if _, ok := ev.locals[name]; !ok {
			diags = diags.Append(undeclared("local value", "local", name, sortedKeys(ev.locals), rng))
		}
	}
	return diags
}

// refName returns the attribute name after a var./local. root.
func refName(tr hcl.Traversal) (string, hcl.Range, bool) {
	if len(tr) < 2 {
		return "", tr.SourceRange(), false
	}
	switch step := tr[1].(type) {
	case hcl.TraverseAttr:
		return step.Name, hcl.RangeBetween(tr[0].SourceRange(), step.SrcRange), true
	}
	return "", tr.SourceRange(), false
}

func undeclared(kind, prefix, name string, declared []string, rng hcl.Range) *hcl.Diagnostic {
	detail := fmt.Sprintf("No %s named %q is declared.", kind, name)
	if s := Suggest(name, declared); s != "" {
		detail += fmt.Sprintf(" Did you mean %s.%s?", prefix, s)
	} else if prefix == "var" {
		detail += fmt.Sprintf(" Declare it with a variable %q block.", name)
	} else {
		detail += " Declare it in a locals block."
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared " + kind,
		Detail:   detail,
		Subject:  rng.Ptr(),
	}
}

// checkEach explains a reference to each outside a for_each block.
func checkEach(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Diagnostics {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables["each"]; ok {
			return nil
		}
	}
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		if tr.RootName() == "each" {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  `Reference to "each" outside for_each`,
				Detail:   "each.key and each.value exist only inside an environment block that has a for_each argument (and not in for_each itself).",
				Subject:  tr.SourceRange().Ptr(),
			})
		}
	}
	return diags
}
