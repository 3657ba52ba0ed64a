package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestCustomRuleFixtures walks testdata/rules/custom: NAME.hcl must produce
// exactly the custom-rule findings (custom/*, policy-rule-*) its want
// comments list, with the summary a "# message: TEXT" comment gives, and
// NAME_ok.hcl none.
func TestCustomRuleFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/rules/custom/*.hcl")
	if len(files) < 8 {
		t.Fatalf("want at least 8 fixtures, have %d", len(files))
	}
	isCustom := func(r string) bool {
		return strings.HasPrefix(r, CustomPrefix) || strings.HasPrefix(r, "policy-rule-")
	}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".hcl")
		_, ok := strings.CutSuffix(base, "_ok")
		t.Run(base, func(t *testing.T) {
			res := checkFixture(t, path, ok, isCustom)
			for line, msg := range messages(t, path) {
				found := false
				for _, f := range res.Findings {
					found = found || (f.Subject.Start.Line == line && f.Summary == msg)
				}
				if !found {
					t.Errorf("line %d: no finding says %q\n%s", line, msg, dump(res))
				}
			}
		})
	}
}

// messages reads "# message: TEXT" annotations: line -> summary.
func messages(t *testing.T, path string) map[int]string {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for i, line := range strings.Split(string(src), "\n") {
		if _, msg, ok := strings.Cut(line, "# message: "); ok {
			out[i+1] = msg
		}
	}
	return out
}

// TestCustomRuleNeverEchoesSensitiveValues: neither the message nor an
// evaluation error shows a sensitive variable's value.
func TestCustomRuleNeverEchoesSensitiveValues(t *testing.T) {
	const secret = "oncall-7731@example.com"
	src := `variable "contact" {
  type      = string
  sensitive = true
  default   = "` + secret + `"
}
policy {
  rule "msg" {
    condition     = false
    error_message = "contact ${environment.metadata.contact}"
  }
  rule "err" {
    condition     = tonumber(environment.metadata.contact) > 0
    error_message = "unreachable"
  }
}
environment "e" {
  metadata = { contact = var.contact }
  config { type = "self_hosted" }
}
`
	res := runSource(t, src, Options{Now: testNow})
	n := 0
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, CustomPrefix) || f.Rule == policyRuleError.Name {
			n++
		}
		if strings.Contains(f.Summary+f.Detail+f.Value, secret) {
			t.Errorf("%s echoes the sensitive value: %s / %s", f.Rule, f.Summary, f.Detail)
		}
	}
	if n != 2 {
		t.Errorf("want a custom/msg and a policy-rule-error finding, got\n%s", dump(res))
	}
}

func runSource(t *testing.T, src string, opts Options) Result {
	t.Helper()
	res, diags := Run(loadFixture(t, writeTemp(t, "main.hcl", src)), opts)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return res
}

const ownerPolicy = `policy {
  rule "owner" {
    description   = "Every environment names its owner.\n\nSecurity reviews need a contact."
    condition     = contains(keys(environment.metadata), "owner")
    error_message = "${environment.address} has no owner."
  }
}
`

const twoEnvs = `
environment "a" {
  config { type = "self_hosted" }
}
environment "b" {
  config { type = "self_hosted" }
}
`

// TestCustomRuleBaseline: a baseline written from a run hides the custom
// rule's findings on the next, and a new environment's finding is new.
func TestCustomRuleBaseline(t *testing.T) {
	res := runSource(t, ownerPolicy+twoEnvs, Options{Now: testNow})
	if got := countRule(res, "custom/owner"); got != 2 {
		t.Fatalf("want 2 custom/owner findings, got %d\n%s", got, dump(res))
	}
	base := NewBaseline(res)
	dir := t.TempDir()
	path := filepath.Join(dir, "main.hcl")
	src := ownerPolicy + twoEnvs + "environment \"c\" {\n  config { type = \"self_hosted\" }\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another directory: the baseline's paths are relative to the
	// configuration directory, so it still applies.
	res2, diags := Run(loadFixture(t, path), Options{Now: testNow, Baseline: base})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := countRule(res2, "custom/owner"); got != 1 || res2.Baselined < 2 {
		t.Errorf("want only environment.c's finding (2 baselined), got %d (%d baselined)\n%s", got, res2.Baselined, dump(res2))
	}
}

func countRule(res Result, rule string) int {
	n := 0
	for _, f := range res.Findings {
		if f.Rule == rule {
			n++
		}
	}
	return n
}

// TestCustomRuleSettings: the lint block's severity override, enabled =
// false, --only, --enable-rule and --disable-rule treat a custom rule as a
// built-in one, and an unknown custom name is an error.
func TestCustomRuleSettings(t *testing.T) {
	lintBlock := func(body string) string { return "lint {\n  rule \"custom/owner\" {\n" + body + "\n  }\n}\n" }
	cases := []struct {
		name, extra string
		opts        Options
		want        int
		sev         Severity
	}{
		{"default", "", Options{}, 2, SeverityError},
		{"severity override", lintBlock(`severity = "notice"`), Options{}, 2, SeverityNotice},
		{"disabled in lint block", lintBlock(`enabled = false`), Options{}, 0, 0},
		{"enable-rule wins", lintBlock(`enabled = false`), Options{EnableRules: []string{"custom/owner"}}, 2, SeverityError},
		{"disable-rule", "", Options{DisableRules: []string{"custom/owner"}}, 0, 0},
		{"only another rule", "", Options{Only: []string{"networking-implicit"}}, 0, 0},
		{"only this rule", "", Options{Only: []string{"custom/owner"}}, 2, SeverityError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Now = testNow
			res := runSource(t, ownerPolicy+twoEnvs+c.extra, c.opts)
			if got := countRule(res, "custom/owner"); got != c.want {
				t.Fatalf("want %d findings, got %d\n%s", c.want, got, dump(res))
			}
			for _, f := range res.Findings {
				if f.Rule == "custom/owner" && f.Severity != c.sev {
					t.Errorf("severity %s, want %s", f.Severity, c.sev)
				}
			}
			if c.opts.Only != nil && len(res.Findings) != c.want {
				t.Errorf("--only let other rules run:\n%s", dump(res))
			}
		})
	}
}

// TestCustomRuleErrors: what a policy author can get wrong is a
// diagnostic with the range.
func TestCustomRuleErrors(t *testing.T) {
	cases := []struct{ name, src, summary string }{
		{"bad name", `policy {
  rule "Bad Name" {
    condition = true
    error_message = "x"
  }
}`, "Invalid custom rule name"},
		{"unknown attribute", `policy {
  rule "x" {
    condition = environment.metdata != null
    error_message = "x"
  }
}`, "Unsupported attribute"},
		{"unknown reference", `policy {
  rule "x" {
    condition = each.key != ""
    error_message = "x"
  }
}`, "Unknown reference in a custom rule"},
		{"duplicate", `policy {
  rule "x" {
    condition = true
    error_message = "x"
  }
  rule "custom/x" {
    condition = true
    error_message = "x"
  }
}`, "Duplicate custom rule"},
		{"missing condition", `policy {
  rule "x" {
    error_message = "x"
  }
}`, "Missing required argument"},
		{"bad severity", `policy {
  rule "x" {
    condition = true
    error_message = "x"
    severity = "fatal"
  }
}`, "Invalid severity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeTemp(t, "policy.hcl", c.src)
			_, _, diags := LoadPolicyFile(path)
			if !hasDiag(diags, c.summary) {
				t.Fatalf("want %q, got %v", c.summary, diags)
			}
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename != path {
					t.Errorf("diagnostic without a range in the policy file: %v", d)
				}
			}
		})
	}
}

func hasDiag(diags hcl.Diagnostics, summary string) bool {
	for _, d := range diags {
		if d.Summary == summary {
			return true
		}
	}
	return false
}

// TestCustomRuleNameChecks: an unknown custom rule on the command line is
// an error with a suggestion; in the lint block it is a warning (the rule
// may come from a --policy file this run was not given) and linting goes on.
func TestCustomRuleNameChecks(t *testing.T) {
	src := ownerPolicy + twoEnvs + "lint {\n  rule \"custom/ownr\" {\n    severity = \"warning\"\n  }\n}\n"
	cfg := loadFixture(t, writeTemp(t, "main.hcl", src))
	_, diags := Run(cfg, Options{Now: testNow, Only: []string{"custom/nope"}})
	if len(diags) != 2 || diags[0].Severity != hcl.DiagWarning || !strings.Contains(diags[0].Detail, `did you mean "custom/owner"?`) || diags[0].Subject == nil {
		t.Fatalf("want a warning at the lint block's name with a suggestion, got %v", diags)
	}
	if diags[1].Severity != hcl.DiagError || !strings.HasPrefix(diags[1].Detail, "--only: ") {
		t.Errorf("want an error naming --only: %v", diags[1])
	}
	res, diags := Run(cfg, Options{Now: testNow})
	if diags.HasErrors() || countRule(res, "custom/owner") != 2 {
		t.Errorf("the warning must not stop linting: %v\n%s", diags, dump(res))
	}
}

// TestIgnoreCommentForAbsentCustomRule: a suppression of a custom rule that
// only a --policy file defines is neither malformed nor unused when that
// file is not given; with it, it suppresses.
func TestIgnoreCommentForAbsentCustomRule(t *testing.T) {
	src := `# terrarium:ignore custom/owner reason="owned by the platform team, see SEC-3"
environment "a" {
  config { type = "self_hosted" }
}
`
	res := runSource(t, src, Options{Now: testNow})
	if len(res.Findings) != 0 {
		t.Errorf("without the policy:\n%s", dump(res))
	}
	pol, _, diags := LoadPolicyFile(writeTemp(t, "policy.hcl", ownerPolicy))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res = runSource(t, src, Options{Now: testNow, Policies: []*Policy{pol}})
	if len(res.Findings) != 0 || res.Suppressed != 1 {
		t.Errorf("with the policy, want 1 suppressed and nothing else:\n%s", dump(res))
	}
}

func writeTemp(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCustomRulesFromPolicyFile: a --policy file's rules run, and the same
// name in the configuration's policy block is a duplicate.
func TestCustomRulesFromPolicyFile(t *testing.T) {
	dir := t.TempDir()
	ppath := filepath.Join(dir, "policy.hcl")
	if err := os.WriteFile(ppath, []byte(ownerPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	pol, _, diags := LoadPolicyFile(ppath)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res := runSource(t, twoEnvs, Options{Now: testNow, Policies: []*Policy{pol}})
	if got := countRule(res, "custom/owner"); got != 2 {
		t.Fatalf("want 2 findings, got %d\n%s", got, dump(res))
	}
	rules, _ := RulesFor(nil, []*Policy{pol})
	r := ruleSet{rules: rules}.lookup("custom/owner")
	if r == nil || r.Title != "Every environment names its owner." || !strings.Contains(r.Doc, "Security reviews need a contact.") {
		t.Fatalf("custom rule entry: %+v", r)
	}
	cpath := filepath.Join(dir, "cfg", "main.hcl")
	_ = os.MkdirAll(filepath.Dir(cpath), 0o700)
	if err := os.WriteFile(cpath, []byte(ownerPolicy+twoEnvs), 0o600); err != nil {
		t.Fatal(err)
	}
	_, diags = Run(loadFixture(t, cpath), Options{Now: testNow, Policies: []*Policy{pol}})
	if !hasDiag(diags, "Duplicate custom rule") {
		t.Errorf("want a duplicate, got %v", diags)
	}
}

// TestCustomRuleMessageIsOneVisibleLine: a message with a newline, a
// terminal escape or a bidi control shows them escaped, and an empty one
// gets a summary of its own.
func TestCustomRuleMessageIsOneVisibleLine(t *testing.T) {
	src := `policy {
  rule "loud" {
    condition     = false
    error_message = "a\nb \u001b[31mred\u202e"
  }
  rule "quiet" {
    condition     = false
    error_message = " "
  }
}
environment "e" {
  config { type = "self_hosted" }
}
`
	res := runSource(t, src, Options{Now: testNow, Only: []string{"custom/loud", "custom/quiet"}})
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Rule] = f.Summary
	}
	if want := `a\u000ab \u001b[31mred\u202e`; got["custom/loud"] != want {
		t.Errorf("loud: %q, want %q", got["custom/loud"], want)
	}
	if want := `Custom rule "custom/quiet" is not met by environment.e`; got["custom/quiet"] != want {
		t.Errorf("quiet: %q, want %q", got["custom/quiet"], want)
	}
}

// TestCustomRuleDescriptionRefusesHiddenCharacters: --explain prints the
// description as written, so a control character in it is an error.
func TestCustomRuleDescriptionRefusesHiddenCharacters(t *testing.T) {
	src := "policy {\n  rule \"x\" {\n    description = \"ok\\u001b[2J\"\n    condition = true\n    error_message = \"x\"\n  }\n}\n"
	_, _, diags := LoadPolicyFile(writeTemp(t, "policy.hcl", src))
	if !hasDiag(diags, "Invalid description") || !strings.Contains(diags.Error(), "U+001B") {
		t.Errorf("want Invalid description naming U+001B, got %v", diags)
	}
}
