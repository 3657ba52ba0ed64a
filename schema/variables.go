package schema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// SensitiveMark marks the values of sensitive variables.
const SensitiveMark = "sensitive"

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"}, {Name: "description"}, {Name: "sensitive"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var validationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "condition", Required: true}, {Name: "error_message", Required: true}},
}

// varDecl is what the loader keeps of a variable block beyond the model.
type varDecl struct {
	v           *Variable
	def         *hcl.Attribute
	defaults    *typeexpr.Defaults
	validations []*hcl.BodyContent
	// unread says a var file failed before its values were read.
	unread bool
}

// decodeVariables decodes the variable blocks (not their values).
func (l *loader) decodeVariables(blocks []*hcl.Block) (map[string]*Variable, hcl.Diagnostics) {
	vars := map[string]*Variable{}
	l.decls = map[string]*varDecl{}
	unique, diags := uniqueLabels("variable", blocks, "Invalid variable name",
		"A variable name must start with a letter or underscore and may contain only letters, digits, underscores and dashes.")
	for _, b := range unique {
		name := b.Labels[0]
		d, ds := decodeVariable(b)
		diags = append(diags, ds...)
		vars[name] = d.v
		l.decls[name] = d
		l.cfg.Variables = append(l.cfg.Variables, d.v)
	}
	return vars, diags
}

func decodeVariable(b *hcl.Block) (*varDecl, hcl.Diagnostics) {
	v := &Variable{Name: b.Labels[0], DeclRange: b.DefRange, Type: cty.DynamicPseudoType, Value: cty.DynamicVal}
	d := &varDecl{v: v}
	content, diags := b.Body.Content(variableSchema)
	ev := &evaluator{}
	if a := content.Attributes["type"]; a != nil {
		ty, defaults, ds := safeTypeConstraint(a.Expr)
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			v.Type, d.defaults = ty, defaults
		}
	}
	if a := content.Attributes["description"]; a != nil {
		s, _, ds := ev.evalString(a, nil)
		diags = append(diags, ds...)
		v.Description = s.Value
	}
	if a := content.Attributes["sensitive"]; a != nil {
		s, _, ds := ev.evalBool(a, nil)
		diags = append(diags, ds...)
		v.Sensitive = s.Value
	}
	d.def = content.Attributes["default"]
	for _, vb := range content.Blocks {
		vc, ds := vb.Body.Content(validationSchema)
		diags = append(diags, ds...)
		if vc.Attributes["condition"] != nil && vc.Attributes["error_message"] != nil {
			if ds := selfOnly(v.Name, vc.Attributes["condition"]); ds.HasErrors() {
				diags = append(diags, ds...)
				continue
			}
			d.validations = append(d.validations, vc)
		}
	}
	return d, diags
}

// selfOnly reports a validation condition that refers to another variable:
// as in Terraform, it may use only the variable it validates.
func selfOnly(name string, cond *hcl.Attribute) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range cond.Expr.Variables() {
		if tr.RootName() != "var" || len(tr) < 2 {
			continue
		}
		if a, ok := tr[1].(hcl.TraverseAttr); ok && a.Name != name {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference in variable validation",
				Detail:   fmt.Sprintf("The condition for variable %q can only refer to the variable itself, using var.%s; var.%s is another variable.", name, name, a.Name),
				Subject:  tr.SourceRange().Ptr(),
			})
		}
	}
	return diags
}

func safeTypeConstraint(expr hcl.Expression) (ty cty.Type, defaults *typeexpr.Defaults, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			ty, defaults = cty.DynamicPseudoType, nil
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid type specification",
				Detail: fmt.Sprintf("This type could not be read: %v.", r), Subject: expr.Range().Ptr()}}
		}
	}()
	return typeexpr.TypeConstraintWithDefaults(expr)
}

// rawValue is one candidate value of a variable and where it came from.
type rawValue struct {
	val    cty.Value
	rng    *hcl.Range // nil for -var and environment values
	source string
}

// resolveVariables applies Terraform's precedence (default < environment <
// var files in order < -var in order), converts each value to its type and
// runs the validation rules. It returns the values for the var object.
func (l *loader) resolveVariables(vars map[string]*Variable) (map[string]cty.Value, hcl.Diagnostics) {
	raw, diags := l.collectRawValues(vars)
	out := make(map[string]cty.Value, len(vars))
	for _, v := range l.cfg.Variables {
		d := l.decls[v.Name]
		d.unread = l.varFileUnread
		val, src, ds := d.finalValue(raw[v.Name])
		if v.Sensitive {
			// Marked before validation, so that no message of a rule can
			// show it (sensitive.go).
			val = val.Mark(SensitiveMark)
			if r := raw[v.Name]; r != nil {
				l.secrets = append(l.secrets, sensitiveStrings(r.val, v.Type)...)
			}
			l.secrets = append(l.secrets, sensitiveStrings(val, v.Type)...)
		}
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			diags = append(diags, d.validate(val, src)...)
		}
		v.Value = val
		out[v.Name] = val
	}
	return out, diags
}

// finalValue picks the value (or default) and converts it to the type. It
// also returns where the value came from.
func (d *varDecl) finalValue(raw *rawValue) (cty.Value, *rawValue, hcl.Diagnostics) {
	v := d.v
	if raw == nil && d.def != nil {
		val, diags := safeValue(d.def.Expr, nil)
		if diags.HasErrors() {
			return cty.DynamicVal, nil, diags
		}
		raw = &rawValue{val: val, rng: d.def.Expr.Range().Ptr(), source: "default"}
	}
	if raw == nil && d.unread {
		// A var file that could not be read may have set it: its own
		// error says what to fix.
		return cty.DynamicVal, nil, nil
	}
	if raw == nil {
		return cty.DynamicVal, nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No value for required variable",
			Detail: fmt.Sprintf("The variable %q has no default and no value was given. Set it with -var '%s=...', a -var-file, or the TERRARIUM_VAR_%s environment variable.",
				v.Name, v.Name, v.Name),
			Subject: v.DeclRange.Ptr(),
		}}
	}
	val, err := convertValue(raw.val, v.Type, d.defaults)
	if err != nil {
		subj := raw.rng
		if subj == nil || v.Sensitive {
			// A sensitive value's source line would show it.
			subj = v.DeclRange.Ptr()
		}
		why := err.Error()
		if v.Sensitive {
			// cty's reason names the map keys and attributes of the
			// value (`element "KEY": ...`): part of the secret.
			why = "it is not of type " + typeexpr.TypeString(v.Type) + " (the reason is not shown, since the variable is sensitive)"
		}
		return cty.DynamicVal, raw, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("The value for variable %q from %s is not valid: %s.", v.Name, raw.source, why),
			Subject:  subj,
		}}
	}
	return val, raw, nil
}

// convertValue applies type defaults and converts, without panicking.
func convertValue(val cty.Value, ty cty.Type, defaults *typeexpr.Defaults) (out cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = cty.DynamicVal, fmt.Errorf("%v", r)
		}
	}()
	if defaults != nil {
		val = defaults.Apply(val)
	}
	if out, err = convert.Convert(val, ty); err == nil {
		err = checkNumbers(out) // a string given for a number becomes one here
	}
	if err != nil {
		return cty.DynamicVal, err
	}
	return out, nil
}
