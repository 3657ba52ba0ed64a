package schema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// This file turns evaluated cty values into the positioned Go model. Every
// conversion is guarded: unknown values (left behind by an earlier error),
// nulls and marks never reach a cty method that panics.

// usable strips marks and reports whether v is known and wholly known, so it
// may be read. Unknown values come only from errors already reported, so no
// further diagnostic is produced for them.
func usable(v cty.Value) (cty.Value, bool) { return usableIn(v, false) }

// usableIn is usable for a value that, when unmarked is set, is known to
// hold no mark: only its knownness is walked.
func usableIn(v cty.Value, unmarked bool) (cty.Value, bool) {
	if v == cty.NilVal {
		return v, false
	}
	if v.Type().IsPrimitiveType() {
		// A string, number or bool holds no nested value: its own mark
		// and its own knownness are all there is (UnmarkDeep and
		// IsWhollyKnown would walk it and allocate to say the same).
		v, _ = v.Unmark()
		return v, v.IsKnown()
	}
	if !unmarked {
		v, _ = v.UnmarkDeep()
	}
	if !v.IsWhollyKnown() {
		return v, false
	}
	return v, true
}

// typeError builds a "wrong type" diagnostic for an attribute.
func typeError(what, want string, got cty.Value, rng hcl.Range) *hcl.Diagnostic {
	detail := fmt.Sprintf("The %s must be %s.", what, want)
	if got != cty.NilVal && got.Type() != cty.DynamicPseudoType {
		detail = fmt.Sprintf("The %s must be %s, not %s.", what, want, got.Type().FriendlyName())
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Incorrect value type",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}
}

// what names the value a type error is about: what.format with what.name
// in it ("%q argument" and "name"), or what.format alone when name is empty.
// The text is built only when there is an error.
type what struct{ format, name string }

func (w what) String() string {
	if w.name == "" {
		return w.format
	}
	return fmt.Sprintf(w.format, w.name)
}

// valueToString converts v to a Go string. null reports ok=false with no
// diagnostic so callers can decide whether null is allowed.
func valueToString(v cty.Value, what string, rng hcl.Range) (s string, ok bool, diags hcl.Diagnostics) {
	return toString(v, whatText(what), rng)
}

func whatText(text string) what { return what{format: text} }

// toString is valueToString with the name of the value built on error only.
func toString(v cty.Value, what what, rng hcl.Range) (s string, ok bool, diags hcl.Diagnostics) {
	v, known := usable(v)
	if !known {
		return "", false, nil
	}
	if v.IsNull() {
		return "", false, nil
	}
	if v.Type() == cty.String {
		return v.AsString(), true, nil
	}
	sv, err := convert.Convert(v, cty.String)
	if err != nil || sv.IsNull() {
		return "", false, diags.Append(typeError(what.String(), "a string", v, rng))
	}
	return sv.AsString(), true, nil
}

// valueToBool converts v to a Go bool, like valueToString.
func valueToBool(v cty.Value, what string, rng hcl.Range) (b, ok bool, diags hcl.Diagnostics) {
	return toBool(v, whatText(what), rng)
}

func toBool(v cty.Value, what what, rng hcl.Range) (b, ok bool, diags hcl.Diagnostics) {
	v, known := usable(v)
	if !known || v.IsNull() {
		return false, false, nil
	}
	if v.Type() == cty.Bool {
		return v.True(), true, nil
	}
	bv, err := convert.Convert(v, cty.Bool)
	if err != nil || bv.IsNull() {
		return false, false, diags.Append(typeError(what.String(), "a bool", v, rng))
	}
	return bv.True(), true, nil
}

// evalString evaluates an attribute that must be a string. ok is false when
// the value is null, unknown or wrong (wrong is reported).
func (ev *evaluator) evalString(attr *hcl.Attribute, ctx *hcl.EvalContext) (String, bool, hcl.Diagnostics) {
	return ev.evalStr(attr, ctx, false)
}

// evalRequiredString is evalString where null is an error.
func (ev *evaluator) evalRequiredString(attr *hcl.Attribute, ctx *hcl.EvalContext) (String, bool, hcl.Diagnostics) {
	return ev.evalStr(attr, ctx, true)
}

func (ev *evaluator) evalStr(attr *hcl.Attribute, ctx *hcl.EvalContext, required bool) (String, bool, hcl.Diagnostics) {
	v, diags := ev.eval(attr.Expr, ctx)
	if diags.HasErrors() {
		return String{}, false, diags
	}
	s, ok, d := toString(v, what{"%q argument", attr.Name}, attr.Expr.Range())
	diags = append(diags, d...)
	if required && !ok && !d.HasErrors() && isKnownNull(v) {
		diags = diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid value",
			Detail:   fmt.Sprintf("The %q argument must not be null.", attr.Name),
			Subject:  attr.Expr.Range().Ptr(),
		})
	}
	return String{Value: s, Range: attr.Expr.Range(), Sensitive: isSensitive(v)}, ok, diags
}

