package schema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Evaluation bounds. HCL and cty evaluate without any budget, so a few lines
// of hostile configuration (a chain of locals that each double the last, for
// expressions nested over large ranges, replace with an empty needle) can ask
// for terabytes. These caps sit far above any real configuration and turn
// such input into a diagnostic instead of an out-of-memory crash.
const (
	// MaxValueSize is the largest value one expression may produce, in
	// bytes of string content plus 8 per element, number and attribute.
	MaxValueSize = 1 << 20
	// MaxTotalValueSize bounds the sum of every value one Load evaluates.
	MaxTotalValueSize = 256 << 20
	// MaxIterations bounds the elements the nested for expressions of one
	// expression may visit.
	MaxIterations = 1 << 18
	// unknownLength is the length assumed for a collection whose size cannot
	// be known before evaluation: the most range() can produce.
	unknownLength = 1024
	// nestedLength is the length assumed for a collection taken from an
	// outer for expression's variable (for b in a.hosts): a part of a
	// collection already counted, so nesting over it is bounded by that
	// collection's size, not by the product.
	nestedLength = 16
)

// plain reports whether expr can only build a value no larger than its own
// source text, or hand back a value already evaluated: a literal, a single
// reference, or a tuple, object or template of literals. References inside
// a tuple or object are not plain: {a = local.x, b = local.x} doubles x,
// and whatever walks the result later pays for the doubling. Most
// expressions of a configuration are plain and skip the bounds' walks.
func plain(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.TemplateWrapExpr:
		_, ok := e.Wrapped.(*hclsyntax.ScopeTraversalExpr)
		return ok
	}
	return literal(expr)
}

// literal reports whether expr holds no reference or call at all.
func literal(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if !literal(p) {
				return false
			}
		}
		return true
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !literal(x) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			if !literal(it.KeyExpr) || !literal(it.ValueExpr) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsKeyExpr:
		return !e.ForceNonLiteral && (literal(e.Wrapped) || hcl.ExprAsKeyword(e.Wrapped) != "")
	}
	return false
}

// valueSize returns the size of v as MaxValueSize counts it, stopping early
// once it exceeds limit.
func valueSize(v cty.Value, limit int) int {
	size := 0
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if size > limit {
			return
		}
		v, _ = v.Unmark()
		size += 8
		if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
			return
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			size += len(v.AsString())
		case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next() && size <= limit; {
				k, ev := it.Element()
				if k.Type() == cty.String {
					size += len(k.AsString())
				}
				walk(ev)
			}
		}
	}
	walk(v)
	return size
}

// tooLarge is the diagnostic for a value over MaxValueSize.
func tooLarge(rng hcl.Range, what string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Value too large",
		Detail: fmt.Sprintf("%s would exceed terrarium's limit of %d MiB for one value. "+
			"Configurations never need values this large; this usually means locals that repeatedly double a string or list.",
			what, MaxValueSize>>20),
		Subject: rng.Ptr(),
	}
}

// precheck refuses an expression whose referenced values, counted once per
// reference, already exceed MaxValueSize, or whose nested for expressions
// would visit more than MaxIterations elements. Both are checked before
// evaluation because evaluation itself is what runs out of memory.
func precheck(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Diagnostics {
	if ctx != nil {
		total := 0
		for _, tr := range expr.Variables() {
			v, d := tr.TraverseAbs(ctx)
			if d.HasErrors() {
				continue // evaluation reports it
			}
			total += valueSize(v, MaxValueSize)
			if total > MaxValueSize {
				return hcl.Diagnostics{tooLarge(expr.Range(), "The values this expression refers to")}
			}
		}
	}
	if se, ok := expr.(hclsyntax.Expression); ok {
		n, copies := iterations(se, ctx)
		if copies > MaxTotalValueSize {
			return hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Value too large",
				Detail: fmt.Sprintf("The values this expression refers to, copied once per iteration of the for expressions around them, could add up to about %d MiB, over terrarium's limit of %d MiB for one configuration. "+
					"A collection whose size is not known before evaluation counts as %d elements.", copies>>20, MaxTotalValueSize>>20, unknownLength),
				Subject: expr.Range().Ptr(),
			}}
		}
		if n > MaxIterations {
			return hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Too many iterations",
				Detail: fmt.Sprintf("The nested for expressions here could visit about %d elements; the limit is %d. "+
					"A collection whose size is not known before evaluation counts as %d elements.",
					n, MaxIterations, unknownLength),
				Subject: expr.Range().Ptr(),
			}}
		}
	}
	return nil
}

