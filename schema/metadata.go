package schema

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

func (ev *evaluator) metadataEntries(a *hcl.Attribute, ctx *hcl.EvalContext) ([]MetadataEntry, hcl.Diagnostics) {
	if obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
		return ev.literalMetadata(obj, ctx)
	}
	v, diags := ev.eval(a.Expr, ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	// A computed map that is itself marked (var.secret_map, a for
	// expression over it, a function of it) is sensitive as a whole, keys
	// included, as Terraform shows such a map as "(sensitive value)": every
	// entry's key and value is marked, and the environment's sensitive
	// path is the whole map (SensitivePaths). Otherwise each entry is as
	// sensitive as its own value ({ team = "x", token = var.token }). In a
	// context no sensitive variable reaches, nothing is marked.
	unmarked := ev.unmarked(ctx)
	whole := !unmarked && v.HasMark(SensitiveMark)
	parts, _ := v.Unmark()
	v, known := usableIn(v, unmarked)
	if !known || v.IsNull() {
		return nil, diags
	}
	ty := v.Type()
	if !ty.IsMapType() && !ty.IsObjectType() {
		return nil, diags.Append(typeError(`"metadata" argument`, "a map of strings", v, a.Expr.Range()))
	}
	rng := a.Expr.Range()
	var out []MetadataEntry
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		e, ok, d := metadataEntry(k.AsString(), rng, val, rng)
		diags = append(diags, d...)
		if ok {
			e.Value.Sensitive = whole || !unmarked && isSensitive(element(parts, k))
			e.Key.Sensitive = whole
			out = append(out, e)
		}
	}
	return out, diags
}

// element is the element of m (a map or object, not itself marked) at
// key k, with its marks.
func element(m, k cty.Value) cty.Value {
	if m.Type().IsObjectType() {
		return m.GetAttr(k.AsString())
	}
	return m.Index(k)
}

func (ev *evaluator) literalMetadata(obj *hclsyntax.ObjectConsExpr, ctx *hcl.EvalContext) ([]MetadataEntry, hcl.Diagnostics) {
	var out []MetadataEntry
	var diags hcl.Diagnostics
	for _, item := range obj.Items {
		kv, d := ev.eval(item.KeyExpr, ctx)
		diags = append(diags, d...)
		vv, d2 := ev.eval(item.ValueExpr, ctx)
		diags = append(diags, d2...)
		if d.HasErrors() || d2.HasErrors() {
			continue
		}
		k, ok, d := valueToString(kv, "metadata key", item.KeyExpr.Range())
		diags = append(diags, d...)
		if ok && isSensitive(kv) {
			// Keys are part of every attribute path: plans, history and
			// the state log show them.
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Sensitive metadata key",
				Detail:   "A metadata key cannot derive from a sensitive variable: keys are shown in every plan, in history and in the state log. Keep the secret part in the value.",
				Subject:  item.KeyExpr.Range().Ptr(),
			})
			continue
		}
		if !ok {
			if !d.HasErrors() && isKnownNull(kv) {
				diags = diags.Append(typeError("metadata key", "a string", cty.NilVal, item.KeyExpr.Range()))
			}
			continue
		}
		e, ok, d := metadataEntry(k, item.KeyExpr.Range(), vv, item.ValueExpr.Range())
		diags = append(diags, d...)
		if ok {
			out = append(out, e)
		}
	}
	return out, diags
}

// metadataEntry converts one value; metadata values must be strings (numbers
// and bools convert), never null, lists or objects.
func metadataEntry(key string, krng hcl.Range, v cty.Value, vrng hcl.Range) (MetadataEntry, bool, hcl.Diagnostics) {
	u, known := usable(v)
	if known && (u.IsNull() || !u.Type().IsPrimitiveType()) {
		return MetadataEntry{}, false, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid metadata value",
			Detail:   "The value of metadata key " + quoteKey(key) + " must be a string" + gotType(u) + ".",
			Subject:  vrng.Ptr(),
		}}
	}
	s, ok, diags := valueToString(v, "metadata value", vrng)
	return MetadataEntry{Key: String{Value: key, Range: krng}, Value: String{Value: s, Range: vrng, Sensitive: isSensitive(v)}}, ok, diags
}

func gotType(v cty.Value) string {
	if v.IsNull() {
		return ", not null"
	}
	return ", not " + v.Type().FriendlyName()
}

func sortEntries(es []MetadataEntry) {
	sort.Slice(es, func(i, j int) bool { return es[i].Key.Value < es[j].Key.Value })
}
