package lint

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"terrarium/schema"
)

// check is the custom rule's Check: for each environment its when selects,
// the condition must be true, else the finding says error_message. An
// expression that fails is a policy-rule-error finding at the expression;
// a when that selects no environment at all is a policy-rule-unused notice.
func (cr *CustomRule) check(p *Pass) {
	applied, failed := 0, false
	for _, env := range p.Config.Environments {
		ctx := cr.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"environment": p.envValue(env)}
		if cr.When != nil {
			ok, err := cr.evalBool(p, cr.When, ctx, env)
			failed = failed || err
			if !ok {
				continue
			}
		}
		applied++
		if ok, err := cr.evalBool(p, cr.Condition, ctx, env); ok || err {
			continue
		}
		if f, ok := cr.finding(p, ctx, env); ok {
			p.Report(f)
		}
	}
	if cr.When != nil && applied == 0 && !failed && len(p.Config.Environments) > 0 {
		p.Report(Finding{
			Rule: policyRuleUnused.Name, Severity: policyRuleUnused.Severity,
			Summary: "Custom rule " + quote(cr.Name) + " applies to no environment",
			Detail: "Its when expression is false for " + everyEnv(len(p.Config.Environments)) +
				", so the rule checks nothing here. Correct the when expression, or remove the rule if nothing it was written for remains.",
			Subject: cr.When.Range(), PolicyRange: cr.Range.Ptr(),
		})
	}
}

// envValue is envObject, built once per environment and run.
func (p *Pass) envValue(env *schema.Environment) cty.Value {
	if p.envObjs == nil {
		p.envObjs = map[*schema.Environment]cty.Value{}
	}
	v, ok := p.envObjs[env]
	if !ok {
		v = envObject(env)
		p.envObjs[env] = v
	}
	return v
}

// evalBool evaluates a condition or when expression; err reports that it
// failed, which has been reported as a policy-rule-error finding.
func (cr *CustomRule) evalBool(p *Pass, expr hcl.Expression, ctx *hcl.EvalContext, env *schema.Environment) (ok, err bool) {
	v, diags := p.evaluator.Eval(expr, ctx)
	if diags.HasErrors() {
		p.Report(cr.evalError(env, expr, diags))
		return false, true
	}
	b, why := boolResult(v)
	if why != "" {
		p.Report(cr.evalError(env, expr, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid result", Detail: why}}))
		return false, true
	}
	return b, false
}

// finding is the custom rule's finding for env, its summary the
// error_message; ok is false when the message could not be built (then a
// policy-rule-error finding has been reported instead).
func (cr *CustomRule) finding(p *Pass, ctx *hcl.EvalContext, env *schema.Environment) (Finding, bool) {
	v, diags := p.evaluator.Eval(cr.ErrorMessage, ctx)
	if !diags.HasErrors() {
		var err error
		if v, err = convert.Convert(v, cty.String); err != nil || v.IsNull() || !v.IsWhollyKnown() {
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid error_message", Detail: "The message must be a known string."}}
		}
	}
	if diags.HasErrors() {
		p.Report(cr.evalError(env, cr.ErrorMessage, diags))
		return Finding{}, false
	}
	msg := "Custom rule " + quote(cr.Name) + " is not met by " + env.Address
	switch {
	case v.IsMarked():
		msg += " (its error_message is not shown: it includes a sensitive value)"
	case strings.TrimSpace(v.AsString()) != "":
		msg = cleanMessage(v.AsString(), env)
	}
	return Finding{
		Summary: msg, Detail: "The custom rule " + cr.Name + " of the policy at " + cr.Range.Filename + ":" + itoa(cr.Range.Start.Line) + " requires this.",
		Subject: env.DeclRange, Address: env.Address, PolicyRange: cr.Range.Ptr(),
	}, true
}

// evalError is the policy-rule-error finding for expr failing on env: at
// the expression (or the part of it that failed), naming the environment.
func (cr *CustomRule) evalError(env *schema.Environment, expr hcl.Expression, diags hcl.Diagnostics) Finding {
	subject := expr.Range()
	detail := ""
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if d.Subject != nil && d.Subject.Filename == subject.Filename {
			subject = *d.Subject
		}
		detail = strings.TrimSuffix(d.Summary, ".") + ": " + d.Detail
		break
	}
	return Finding{
		Rule: policyRuleError.Name, Severity: policyRuleError.Severity,
		Summary: "Custom rule " + quote(cr.Name) + " could not be evaluated for " + env.Address,
		Detail:  cleanMessage(detail, env), Subject: subject, Address: env.Address, PolicyRange: cr.Range.Ptr(),
	}
}

// cleanMessage keeps secrets out of a message built from configuration
// values: values of sensitive variables become "(sensitive value)" (an
// error from a function may quote its argument), and anything that looks
// like a credential is redacted.
func cleanMessage(s string, env *schema.Environment) string {
	s = visible(s)
	for _, v := range sensitiveStrings(env) {
		s = strings.ReplaceAll(s, v, "(sensitive value)")
	}
	for i := 0; i < 16; i++ {
		m := findSecret(s, "")
		if m == nil {
			break
		}
		s = strings.ReplaceAll(s, m.secret, redact(m.secret, m))
	}
	return s
}

// visible writes control characters (newlines included: a summary is one
// line), invisible ones and invalid UTF-8 as \uxxxx escapes (lower-case
// hex, as the views' escape package writes them), so that a
// message built from a pull request's values cannot move a terminal's
// cursor, colour a CI log or hide text, whatever view shows it.
func visible(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || invisible(r) || r == utf8.RuneError }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) || invisible(r) || r == utf8.RuneError {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// everyEnv is "the only environment of this configuration" or "all N
// environments of this configuration".
func everyEnv(n int) string {
	if n == 1 {
		return "the only environment of this configuration"
	}
	return "all " + itoa(n) + " environments of this configuration"
}
