package lint

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/schema"
)

// Settings is the decoded lint block.
type Settings struct {
	// FailOn is the threshold from fail_on; SeverityUnset when absent.
	FailOn Severity
	// InlineIgnores is nil when absent (ignore comments are honoured).
	InlineIgnores *BoolSetting
	// Rules maps a rule name to its rule block.
	Rules map[string]*RuleSettings
	Range hcl.Range

	// only and flags are the command line's --only and --enable-rule /
	// --disable-rule, which win over the rule blocks.
	only  map[string]bool
	flags map[string]bool
}

// RuleSettings is one rule "NAME" { ... } block.
type RuleSettings struct {
	Name      string
	Severity  Severity // SeverityUnset when absent
	Enabled   *BoolSetting
	Ignorable *BoolSetting
	Range     hcl.Range
	// LabelRange is the range of the rule's name.
	LabelRange hcl.Range
}

var lintSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "fail_on"}, {Name: "inline_ignores"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "rule", LabelNames: []string{"name"}}},
}

var ruleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "severity"}, {Name: "enabled"}, {Name: "ignorable"}},
}

// decodeLintBlock decodes a lint block; it is the Decode of the "lint"
// BlockType.
func decodeLintBlock(block *hcl.Block, ctx *hcl.EvalContext) (any, hcl.Diagnostics) {
	content, diags := block.Body.Content(lintSchema)
	s := &Settings{Rules: map[string]*RuleSettings{}, Range: block.DefRange}
	if a := content.Attributes["fail_on"]; a != nil {
		var d hcl.Diagnostics
		s.FailOn, d = decodeSeverity(a, ctx, true)
		diags = append(diags, d...)
	}
	if a := content.Attributes["inline_ignores"]; a != nil {
		var d hcl.Diagnostics
		s.InlineIgnores, d = decodeBool(a, ctx)
		diags = append(diags, d...)
	}
	for _, b := range content.Blocks {
		rs, d := decodeRuleBlock(b, ctx)
		diags = append(diags, d...)
		if rs == nil {
			continue
		}
		if prev := s.Rules[rs.Name]; prev != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Duplicate rule block",
				Detail:  "Rule " + quote(rs.Name) + " is already configured at " + prev.Range.String() + ".",
				Subject: b.DefRange.Ptr(),
			})
			continue
		}
		s.Rules[rs.Name] = rs
	}
	return s, diags
}

func decodeRuleBlock(b *hcl.Block, ctx *hcl.EvalContext) (*RuleSettings, hcl.Diagnostics) {
	name := b.Labels[0]
	// A custom rule's name is checked when the policies are known (Run).
	if !strings.HasPrefix(name, CustomPrefix) && Lookup(name) == nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Unknown lint rule",
			Detail: UnknownRuleMessage(name), Subject: b.LabelRanges[0].Ptr(),
		}}
	}
	content, diags := b.Body.Content(ruleSchema)
	rs := &RuleSettings{Name: name, Range: b.DefRange, LabelRange: b.LabelRanges[0]}
	if a := content.Attributes["severity"]; a != nil {
		var d hcl.Diagnostics
		rs.Severity, d = decodeSeverity(a, ctx, false)
		diags = append(diags, d...)
	}
	for _, f := range []struct {
		name string
		dst  **BoolSetting
	}{{"enabled", &rs.Enabled}, {"ignorable", &rs.Ignorable}} {
		if a := content.Attributes[f.name]; a != nil {
			var d hcl.Diagnostics
			*f.dst, d = decodeBool(a, ctx)
			diags = append(diags, d...)
		}
	}
	return rs, diags
}

// settingsOf returns the configuration's lint settings (empty when the
// configuration has no lint block).
func settingsOf(cfg *schema.Config) (*Settings, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var out *Settings
	for _, v := range cfg.Extensions[BlockLint] {
		s, ok := v.(*Settings)
		if !ok {
			continue
		}
		if out != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Duplicate lint block",
				Detail:  "A configuration has at most one lint block; the first is at " + out.Range.String() + ".",
				Subject: s.Range.Ptr(),
			})
			continue
		}
		out = s
	}
	if out == nil {
		out = &Settings{Rules: map[string]*RuleSettings{}}
	}
	return out, diags
}

func (s *Settings) failOn() Severity {
	if s.FailOn == SeverityUnset {
		return SeverityError
	}
	return s.FailOn
}

func (s *Settings) inlineIgnores() bool {
	return s.InlineIgnores == nil || s.InlineIgnores.Value
}

func (s *Settings) enabled(rule string) bool {
	if s.only != nil {
		return s.only[rule]
	}
	if on, ok := s.flags[rule]; ok {
		return on
	}
	rs := s.Rules[rule]
	return rs == nil || rs.Enabled == nil || rs.Enabled.Value
}

func (s *Settings) severity(rule string) Severity {
	if rs := s.Rules[rule]; rs != nil {
		return rs.Severity
	}
	return SeverityUnset
}

// ignorable reports whether an ignore comment may hide findings of r.
// Suppression rules are never ignorable: an ignore comment cannot excuse
// itself.
func (s *Settings) ignorable(r *Rule) bool {
	if hasTag(r, tagSuppression) {
		return false
	}
	rs := s.Rules[r.Name]
	return rs == nil || rs.Ignorable == nil || rs.Ignorable.Value
}

func hasTag(r *Rule, tag string) bool {
	for _, t := range r.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// reportable is enabled without --only: a rule that reports under
// another rule's name (a custom rule's policy-rule-error) is heard when that
// rule runs, unless that name is turned off itself.
func (s *Settings) reportable(rule string) bool {
	c := *s
	c.only = nil
	return c.enabled(rule)
}

// withFlags returns a copy of s with the command line's rule selection:
// --only runs just the rules it names; otherwise --enable-rule and
// --disable-rule (the later given wins) override the rule blocks' enabled.
func (s *Settings) withFlags(opts Options) *Settings {
	c := *s
	if len(opts.Only) > 0 {
		c.only = map[string]bool{}
		for _, n := range opts.Only {
			c.only[n] = true
		}
	}
	c.flags = map[string]bool{}
	for _, n := range opts.EnableRules {
		c.flags[n] = true
	}
	for _, n := range opts.DisableRules {
		c.flags[n] = false
	}
	return &c
}
