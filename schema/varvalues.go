package schema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"terrarium/internal/diag"
)

// EnvVarPrefix prefixes environment variables that set input variables.
const EnvVarPrefix = "TERRARIUM_VAR_"

// collectRawValues gathers the value with the highest precedence for each
// variable: environment, then var files in order, then -var in order.
func (l *loader) collectRawValues(vars map[string]*Variable) (map[string]*rawValue, hcl.Diagnostics) {
	raw := map[string]*rawValue{}
	var diags hcl.Diagnostics
	for _, kv := range l.opts.Environ {
		k, val, ok := strings.Cut(kv, "=")
		name, isVar := strings.CutPrefix(k, EnvVarPrefix)
		if !ok || !isVar || vars[name] == nil {
			continue
		}
		v, d := parseRawValue(val, vars[name].Type, k)
		diags = append(diags, d...)
		raw[name] = &rawValue{val: v, source: "environment variable " + k}
	}
	for _, path := range l.opts.VarFiles {
		d, read := l.readVarFile(path, vars, raw)
		diags = append(diags, d...)
		l.varFileUnread = l.varFileUnread || !read
	}
	for _, arg := range l.opts.Vars {
		name, val, ok := strings.Cut(arg, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid -var option",
				Detail:   "A -var option is not of the form NAME=VALUE. (It is not shown, since it may hold a value.)",
			})
			continue
		}
		if vars[name] == nil {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("A -var option sets %q, but no variable of that name is declared.%s", name, didYouMean(name, sortedKeys(vars))),
			})
			continue
		}
		v, d := parseRawValue(val, vars[name].Type, "-var "+name)
		diags = append(diags, d...)
		raw[name] = &rawValue{val: v, source: "the -var option"}
	}
	return raw, diags
}

// parseRawValue reads a command-line or environment value: literally for a
// primitive type, as an HCL expression for a collection or structural type.
func parseRawValue(s string, ty cty.Type, source string) (cty.Value, hcl.Diagnostics) {
	if ty.IsPrimitiveType() || ty == cty.DynamicPseudoType {
		return cty.StringVal(s), nil
	}
	if d := CheckNesting([]byte(s), "<value for "+source+">"); d.HasErrors() {
		return cty.DynamicVal, d
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), "<value for "+source+">", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, diags := safeValue(expr, nil)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return v, nil
}

// readVarFile reads one -var-file: attributes only, constant expressions.
// It reports whether the file was read far enough to know what it sets.
func (l *loader) readVarFile(path string, vars map[string]*Variable, raw map[string]*rawValue) (hcl.Diagnostics, bool) {
	src, diags := ReadNamedFile("Cannot read variables file", path)
	if diags.HasErrors() {
		return diags, false
	}
	if d := CheckNesting(src, path); d.HasErrors() {
		return d, false
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if f == nil {
		return diags, false
	}
	// The file is kept for lint and rollback, marked so that no view
	// shows its lines: any of them may hold a secret (diag.MarkValues).
	l.cfg.Files[path] = diag.MarkValues(f)
	if diags.HasErrors() {
		return diags, false
	}
	attrs, d := f.Body.JustAttributes()
	diags = append(diags, d...)
	for _, name := range sortedKeys(attrs) {
		a := attrs[name]
		if vars[name] == nil {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The file sets %q, but no variable of that name is declared; the value is ignored.%s", name, didYouMean(name, sortedKeys(vars))),
				Subject:  a.NameRange.Ptr(),
			})
			continue
		}
		v, d := safeValue(a.Expr, nil)
		if d.HasErrors() && vars[name].Sensitive {
			d = hideSensitiveEntry(path, name, a, d)
		}
		diags = append(diags, d...)
		// A value that failed is still the value given: the variable is
		// not also reported as having none (as -var and the environment).
		raw[name] = &rawValue{val: v, rng: a.Expr.Range().Ptr(), source: path}
	}
	return diags, true
}

// hideSensitiveEntry replaces the diagnostics of a var-file entry that
// sets a sensitive variable by ones that neither point at its line nor
// quote it: the line holds the value.
func hideSensitiveEntry(path, name string, a *hcl.Attribute, diags hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, 0, len(diags))
	for _, d := range diags {
		out = append(out, &hcl.Diagnostic{
			Severity: d.Severity,
			Summary:  d.Summary,
			Detail: fmt.Sprintf("%s:%d: the value of the sensitive variable %q could not be evaluated; the line is not shown, since it holds the value. Check the expression there.",
				path, a.NameRange.Start.Line, name),
		})
	}
	return out
}

// validate runs a variable's validation rules against its value.
func (d *varDecl) validate(val cty.Value, raw *rawValue) hcl.Diagnostics {
	var diags hcl.Diagnostics
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{d.v.Name: val})},
		Functions: Functions(),
	}
	for _, vc := range d.validations {
		cond := vc.Attributes["condition"]
		cv, ds := safeValue(cond.Expr, ctx)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		ok, known, ds := valueToBool(cv, "validation condition", cond.Expr.Range())
		diags = append(diags, ds...)
		if !known || ok {
			if !known && !ds.HasErrors() && isKnownNull(cv) {
				diags = diags.Append(typeError("validation condition", "true or false", cv, cond.Expr.Range()))
			}
			continue
		}
		msg := "The value is not valid."
		if mv, ds := safeValue(vc.Attributes["error_message"].Expr, ctx); !ds.HasErrors() {
			if s, ok, _ := valueToString(mv, "error_message", cond.Expr.Range()); ok {
				msg = s
			}
			if isSensitive(mv) {
				msg = "The value is not valid. (The rule's error_message is not shown: it would include the value of a sensitive variable.)"
			}
		}
		subj := cond.Expr.Range().Ptr()
		if raw != nil && raw.rng != nil && !d.v.Sensitive {
			// The value's own source is shown, unless it is a secret.
			subj = raw.rng
		}
		diags = diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("%s\n\nThis was checked by the validation rule at %s.", msg, cond.Expr.Range()),
			Subject:  subj,
		})
	}
	return diags
}