// scanRefs counts the references (scope traversals) of expr, and reports
// whether it is simple: free of for and splat expressions, the only nodes
// that evaluate a part of an expression more than once (and of nodes the
// scan does not know). Unlike hclsyntax.Walk it allocates nothing. Object
// keys written as bare words count as references: an overcount is safe.
func scanRefs(expr hclsyntax.Expression) (refs int, simple bool) {
	s := refScan{simple: true}
	s.scan(expr)
	return s.refs, s.simple
}

type refScan struct {
	refs   int
	simple bool
}

func (s *refScan) scan(expr hclsyntax.Expression) {
	if !s.simple {
		return
	}
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
	case *hclsyntax.ScopeTraversalExpr:
		s.refs++
	case *hclsyntax.RelativeTraversalExpr:
		s.scan(e.Source)
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			s.scan(a)
		}
	case *hclsyntax.ConditionalExpr:
		s.scan(e.Condition)
		s.scan(e.TrueResult)
		s.scan(e.FalseResult)
	case *hclsyntax.BinaryOpExpr:
		s.scan(e.LHS)
		s.scan(e.RHS)
	case *hclsyntax.UnaryOpExpr:
		s.scan(e.Val)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			s.scan(p)
		}
	case *hclsyntax.TemplateWrapExpr:
		s.scan(e.Wrapped)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			s.scan(x)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			s.scan(it.KeyExpr)
			s.scan(it.ValueExpr)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		s.scan(e.Wrapped)
	case *hclsyntax.IndexExpr:
		s.scan(e.Collection)
		s.scan(e.Key)
	case *hclsyntax.ParenthesesExpr:
		s.scan(e.Expression)
	default: // for, splat, template join, and anything newer
		s.simple = false
	}
}

// iterations estimates the largest number of elements the nested for
// expressions of expr visit: the product of the collection lengths along the
// deepest chain of nesting. copies is the size of the values expr refers
// to inside for expressions, each times the number of times it is
// evaluated: a template or call there may copy it on every iteration.
func iterations(expr hclsyntax.Expression, ctx *hcl.EvalContext) (n, copies int) {
	w := &forWalker{ctx: ctx, mult: []int{1}, max: 1}
	_ = hclsyntax.Walk(expr, w)
	return w.max, w.copies
}

// forWalker tracks, for every node on the walk's stack, how many times it
// is evaluated.
type forWalker struct {
	ctx    *hcl.EvalContext
	stack  []hclsyntax.Node
	mult   []int
	max    int
	copies int
}

func (w *forWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	m := w.mult[len(w.mult)-1]
	if len(w.stack) > 0 {
		if f, ok := w.stack[len(w.stack)-1].(*hclsyntax.ForExpr); ok && n != hclsyntax.Node(f.CollExpr) {
			m = satMul(m, collLength(f.CollExpr, w.ctx))
		}
	}
	if st, ok := n.(*hclsyntax.ScopeTraversalExpr); ok && m > 1 && w.ctx != nil && w.copies <= MaxTotalValueSize {
		if v, d := st.Traversal.TraverseAbs(w.ctx); !d.HasErrors() {
			w.copies += satMul(valueSize(v, MaxValueSize), m)
		}
	}
	if m > w.max {
		w.max = m
	}
	w.stack = append(w.stack, n)
	w.mult = append(w.mult, m)
	return nil
}

func (w *forWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.stack = w.stack[:len(w.stack)-1]
	w.mult = w.mult[:len(w.mult)-1]
	return nil
}

// collLength is the length of a for expression's collection when it is a
// plain reference to a known value, else unknownLength.
func collLength(e hclsyntax.Expression, ctx *hcl.EvalContext) int {
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || ctx == nil {
		return unknownLength
	}
	v, d := st.Traversal.TraverseAbs(ctx)
	if d.HasErrors() {
		return nestedLength // an outer for expression's variable
	}
	v, _ = v.Unmark()
	if v.IsNull() || !v.IsKnown() || !v.CanIterateElements() {
		return unknownLength
	}
	return max(v.LengthInt(), 1)
}

// satMul multiplies without overflowing.
func satMul(a, b int) int {
	const ceiling = 1 << 40
	if a > ceiling/max(b, 1) {
		return ceiling
	}
	return a * b
}
