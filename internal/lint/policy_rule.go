package lint

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

// CustomPrefix starts the name of every custom rule, so that no custom
// rule can take the name of a built-in one, today's or a future one's.
const CustomPrefix = "custom/"

// CustomRule is one rule "NAME" block of a policy: a security team's own
// rule, written as HCL expressions over the environment object (see
// envObject).
type CustomRule struct {
	// Name is CustomPrefix plus the block's label.
	Name        string
	Description string
	Severity    Severity
	// Condition must be true for every environment the rule applies to.
	Condition hcl.Expression
	// ErrorMessage is the finding's summary, a string template.
	ErrorMessage hcl.Expression
	// When selects the environments the rule applies to; nil for all.
	When hcl.Expression
	// Range is the rule block's header.
	Range hcl.Range

	// ctx is the context the policy was decoded in (variables, locals and
	// functions); each evaluation adds environment to a child of it.
	ctx  *hcl.EvalContext
	rule *Rule
}

// customNameRE is the form of a custom rule's label: the built-in rules'
// kebab-case, with underscores allowed for teams used to tflint's names.
var customNameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)

var customRuleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "condition", Required: true}, {Name: "error_message", Required: true},
	{Name: "severity"}, {Name: "description"}, {Name: "when"},
}}

// decodeCustomRule decodes a rule block of a policy. ctx is the policy's
// context: nil for a --policy file, which gets the functions only.
func decodeCustomRule(b *hcl.Block, ctx *hcl.EvalContext) (*CustomRule, hcl.Diagnostics) {
	label := strings.TrimPrefix(b.Labels[0], CustomPrefix)
	if !customNameRE.MatchString(label) {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid custom rule name",
			Detail:  quote(b.Labels[0]) + " is not a rule name: use lower-case letters, digits, - and _, starting with a letter (at most 64), such as \"no-mcp-on-prod\". The rule is then called " + CustomPrefix + "NAME.",
			Subject: b.LabelRanges[0].Ptr(),
		}}
	}
	if ctx == nil {
		ctx = schema.EvalContext(nil)
	}
	content, diags := b.Body.Content(customRuleSchema)
	cr := &CustomRule{Name: CustomPrefix + label, Severity: SeverityError, Range: b.DefRange, ctx: ctx}
	if a := content.Attributes["severity"]; a != nil {
		sev, d := decodeSeverity(a, ctx, false)
		diags = append(diags, d...)
		if sev != SeverityUnset {
			cr.Severity = sev
		}
	}
	if a := content.Attributes["description"]; a != nil {
		var d hcl.Diagnostics
		cr.Description, d = decodeString(a, ctx)
		diags = append(diags, d...)
		if i := strings.IndexFunc(cr.Description, hiddenInDoc); i >= 0 {
			r, _ := utf8.DecodeRuneInString(cr.Description[i:])
			diags = append(diags, attrDiag(a, "The description holds U+%04X, a control or invisible character; --explain, the rule list and SARIF show it as written. Remove it.", r))
		}
	}
	for _, x := range []struct {
		name string
		dst  *hcl.Expression
	}{{"condition", &cr.Condition}, {"error_message", &cr.ErrorMessage}, {"when", &cr.When}} {
		if a := content.Attributes[x.name]; a != nil {
			*x.dst = a.Expr
			diags = append(diags, checkRuleRefs(a.Expr, ctx)...)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	cr.rule = cr.asRule()
	return cr, diags
}

// hiddenInDoc reports a character a rule's documentation must not hold:
// any control character but newline and tab, an invisible one, or a byte
// that is not UTF-8.
func hiddenInDoc(r rune) bool {
	return (unicode.IsControl(r) && r != '\n' && r != '\t') || invisible(r) || r == utf8.RuneError
}

// checkRuleRefs reports, when the policy loads rather than on the first
// environment, references to anything but environment and the policy's own
// variables, and attributes the environment object does not have.
func checkRuleRefs(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		if root == "environment" {
			if len(tr) < 2 {
				continue
			}
			if a, ok := tr[1].(hcl.TraverseAttr); ok && !contains(envAttrs, a.Name) {
				detail := "The environment object has no attribute " + quote(a.Name) + "."
				if s := schema.Suggest(a.Name, envAttrs); s != "" {
					detail += " Did you mean environment." + s + "?"
				}
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Unsupported attribute",
					Detail: detail + " It has " + strings.Join(envAttrs, ", ") + ".", Subject: a.SrcRange.Ptr(),
				})
			}
			continue
		}
		if hasVariable(ctx, root) {
			continue
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Unknown reference in a custom rule",
			Detail:  "A rule's condition, when and error_message can refer to environment (and, in a configuration's policy block, to var and local), not to " + quote(root) + ".",
			Subject: tr.SourceRange().Ptr(),
		})
	}
	return diags
}

func hasVariable(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables[name]; ok {
			return true
		}
	}
	return false
}

// asRule is the custom rule as a catalog entry: its title is the first
// line of the description, its doc the description and where the rule is
// defined.
func (cr *CustomRule) asRule() *Rule {
	title, _, _ := strings.Cut(strings.TrimSpace(cr.Description), "\n")
	if title == "" {
		title = "Custom policy rule " + strings.TrimPrefix(cr.Name, CustomPrefix)
	}
	doc := strings.TrimSpace(cr.Description)
	if doc != "" {
		doc += "\n\n"
	}
	doc += "A custom rule, defined in the policy at " + cr.Range.Filename + ":" + itoa(cr.Range.Start.Line) + "."
	return &Rule{
		Name: cr.Name, Title: title, Doc: doc, Severity: cr.Severity,
		Tags: []string{tagPolicy, tagCustom}, Check: cr.check,
	}
}

// Rule returns the custom rule as a lint rule, the value --explain, the
// rule list and SARIF show.
func (cr *CustomRule) Rule() *Rule { return cr.rule }

// boolResult converts the value of a condition or when expression.
func boolResult(v cty.Value) (bool, string) {
	v, _ = v.UnmarkDeep()
	if v.IsNull() {
		return false, "The result is null; it must be true or false."
	}
	if !v.IsKnown() {
		return false, "The result is not known; it must be true or false."
	}
	if v.Type() != cty.Bool {
		return false, "The result is " + v.Type().FriendlyName() + "; it must be true or false."
	}
	return v.True(), ""
}
