package schema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// decodeLocals collects every locals block, evaluates the values in
// dependency order and adds the local object to the evaluation context.
func (l *loader) decodeLocals(blocks []*hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	attrs := map[string]*hcl.Attribute{}
	for _, b := range blocks {
		as, d := b.Body.JustAttributes()
		diags = append(diags, d...)
		for _, name := range sortedKeys(as) {
			a := as[name]
			if prev := attrs[name]; prev != nil {
				diags = diags.Append(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate local value definition",
					Detail:   fmt.Sprintf("A local value named %q was already defined at %s. Local value names must be unique.", name, prev.NameRange),
					Subject:  a.NameRange.Ptr(),
				})
				continue
			}
			attrs[name] = a
		}
	}
	l.ev.locals = attrs
	vals := make(map[string]cty.Value, len(attrs))
	order, d := localOrder(attrs)
	diags = append(diags, d...)
	for _, name := range order {
		a := attrs[name]
		ctx := l.ev.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"local": cty.ObjectVal(localDeps(a.Expr, vals))}
		v, d := l.ev.eval(a.Expr, ctx)
		diags = append(diags, d...)
		vals[name] = v
	}
	for name := range attrs {
		if _, ok := vals[name]; !ok {
			vals[name] = cty.DynamicVal // part of a cycle, already reported
		}
	}
	l.ev.ctx.Variables["local"] = cty.ObjectVal(vals)
	return diags
}

// localDeps returns the evaluated locals that expr refers to.
func localDeps(expr hcl.Expression, vals map[string]cty.Value) map[string]cty.Value {
	deps := map[string]cty.Value{}
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" {
			continue
		}
		if name, _, ok := refName(tr); ok {
			if v, ok := vals[name]; ok {
				deps[name] = v
			}
		}
	}
	return deps
}

// localOrder sorts locals so that each comes after those it refers to, and
// reports every cycle with its chain of references.
func localOrder(attrs map[string]*hcl.Attribute) ([]string, hcl.Diagnostics) {
	const (
		unvisited = iota
		visiting
		done
		failed
	)
	state := make(map[string]int, len(attrs))
	order := make([]string, 0, len(attrs))
	var diags hcl.Diagnostics
	var stack []string
	var visit func(name string) bool
	visit = func(name string) bool {
		switch state[name] {
		case done:
			return true
		case failed:
			return false
		case visiting:
			diags = diags.Append(cycleDiag(stack, name, attrs))
			return false
		}
		state[name] = visiting
		stack = append(stack, name)
		ok := true
		for _, dep := range localRefs(attrs[name].Expr, attrs) {
			if !visit(dep) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = failed
		if ok {
			state[name] = done
			order = append(order, name)
		}
		return ok
	}
	for _, name := range sortedKeys(attrs) {
		visit(name)
	}
	return order, diags
}

// localRefs lists the declared locals that expr refers to.
func localRefs(expr hcl.Expression, attrs map[string]*hcl.Attribute) []string {
	var refs []string
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" {
			continue
		}
		if name, _, ok := refName(tr); ok && attrs[name] != nil {
			refs = append(refs, name)
		}
	}
	return refs
}

func cycleDiag(stack []string, again string, attrs map[string]*hcl.Attribute) *hcl.Diagnostic {
	start := 0
	for i, n := range stack {
		if n == again {
			start = i
		}
	}
	chain := make([]string, 0, len(stack)-start+1)
	for _, n := range stack[start:] {
		chain = append(chain, "local."+n)
	}
	chain = append(chain, "local."+again)
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Cycle in local values",
		Detail:   fmt.Sprintf("The local values refer to each other in a cycle: %s.", strings.Join(chain, " -> ")),
		Subject:  attrs[again].NameRange.Ptr(),
	}
}
