// Package lint is terrarium's linter: a catalog of rules (one per file, each
// a plain value with a name, a title, a doc and a Check function), the
// engine that runs them over a *schema.Config, the policy and lint blocks,
// inline suppression comments and baselines. It returns values; the views in
// internal/render turn them into text, JSON, SARIF, GitHub annotations and
// JUnit.
package lint

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

// Rule is one lint rule. Rules are data: the catalog is a slice of them.
type Rule struct {
	// Name is the stable identifier used in config, ignore comments,
	// baselines and outputs: kebab-case for a built-in rule, CustomPrefix
	// and the block label for a policy's custom rule.
	Name string
	// Title is a one-line description.
	Title string
	// Doc is the long description shown by --explain and in SARIF help. Its
	// first paragraph says what the rule finds, the rest why and how to fix.
	Doc string
	// Severity is the default severity.
	Severity Severity
	// Tags group rules (networking, supply-chain, hygiene, policy, ...).
	Tags []string
	// SecuritySeverity is GitHub code scanning's 0.0-10.0 score; 0 for
	// rules that are not about security.
	SecuritySeverity float64
	// Check reports the rule's findings through pass.
	Check func(pass *Pass)
}

// Finding is one problem a rule found.
// It marshals to JSON (saved plans embed findings); the lint JSON view in
// internal/render has its own documented format.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail,omitempty"`
	// Subject is the source range the finding is about.
	Subject hcl.Range `json:"subject"`
	// Address is the environment address ("environment.x"), "" for
	// findings that belong to no environment.
	Address string `json:"address,omitempty"`
	// Path is the attribute path inside the environment, such as
	// "config.networking.allowed_hosts[2]".
	Path string `json:"path,omitempty"`
	// Value is the offending value; secrets are redacted before they get here.
	Value string `json:"value,omitempty"`
	// PolicyRange is the policy setting that forbids this, when a policy does.
	PolicyRange *hcl.Range `json:"policy_range,omitempty"`
	// Sensitive marks a finding whose source text must not be echoed.
	Sensitive bool `json:"sensitive,omitempty"`
	// Fix is the exact remedy when the rule knows it; nil otherwise, and
	// always nil on a sensitive finding (its text would echo the secret).
	Fix *Fix `json:"fix,omitempty"`
}

// Pass is what a rule's Check receives.
type Pass struct {
	// Config is the configuration under lint.
	Config *schema.Config
	// Policy holds every policy that applies (strictest wins); never nil.
	Policy *PolicySet
	// Now is the time of the run, for expiry dates.
	Now time.Time

	rule    *Rule
	report  func(Finding)
	parsed  *parsedCache
	ignores []*ignore
	// badIgnores are the ignore comments that could not be read.
	badIgnores []badIgnore
	settings   *Settings
	// evaluator bounds the custom rules' expressions, all of them together.
	evaluator *schema.Evaluator
	// envObjs caches the environment objects custom rules see.
	envObjs map[*schema.Environment]cty.Value
	// rules are the run's rules.
	rules ruleSet
}

// Report records a finding of the running rule. Rule and Severity are
// filled in when empty.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.rule.Name
	}
	if f.Severity == 0 {
		f.Severity = p.rule.Severity
	}
	f = p.hideSensitive(scrub(f))
	if f.Sensitive {
		f.Fix = nil
	}
	p.report(f)
}

// scrub is the last guard against echoing a secret: a finding whose value,
// path or address (a metadata key, a for_each key) holds one gets it
// redacted everywhere it appears.
func scrub(f Finding) Finding {
	for _, s := range []string{f.Value, f.Path, f.Address} {
		m := findSecret(s, "")
		if m == nil {
			continue
		}
		marker := redact(m.secret, m)
		for _, field := range []*string{&f.Value, &f.Summary, &f.Detail, &f.Path, &f.Address} {
			*field = strings.ReplaceAll(*field, m.secret, marker)
		}
		f.Sensitive = true
	}
	return f
}

