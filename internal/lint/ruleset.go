package lint

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/schema"
)

// ruleSet is the rules of one run: the catalog, with the policies' custom
// rules placed before the suppression rules (which judge the ignore
// comments after every other rule, custom ones included, has run).
type ruleSet struct {
	rules []*Rule
}

func newRuleSet(custom []*CustomRule) ruleSet {
	out := make([]*Rule, 0, len(catalog)+len(custom))
	added := false
	for _, r := range catalog {
		if !added && hasTag(r, tagSuppression) {
			for _, cr := range custom {
				out = append(out, cr.rule)
			}
			added = true
		}
		out = append(out, r)
	}
	return ruleSet{rules: out}
}

func (s ruleSet) lookup(name string) *Rule {
	for _, r := range s.rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func (s ruleSet) names() []string {
	out := make([]string, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.Name
	}
	sort.Strings(out)
	return out
}

func (s ruleSet) unknownMessage(name string) string { return unknownRuleIn(name, s.names()) }

// customRules gathers the custom rules of every policy; a name defined by
// two policies (the configuration's and a --policy file) is an error,
// unless both are the same block read twice.
func customRules(set *PolicySet) ([]*CustomRule, hcl.Diagnostics) {
	var out []*CustomRule
	var diags hcl.Diagnostics
	seen := map[string]*CustomRule{}
	for _, p := range set.Policies {
		for _, cr := range p.Rules {
			if prev := seen[cr.Name]; prev != nil {
				if prev.Range == cr.Range {
					continue // the policy file is in the configuration directory and given with --policy too
				}
				diags = append(diags, duplicateCustomRule(cr, prev))
				continue
			}
			seen[cr.Name] = cr
			out = append(out, cr)
		}
	}
	return out, diags
}

// RulesFor returns every rule a run over cfg (nil for none) with the given
// --policy files has: the catalog and the custom rules, for --list-rules,
// --explain and the views.
func RulesFor(cfg *schema.Config, policies []*Policy) ([]*Rule, hcl.Diagnostics) {
	if cfg == nil {
		cfg = &schema.Config{}
	}
	set, diags := effectivePolicy(cfg, policies)
	custom, d := customRules(set)
	return newRuleSet(custom).rules, append(diags, d...)
}

// checkRuleNames reports names in the lint block and in Options that are
// no rule of the run: custom rule names can only be checked once the
// policies are known.
func checkRuleNames(s *Settings, opts Options, rs ruleSet) hcl.Diagnostics {
	var diags hcl.Diagnostics
	// A custom rule may come from a --policy file that this run was not
	// given (a developer's local lint, plan): its settings then do nothing,
	// which is worth a warning, not a failure.
	for _, name := range sortedRuleNames(s.Rules) {
		if rs.lookup(name) == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning, Summary: "Custom rule not defined",
				Detail: "No policy of this run defines " + quote(name) + suggestIn(name, rs.names()) +
					", so this rule block has no effect. Pass the --policy file that defines it.",
				Subject: s.Rules[name].LabelRange.Ptr(),
			})
		}
	}
	for _, f := range []struct {
		flag  string
		names []string
	}{{"--only", opts.Only}, {"--enable-rule", opts.EnableRules}, {"--disable-rule", opts.DisableRules}} {
		for _, name := range f.names {
			if rs.lookup(name) == nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Unknown lint rule",
					Detail: f.flag + ": " + rs.unknownMessage(name),
				})
			}
		}
	}
	return diags
}

// suggestIn is "; did you mean NAME?" for the closest of names, or "".
func suggestIn(name string, names []string) string {
	if s := schema.Suggest(name, names); s != "" {
		return " (did you mean " + quote(s) + "?)"
	}
	return ""
}

// isCustomName reports whether name is written as a custom rule's name.
func isCustomName(name string) bool {
	label, ok := strings.CutPrefix(name, CustomPrefix)
	return ok && customNameRE.MatchString(label)
}

func sortedRuleNames(m map[string]*RuleSettings) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
