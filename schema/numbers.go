package schema

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// cty numbers are arbitrary-precision floats whose exponent may be as large
// as an int32: the literal 1e99999999 is eleven bytes, and turning it into
// text (a template, tostring, jsonencode, format, a string attribute) writes
// a hundred million digits, which takes minutes. So the magnitude of every
// number a configuration can produce is bounded, where numbers come from:
// literals (checked before an expression is evaluated), the arithmetic
// operators (checked as they compute), the functions that make numbers from
// text (tonumber, jsondecode, parseint) or grow them (pow), and variable
// values. The bound is far beyond any real setting (float64 ends near
// 2^1024); within it a number is at most about 1,300 digits of text.

// MaxNumberExponent bounds the binary exponent of a number: its magnitude
// is below 2^MaxNumberExponent and, unless zero, at least
// 2^-MaxNumberExponent.
const MaxNumberExponent = 4096

// numberInRange reports whether f is zero, or within the bound.
func numberInRange(f *big.Float) bool {
	if f.Sign() == 0 || f.IsInf() {
		return f.Sign() == 0 // cty refuses infinities itself; none is valid here
	}
	exp := f.MantExp(nil)
	return exp <= MaxNumberExponent && exp >= -MaxNumberExponent
}

// errNumberRange is the reason given for a number beyond the bound.
var errNumberRange = fmt.Errorf("a number beyond ±2^%d (about 10^1233) or closer to zero than 2^-%d, terrarium's limit", MaxNumberExponent, MaxNumberExponent)

// checkNumbers reports whether v holds a known number beyond the bound,
// anywhere inside it. Marks are looked through.
func checkNumbers(v cty.Value) error {
	var bad bool
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		if bad {
			return false, nil
		}
		x, _ = x.Unmark()
		if x.IsKnown() && !x.IsNull() && x.Type() == cty.Number && !numberInRange(x.AsBigFloat()) {
			bad = true
		}
		return true, nil
	})
	if bad {
		return errNumberRange
	}
	return nil
}

// CheckNumberLiterals reports every number literal in expr beyond the
// bound, before expr is evaluated. Expressions that are not HCL native
// syntax have no literals of this kind. It runs before every evaluation,
// so it walks the common nodes itself, without allocating.
func CheckNumberLiterals(expr hcl.Expression) hcl.Diagnostics {
	node, ok := expr.(hclsyntax.Node)
	if !ok {
		return nil
	}
	return checkLiterals(node)
}

// checkLiterals is CheckNumberLiterals on a node.
func checkLiterals(n hclsyntax.Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	switch e := n.(type) {
	case *hclsyntax.LiteralValueExpr:
		if v := e.Val; v.Type() == cty.Number && v.IsKnown() && !v.IsNull() && !numberInRange(v.AsBigFloat()) {
			diags = diags.Append(numberDiag(e.SrcRange))
		}
	case *hclsyntax.ScopeTraversalExpr:
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			diags = append(diags, checkLiterals(p)...)
		}
	case *hclsyntax.TemplateWrapExpr:
		diags = checkLiterals(e.Wrapped)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			diags = append(diags, checkLiterals(x)...)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			diags = append(diags, checkLiterals(it.KeyExpr)...)
			diags = append(diags, checkLiterals(it.ValueExpr)...)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		diags = checkLiterals(e.Wrapped)
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			diags = append(diags, checkLiterals(a)...)
		}
	default:
		diags = visitLiterals(n)
	}
	return diags
}

// visitLiterals is checkLiterals for the rarer nodes (operators,
// conditionals, for and splat expressions, indexes), by HCL's own walk.
func visitLiterals(n hclsyntax.Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	_ = hclsyntax.VisitAll(n, func(c hclsyntax.Node) hcl.Diagnostics {
		if lit, ok := c.(*hclsyntax.LiteralValueExpr); ok {
			diags = append(diags, checkLiterals(lit)...)
		}
		return nil
	})
	return diags
}

func numberDiag(rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Number out of range",
		Detail:   fmt.Sprintf("This is %s: written out as text it would take minutes and gigabytes. Use a smaller number.", errNumberRange),
		Subject:  rng.Ptr(),
	}
}

// numberChecked wraps f so that a known number result beyond the bound is
// an error instead of a value.
func numberChecked(f function.Function) function.Function {
	return wrapped(f, func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, err := f.Call(args)
		if err == nil {
			err = checkNumbers(v)
		}
		if err != nil {
			return cty.DynamicVal, err
		}
		return v, nil
	})
}

// numberMakers are the functions that turn text into numbers, or grow
// them past their arguments.
var numberMakers = []string{"tonumber", "jsondecode", "parseint", "pow"}

// A string becomes a number wherever a number is expected: an operand
// ("1e99999999" * 1, -"1e99999999"), a function's number parameter
// (abs, ceil, floor, max, min, signum, range, ...), and format's %d, %f
// or %e verbs, which convert inside the function. Those results, and
// format's arguments, are checked too.

// takesNumber reports whether f has a parameter of type number, to which
// cty converts a string argument before f runs.
func takesNumber(f function.Function) bool {
	for _, p := range f.Params() {
		if p.Type == cty.Number {
			return true
		}
	}
	vp := f.VarParam()
	return vp != nil && vp.Type == cty.Number
}

// formatters convert their arguments to numbers themselves, by verb.
var formatters = []string{"format", "formatlist"}

// numberTextChecked wraps f, one of formatters (from 1, after the format
// string) or the modulo operator (from 0, which panics on such a number),
// so that an argument from the from'th on that is a string holding a
// number beyond the bound is refused before f converts it (what a verb
// does with it is f's business: refused whatever it is).
func numberTextChecked(f function.Function, from int) function.Function {
	return wrapped(f, func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		for _, a := range args[from:] {
			if err := checkNumberText(a); err != nil {
				return cty.DynamicVal, err
			}
		}
		return f.Call(args)
	})
}

// checkNumberText reports whether v holds, anywhere inside it, a known
// number, or a string that reads as one, beyond the bound.
func checkNumberText(v cty.Value) error {
	var bad bool
	_ = cty.Walk(v, func(_ cty.Path, x cty.Value) (bool, error) {
		x, _ = x.Unmark()
		if bad || !x.IsKnown() || x.IsNull() {
			return !bad, nil
		}
		switch x.Type() {
		case cty.Number: // an operand HCL converted already
			bad = !numberInRange(x.AsBigFloat())
		case cty.String:
			n, err := convert.Convert(x, cty.Number)
			bad = err == nil && n.IsKnown() && !n.IsNull() && !numberInRange(n.AsBigFloat())
		}
		return true, nil
	})
	if bad {
		return errNumberRange
	}
	return nil
}

func init() {
	// The arithmetic operators are HCL's package variables: wrapping
	// their implementations bounds every sum, difference, product,
	// quotient and negation any expression of this process computes.
	for _, op := range []*hclsyntax.Operation{hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply, hclsyntax.OpDivide, hclsyntax.OpNegate} {
		op.Impl = numberChecked(op.Impl)
	}
	for name, f := range functions {
		if slices.Contains(numberMakers, name) || takesNumber(f) {
			functions[name] = numberChecked(f)
		}
	}
	for _, name := range formatters {
		functions[name] = numberTextChecked(functions[name], 1)
	}
	hclsyntax.OpModulo.Impl = numberTextChecked(hclsyntax.OpModulo.Impl, 0)
}
