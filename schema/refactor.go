package schema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

var (
	movedSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "from", Required: true}, {Name: "to", Required: true}}}
	importSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "to", Required: true}, {Name: "id", Required: true}}}
	removedSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "from", Required: true}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}},
	}
	removedLifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "destroy"}}}
)

// addrAttr reads an address attribute into a String holding the canonical
// address.
func addrAttr(a *hcl.Attribute) (String, bool, hcl.Diagnostics) {
	label, key, diags := addressOfExpr(a.Expr)
	if diags.HasErrors() {
		return String{}, false, diags
	}
	return String{Value: Address(label, key), Range: a.Expr.Range()}, true, nil
}

// uniqueAddr reports an address used twice in the same role.
type uniqueAddr map[string]hcl.Range

func (u uniqueAddr) check(s String, role string) *hcl.Diagnostic {
	if prev, ok := u[s.Value]; ok {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate " + role,
			Detail:   fmt.Sprintf("%s is already the %s of the block at %s.", s.Value, role, prev),
			Subject:  s.Range.Ptr(),
		}
	}
	u[s.Value] = s.Range
	return nil
}

func (l *loader) mustExist(s String, what string) *hcl.Diagnostic {
	if l.cfg.Environment(s.Value) != nil {
		return nil
	}
	var addrs []string
	for _, e := range l.cfg.Environments {
		addrs = append(addrs, e.Address)
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared environment",
		Detail:   fmt.Sprintf("The %s %s is not declared in the configuration.%s", what, s.Value, didYouMean(s.Value, addrs)),
		Subject:  s.Range.Ptr(),
	}
}

func (l *loader) mustNotExist(s String, what string) *hcl.Diagnostic {
	if e := l.cfg.Environment(s.Value); e != nil {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Environment still declared",
			Detail:   fmt.Sprintf("The %s %s is still declared at %s; remove that block or change this address.", what, s.Value, e.DeclRange),
			Subject:  s.Range.Ptr(),
		}
	}
	return nil
}

func (l *loader) decodeMoved(blocks []*hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	froms := uniqueAddr{}
	for _, b := range blocks {
		content, d := b.Body.Content(movedSchema)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		from, ok1, d1 := addrAttr(content.Attributes["from"])
		to, ok2, d2 := addrAttr(content.Attributes["to"])
		diags = append(append(diags, d1...), d2...)
		if !ok1 || !ok2 {
			continue
		}
		diags = diags.Extend(nonNil(froms.check(from, "moved source"), l.mustExist(to, "moved target"), l.mustNotExist(from, "moved source")))
		if from.Value == to.Value {
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Redundant moved block",
				Detail: "The from and to addresses are the same.", Subject: b.DefRange.Ptr()})
		}
		l.cfg.Moved = append(l.cfg.Moved, &Moved{From: from, To: to, Range: blockRange(b)})
	}
	return diags
}

func (l *loader) decodeImports(blocks []*hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	tos, ids := uniqueAddr{}, uniqueAddr{}
	for _, b := range blocks {
		content, d := b.Body.Content(importSchema)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		to, ok, d := addrAttr(content.Attributes["to"])
		diags = append(diags, d...)
		id, okID, d2 := l.ev.evalRequiredString(content.Attributes["id"], l.ev.ctx)
		diags = append(diags, d2...)
		if !ok || !okID {
			continue
		}
		diags = diags.Extend(nonNil(tos.check(to, "import target"), ids.check(id, "imported id"), l.mustExist(to, "import target")))
		l.cfg.Imports = append(l.cfg.Imports, &Import{To: to, ID: id, Range: blockRange(b)})
	}
	return diags
}

func (l *loader) decodeRemoved(blocks []*hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	froms := uniqueAddr{}
	for _, b := range blocks {
		content, d := b.Body.Content(removedSchema)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		from, ok, d := addrAttr(content.Attributes["from"])
		diags = append(diags, d...)
		if !ok {
			continue
		}
		r := &Removed{From: from, Destroy: true, Range: blockRange(b)}
		for i, lb := range content.Blocks {
			if i > 0 {
				diags = diags.Append(duplicateBlock("lifecycle", "", lb, content.Blocks[0]))
				continue
			}
			lc, d := lb.Body.Content(removedLifecycleSchema)
			diags = append(diags, d...)
			if a := lc.Attributes["destroy"]; a != nil {
				v, ok, d := l.ev.evalBool(a, l.ev.ctx)
				diags = append(diags, d...)
				if ok {
					r.Destroy = v.Value
				}
			}
		}
		diags = diags.Extend(nonNil(froms.check(from, "removed address"), l.mustNotExist(from, "removed environment")))
		l.cfg.Removed = append(l.cfg.Removed, r)
	}
	return diags
}

func nonNil(ds ...*hcl.Diagnostic) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range ds {
		if d != nil {
			out = append(out, d)
		}
	}
	return out
}