// isSensitive reports whether v derives from a sensitive variable.
func isSensitive(v cty.Value) bool {
	if v == cty.NilVal {
		return false
	}
	if v.Type().IsPrimitiveType() {
		return v.IsMarked() // no nested value to carry a mark
	}
	return v.HasMark(SensitiveMark) || v.ContainsMarked()
}

// evalBool evaluates an attribute that must be a bool.
func (ev *evaluator) evalBool(attr *hcl.Attribute, ctx *hcl.EvalContext) (Bool, bool, hcl.Diagnostics) {
	v, diags := ev.eval(attr.Expr, ctx)
	if diags.HasErrors() {
		return Bool{}, false, diags
	}
	b, ok, d := toBool(v, what{"%q argument", attr.Name}, attr.Expr.Range())
	return Bool{Value: b, Range: attr.Expr.Range()}, ok, append(diags, d...)
}

// evalEnum evaluates a string attribute whose value must be one of allowed.
// null is allowed (ok=false) unless required.
func (ev *evaluator) evalEnum(attr *hcl.Attribute, ctx *hcl.EvalContext, allowed []string, required bool) (String, bool, hcl.Diagnostics) {
	s, ok, diags := ev.evalStr(attr, ctx, required)
	if !ok {
		return s, false, diags
	}
	for _, a := range allowed {
		if s.Value == a {
			return s, true, diags
		}
	}
	shown, hint := fmt.Sprintf("%q", s.Value), didYouMean(s.Value, allowed)
	if s.Sensitive {
		shown, hint = "of this sensitive expression", ""
	}
	return s, false, diags.Append(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid value for %q", attr.Name),
		Detail: fmt.Sprintf("The value %s is not allowed here; %q must be %s.%s",
			shown, attr.Name, quotedList(allowed), hint),
		Subject: attr.Expr.Range().Ptr(),
	})
}

// evalStringList evaluates a list of strings. Elements of a literal tuple
// keep their own ranges; elements of a computed list share the expression's.
func (ev *evaluator) evalStringList(attr *hcl.Attribute, ctx *hcl.EvalContext) ([]String, hcl.Diagnostics) {
	w := what{"elements of %q", attr.Name}
	if tuple, isTuple := attr.Expr.(*hclsyntax.TupleConsExpr); isTuple {
		out := make([]String, 0, len(tuple.Exprs))
		var diags hcl.Diagnostics
		for _, e := range tuple.Exprs {
			v, d := ev.eval(e, ctx)
			diags = append(diags, d...)
			if d.HasErrors() {
				continue
			}
			s, ok, d := toString(v, w, e.Range())
			diags = append(diags, d...)
			if !ok && !d.HasErrors() && isKnownNull(v) {
				diags = diags.Append(nullElement(attr.Name, e.Range()))
			}
			if ok {
				out = append(out, String{Value: s, Range: e.Range(), Sensitive: isSensitive(v)})
			}
		}
		return out, diags
	}
	v, diags := ev.eval(attr.Expr, ctx)
	if diags.HasErrors() {
		return nil, diags
	}
	return stringsOf(v, attr.Name, attr.Expr.Range(), ev.unmarked(ctx))
}

// stringsOf converts a computed list, set or tuple value to strings that all
// carry rng. unmarked says that v cannot hold a mark (evaluator.unmarked).
func stringsOf(v cty.Value, name string, rng hcl.Range, unmarked bool) ([]String, hcl.Diagnostics) {
	sensitive := !unmarked && isSensitive(v)
	v, known := usableIn(v, unmarked)
	if !known || v.IsNull() {
		return nil, nil
	}
	ty := v.Type()
	if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
		return nil, hcl.Diagnostics{typeError(fmt.Sprintf("%q argument", name), "a list of strings", v, rng)}
	}
	out := make([]String, 0, v.LengthInt())
	var diags hcl.Diagnostics
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		s, ok, d := toString(ev, what{"elements of %q", name}, rng)
		diags = append(diags, d...)
		if !ok && !d.HasErrors() {
			diags = diags.Append(nullElement(name, rng))
		}
		if ok {
			out = append(out, String{Value: s, Range: rng, Sensitive: sensitive})
		}
	}
	return out, diags
}

func isKnownNull(v cty.Value) bool {
	v, known := usable(v)
	return known && v.IsNull()
}

func nullElement(name string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid list element",
		Detail:   fmt.Sprintf("The elements of %q must not be null.", name),
		Subject:  rng.Ptr(),
	}
}
