package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// This file keeps the values of sensitive variables out of diagnostics, as
// Terraform does. A sensitive variable's value is marked (SensitiveMark)
// where it enters, before its validation rules run; cty carries the mark
// through conversion, interpolation, operators, collections and function
// calls. Three things would still print it:
//
//   - a function's error, which may quote its argument ("cannot convert
//     "VALUE" to number"): every function is wrapped so that its error on a
//     marked argument is replaced (sensitiveFunction);
//   - HCL's "with var.x as VALUE" lines, which HCL already leaves out for a
//     marked value (so marking before validation is what matters);
//   - any message built from a value after its mark was stripped: the last
//     guard replaces every sensitive string that appears in a diagnostic's
//     summary or detail (redactDiagnostics).

// sensitiveMessage replaces the error of a function given a sensitive value.
const sensitiveMessage = "the argument derives from a sensitive value, so the reason it is not valid is not shown"

// hiddenValue replaces a sensitive value found in a diagnostic's text.
const hiddenValue = "(sensitive value)"

func init() {
	for name, f := range functions {
		functions[name] = sensitiveFunction(f)
	}
}

// sensitiveFunction wraps f so that a failure on a marked argument says so
// instead of quoting the argument. Its parameters accept marks and hand
// them to f unchanged, so f's own handling of marks is kept.
func sensitiveFunction(f function.Function) function.Function {
	params := f.Params()
	for i := range params {
		params[i].AllowMarked = true
	}
	var varParam *function.Parameter
	if vp := f.VarParam(); vp != nil {
		p := *vp
		p.AllowMarked = true
		varParam = &p
	}
	hide := func(args []cty.Value, err error) error {
		if err == nil || !anyMarked(args) {
			return err
		}
		if ae, ok := err.(function.ArgError); ok {
			return function.NewArgErrorf(ae.Index, "%s", sensitiveMessage)
		}
		return fmt.Errorf("%s", sensitiveMessage)
	}
	typ := lazyType(f)
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			ty, err := typ(args)
			return ty, hide(args, err)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, err := f.Call(args)
			return v, hide(args, err)
		},
	})
}

func anyMarked(args []cty.Value) bool {
	return slices.ContainsFunc(args, func(v cty.Value) bool { return v.IsMarked() || v.ContainsMarked() })
}

// sensitiveStrings returns the strings a diagnostic must not contain: every
// string and number leaf of v, and every map key and object attribute
// name on the way to one (a sensitive map's keys are the secret's too:
// `metadata key "KEY"` must not show it), as text. The attribute names of
// declared, the variable's type, are the configuration's, not the
// secret's, and are left out.
func sensitiveStrings(v cty.Value, declared cty.Type) []string {
	var out []string
	names := typeAttributeNames(declared, map[string]bool{})
	v, _ = v.UnmarkDeep()
	_ = cty.Walk(v, func(path cty.Path, leaf cty.Value) (bool, error) {
		if len(path) > 0 {
			switch step := path[len(path)-1].(type) {
			case cty.GetAttrStep:
				if !names[step.Name] {
					out = append(out, step.Name)
				}
			case cty.IndexStep:
				if step.Key.Type() == cty.String && step.Key.IsKnown() && !step.Key.IsNull() {
					out = append(out, step.Key.AsString())
				}
			}
		}
		leaf, _ = leaf.Unmark()
		if !leaf.IsKnown() || leaf.IsNull() || !leaf.Type().IsPrimitiveType() {
			return true, nil
		}
		switch leaf.Type() {
		case cty.String:
			out = append(out, leaf.AsString())
		case cty.Number:
			out = append(out, leaf.AsBigFloat().Text('f', -1))
		}
		return true, nil
	})
	return out
}

// typeAttributeNames adds to names the attribute names of every object
// type within ty, and returns names.
func typeAttributeNames(ty cty.Type, names map[string]bool) map[string]bool {
	switch {
	case ty.IsObjectType():
		for name, at := range ty.AttributeTypes() {
			names[name] = true
			typeAttributeNames(at, names)
		}
	case ty.IsTupleType():
		for _, et := range ty.TupleElementTypes() {
			typeAttributeNames(et, names)
		}
	case ty.IsCollectionType():
		typeAttributeNames(ty.ElementType(), names)
	}
	return names
}

// minSecretLen is the shortest sensitive string that redactDiagnostics
// replaces: shorter ones ("", "1") would blank ordinary words.
const minSecretLen = 3

// redactDiagnostics replaces every sensitive string in the summaries and
// details of diags, longest first so that one secret inside another is
// replaced whole. It also drops the expression and context of a diagnostic
// whose text it changed, so no renderer prints the values around it.
func redactDiagnostics(diags hcl.Diagnostics, secrets []string) hcl.Diagnostics {
	var list []string
	for _, s := range secrets {
		if len(s) >= minSecretLen && !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	if len(list) == 0 {
		return diags
	}
	slices.SortFunc(list, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 4*len(list))
	for _, s := range list {
		pairs = append(pairs, fmt.Sprintf("%q", s), hiddenValue, s, hiddenValue)
	}
	r := strings.NewReplacer(pairs...)
	for i, d := range diags {
		sum, det := r.Replace(d.Summary), r.Replace(d.Detail)
		if sum == d.Summary && det == d.Detail {
			continue
		}
		c := *d
		c.Summary, c.Detail, c.Expression, c.EvalContext = sum, det, nil, nil
		diags[i] = &c
	}
	return diags
}