// Options are the inputs of Run beyond the configuration.
type Options struct {
	// Policies are policies from outside the configuration (--policy files).
	Policies []*Policy
	// Baseline hides the findings it lists; nil for none.
	Baseline *Baseline
	// FailOn overrides the lint block's fail_on when not SeverityUnset.
	FailOn Severity
	// Now is the current time; zero means time.Now().
	Now time.Time
	// Only, when not empty, runs just these rules (--only).
	Only []string
	// EnableRules and DisableRules turn rules on and off over the lint
	// block (--enable-rule, --disable-rule); a rule in both is disabled.
	EnableRules  []string
	DisableRules []string
	// Root, when set, is the directory the result's paths (baseline
	// entries, fingerprints) are relative to instead of the configuration
	// directory: lint --recursive reports every directory below Root as one.
	Root string
}

// Result is the outcome of a lint run.
type Result struct {
	// Findings are the reported findings, sorted by file and offset.
	Findings []Finding
	// Suppressed counts findings hidden by ignore comments.
	Suppressed int
	// Baselined counts findings hidden by the baseline.
	Baselined int
	// FailOn is the effective threshold.
	FailOn Severity
	// Dir is the configuration directory, for relative paths.
	Dir string
	// Rules are the run's rules: the catalog and the policies' custom
	// rules, for the views (SARIF lists them).
	Rules []*Rule
}

// Failed reports whether a finding is at or above FailOn.
func (r Result) Failed() bool {
	for _, f := range r.Findings {
		if r.FailOn.Fails(f.Severity) {
			return true
		}
	}
	return false
}

// Count returns how many findings have severity s.
func (r Result) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Run lints cfg. Diagnostics are problems that stop linting (an unknown rule
// name or a bad option in the lint block, a bad policy); findings are in
// the Result, including ignore comments that cannot be read
// (ignore-malformed).
func Run(cfg *schema.Config, opts Options) (Result, hcl.Diagnostics) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	settings, diags := settingsOf(cfg)
	policy, pdiags := effectivePolicy(cfg, opts.Policies)
	diags = append(diags, pdiags...)
	custom, cdiags := customRules(policy)
	diags = append(diags, cdiags...)
	rules := newRuleSet(custom)
	diags = append(diags, checkRuleNames(settings, opts, rules)...)
	dir := cfg.Dir
	if opts.Root != "" {
		dir = opts.Root
	}
	if diags.HasErrors() {
		return Result{Dir: dir, Rules: rules.rules}, diags
	}
	settings = settings.withFlags(opts)
	res := Result{Dir: dir, FailOn: settings.failOn(), Rules: rules.rules}
	if opts.FailOn != SeverityUnset {
		res.FailOn = opts.FailOn
	}
	var ignores []*ignore
	var bad []badIgnore
	if settings.inlineIgnores() {
		ignores, bad = parseIgnores(cfg.Files, rules)
	}
	pass := &Pass{
		Config: cfg, Policy: policy, Now: now, parsed: newParsedCache(), ignores: ignores, badIgnores: bad,
		settings: settings, evaluator: schema.NewEvaluator(), rules: rules,
	}
	findings, suppressed := pass.runRules(rules, indexIgnores(ignores))
	res.Suppressed = suppressed
	findings, res.Baselined = opts.Baseline.Filter(findings, dir)
	Sort(findings)
	res.Findings = findings
	return res, diags
}

// runRules runs every enabled rule, applying the lint block's severities
// and the ignore comments. The catalog lists the suppression rules last:
// they judge the ignore comments after every other rule has had its
// findings suppressed.
func (p *Pass) runRules(rules ruleSet, idx ignoreIndex) (findings []Finding, suppressed int) {
	for _, r := range rules.rules {
		if r.Check == nil || !p.settings.enabled(r.Name) {
			continue
		}
		p.rule = r
		p.report = func(f Finding) {
			// A rule may report under another name (a custom rule's
			// policy-rule-error), which the lint block can turn off too.
			owner := r
			if f.Rule != r.Name {
				if owner = rules.lookup(f.Rule); owner == nil || !p.settings.reportable(f.Rule) {
					return
				}
			}
			if s := p.settings.severity(f.Rule); s != SeverityUnset {
				f.Severity = s
			}
			if p.settings.ignorable(owner) && suppress(idx, f, p.Now) {
				suppressed++
				return
			}
			findings = append(findings, f)
		}
		r.Check(p)
	}
	return findings, suppressed
}

// Sort orders findings by file, offset, rule and path.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Subject.Filename, b.Subject.Filename); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}
