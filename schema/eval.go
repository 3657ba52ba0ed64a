package schema

import (
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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
	// sized, once set, is a context no longer changed (the configuration's
	// context after its locals), and sizedBound the size of all its
	// variables together (see contextBound). Set before the parallel
	// decoding starts, then only read.
	sized      *hcl.EvalContext
	sizedBound int
	// sizedUnmarked is set when no variable of sized holds a mark: no
	// variable is sensitive, so no value evaluated in it is marked.
	sizedUnmarked bool
	// exprs, when set, remembers the values of expressions evaluated in
	// sized (exprcache.go).
	exprs *exprCache
}

// eval evaluates expr in ctx; when that fails because of a reference to an
// undeclared variable or local, the diagnostic says so. On any error the
// value is cty.DynamicVal, which later conversions treat as already reported.
func (ev *evaluator) eval(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if ev.spent.Load() > MaxTotalValueSize {
		return cty.DynamicVal, hcl.Diagnostics{tooLarge(expr.Range(), "The values of this configuration together")}
	}
	// What safeValue does, with the bounds' walks cut short where
	// contextBound proves them unneeded, and the result's size counted once.
	var v cty.Value
	var diags hcl.Diagnostics
	size := 0
	isPlain := plain(expr)
	var text []byte // the source of an expression whose value may be remembered
	if !isPlain {
		if text = ev.cacheable(expr, ctx); text != nil {
			if c, ok := ev.exprs.get(text); ok {
				ev.spent.Add(int64(c.size))
				return c.v, nil
			}
		}
	}
	if isPlain {
		v, diags = recoverValue(expr, ctx)
	} else if diags = ev.precheck(expr, ctx); !diags.HasErrors() {
		v, diags = recoverValue(expr, ctx)
		if !diags.HasErrors() {
			if size = valueSize(v, MaxValueSize); size > MaxValueSize {
				diags = hcl.Diagnostics{tooLarge(expr.Range(), "The value of this expression")}
			} else if text != nil && len(diags) == 0 {
				ev.exprs.put(text, cachedValue{v, size})
			}
		}
	}
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
	ev.spent.Add(int64(size))
	return v, diags
}

// cacheable returns the source of expr when its value may be remembered:
// it is evaluated in the sealed context and its text is at hand.
func (ev *evaluator) cacheable(expr hcl.Expression, ctx *hcl.EvalContext) []byte {
	if ev.exprs == nil || ctx != ev.sized {
		return nil
	}
	return ev.exprs.text(expr)
}

// precheck is the package's precheck, skipped when it cannot fail: expr
// holds no for expression, and its references, each at most the size of
// all the variables of ctx together, cannot add up to MaxValueSize.
func (ev *evaluator) precheck(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Diagnostics {
	if se, ok := expr.(hclsyntax.Expression); ok {
		if refs, simple := scanRefs(se); simple {
			if ctx == nil {
				return nil
			}
			if b, ok := ev.contextBound(ctx); ok && satMul(refs, b) <= MaxValueSize {
				return nil
			}
		}
	}
	return precheck(expr, ctx)
}

// seal records that ctx will not change any more, so that contextBound can
// size its variables once.
func (ev *evaluator) seal(ctx *hcl.EvalContext) {
	ev.sized, ev.sizedBound, ev.sizedUnmarked = ctx, variablesSize(ctx.Variables, 0), !variablesMarked(ctx.Variables)
}

// unmarked reports whether no value evaluated in ctx can be marked: no
// variable of ctx or its parents holds a mark (functions add none). Then a
// collection needs no deep walk to find or strip marks.
func (ev *evaluator) unmarked(ctx *hcl.EvalContext) bool {
	for range 4 {
		if ctx == nil || ev.sized == nil {
			return false
		}
		if ctx == ev.sized {
			return ev.sizedUnmarked
		}
		if variablesMarked(ctx.Variables) {
			return false
		}
		ctx = ctx.Parent()
	}
	return false
}

func variablesMarked(vars map[string]cty.Value) bool {
	for _, v := range vars {
		if v.ContainsMarked() {
			return true
		}
	}
	return false
}

// contextBound bounds the size of any value a reference can reach in ctx:
// a reference's value is part of one variable of ctx or of its parents,
// so it is no larger than all of them together. ok is false for a
// context whose chain does not end at the sealed one within a few steps.
func (ev *evaluator) contextBound(ctx *hcl.EvalContext) (int, bool) {
	size := 0
	for range 4 {
		if ctx == nil || ev.sized == nil {
			return 0, false
		}
		if ctx == ev.sized {
			return satAdd(size, ev.sizedBound), true
		}
		size = variablesSize(ctx.Variables, size)
		ctx = ctx.Parent()
	}
	return 0, false
}

// variablesSize adds the sizes of vars to size, stopping past MaxValueSize.
func variablesSize(vars map[string]cty.Value, size int) int {
	for _, v := range vars {
		if size > MaxValueSize {
			break
		}
		size = satAdd(size, valueSize(v, MaxValueSize))
	}
	return size
}

func satAdd(a, b int) int { return min(a+b, 1<<40) }

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
	if diags := CheckNumberLiterals(expr); diags.HasErrors() {
		return cty.DynamicVal, diags
	}
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
