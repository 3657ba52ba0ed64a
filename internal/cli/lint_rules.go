package cli

import (
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/lint"
	"terrarium/internal/render"
	"terrarium/internal/scaffold"
	"terrarium/schema"
)

// listLintRules prints every rule: the catalog and the custom rules of the
// --policy files and of the configuration's policy block.
func listLintRules(opts *LintOptions) error {
	rules, err := lintRulesOf(opts)
	if err != nil {
		return err
	}
	return render.LintRuleList(opts.Deps.IO.Out, rules)
}

// explainLintRule prints the documentation of one rule. A built-in rule
// needs nothing loaded; a custom rule is looked up in the policies.
func explainLintRule(opts *LintOptions) error {
	rules := lint.Catalog()
	if strings.HasPrefix(opts.Explain, lint.CustomPrefix) {
		var err error
		if rules, err = lintRulesOf(opts); err != nil {
			return err
		}
	}
	names := make([]string, len(rules))
	for i, r := range rules {
		if r.Name == opts.Explain {
			return render.LintExplain(opts.Deps.IO.Out, r)
		}
		names[i] = r.Name
	}
	msg := lint.UnknownRuleMessage(opts.Explain)
	if strings.HasPrefix(opts.Explain, lint.CustomPrefix) {
		msg = "There is no custom rule named " + strconv.Quote(opts.Explain) + " in the --policy files or the configuration's policy block" +
			suggestion(opts.Explain, names) + ". Run 'terrarium lint --list-rules' with the same --policy flags to see them all."
	}
	return &ExitError{Code: ExitFailure, Err: errors.New(msg)}
}

func suggestion(name string, names []string) string {
	if s := schema.Suggest(name, names); s != "" {
		return "; did you mean " + strconv.Quote(s) + "?"
	}
	return ""
}

// lintRulesOf loads the --policy files, and the configuration in the
// directory when it has one, and returns every rule they give a run.
func lintRulesOf(opts *LintOptions) ([]*lint.Rule, error) {
	d := opts.Deps
	var cfg *schema.Config
	var files map[string]*hcl.File
	var policies []*lint.Policy
	var diags hcl.Diagnostics
	if scaffold.HasConfig(opts.Dir) {
		var err error
		if cfg, files, policies, err = loadLintInputs(d, opts.Dir, opts.Policies, opts.Vars, opts.VarFiles); err != nil {
			return nil, err
		}
	} else if policies, files, diags = lint.LoadPolicyFiles(opts.Policies); diags.HasErrors() {
		return nil, reportDiagnostics(d, files, diags)
	}
	rules, rdiags := lint.RulesFor(cfg, policies)
	diags = append(diags, rdiags...)
	if err := printDiagnostics(d, files, diags); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	return rules, nil
}

// reportDiagnostics prints diags and returns errReported (or the error
// printing them).
func reportDiagnostics(d *Deps, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if err := printDiagnostics(d, files, diags); err != nil {
		return err
	}
	return errReported
}
