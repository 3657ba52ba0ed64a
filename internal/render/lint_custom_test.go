package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"terrarium/internal/lint"
	"terrarium/schema"
)

// customLintReport lints testdata/lint/custom/main.hcl, whose policy has
// custom rules: one finding each, and a policy-rule-error where a rule
// reads metadata an environment lacks.
func customLintReport(t *testing.T) LintReport { return lintReportOf(t, "testdata/lint/custom") }

// lintReportOf lints dir/main.hcl at a fixed time; the report lists the
// run's rules (the catalog and the policy's custom rules).
func lintReportOf(t *testing.T, dir string) LintReport {
	t.Helper()
	name := dir + "/main.hcl"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := schema.LoadSources([]string{name}, map[string][]byte{name: src}, dir, schema.LoadOptions{Extensions: lint.Blocks()})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res, diags := lint.Run(cfg, lint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	root, _ := filepath.Abs(".")
	return LintReport{Result: res, Files: cfg.Files, Rules: res.Rules, ToolVersion: "0.0.0-test", RepoRoot: root}
}

// TestLintCompactGolden pins the compact view over the shared fixture and
// over custom rules (whose message has a newline to escape).
func TestLintCompactGolden(t *testing.T) {
	for name, r := range map[string]LintReport{"compact": lintReport(t), "compact_custom": customLintReport(t)} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := LintCompact(&b, r); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(b.String(), "\n"); n != len(r.Result.Findings) {
				t.Errorf("%d lines for %d findings", n, len(r.Result.Findings))
			}
			lintGolden(t, name, b.Bytes())
		})
	}
}

// TestLintJSONCustomRules: a report with custom rules matches the JSON
// Schema (custom/NAME rule names included).
func TestLintJSONCustomRules(t *testing.T) {
	var b bytes.Buffer
	if err := LintJSON(&b, customLintReport(t)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"rule": "custom/team_prefix"`) {
		t.Fatalf("no custom rule finding in\n%s", b.String())
	}
	validateJSON(t, "lint.schema.json", b.Bytes())
}

// TestLintCompactDiagnostics: a configuration that did not load is said in
// the compact view too, one line per diagnostic, before any finding.
func TestLintCompactDiagnostics(t *testing.T) {
	r := LintReport{Diagnostics: hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: "Unsupported argument", Detail: "An argument named \"nmae\" is not expected here.",
		Subject: &hcl.Range{Filename: "stacks/a/main.hcl", Start: hcl.Pos{Line: 3, Column: 5}, End: hcl.Pos{Line: 3, Column: 9}},
	}}}
	var b bytes.Buffer
	if err := LintCompact(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "stacks/a/main.hcl:3:5: error: Unsupported argument. An argument named \"nmae\" is not expected here. [invalid-configuration]\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// TestLintSARIFCustomRules: custom rules are SARIF rules like the built-in
// ones (strict validation, as TestLintSARIFValid), with their description
// as help, and their results point at the environment.
func TestLintSARIFCustomRules(t *testing.T) {
	run := sarifRun(t, customLintReport(t))
	if len(run.Tool.Driver.Rules) != len(lint.Catalog())+2 {
		t.Errorf("%d rules in SARIF, want the catalog and 2 custom rules", len(run.Tool.Driver.Rules))
	}
	var custom *sarif.ReportingDescriptor
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ID != nil && *rule.ID == "custom/no-mcp-on-prod" {
			custom = rule
		}
	}
	if custom == nil {
		t.Fatal("custom/no-mcp-on-prod is not among the SARIF rules")
	}
	if *custom.Name != "CustomNoMcpOnProd" || !strings.Contains(*custom.Help.Text, "reaches data an agent should") ||
		*custom.ShortDescription.Text != "Production environments do not allow MCP servers." {
		t.Errorf("custom rule entry: name %q, short %q, help %q", *custom.Name, *custom.ShortDescription.Text, *custom.Help.Text)
	}
	got := map[string]int{}
	for _, res := range run.Results {
		got[*res.RuleID]++
	}
	want := map[string]int{"custom/no-mcp-on-prod": 1, "custom/team_prefix": 1, "policy-rule-error": 1}
	for rule, n := range want {
		if got[rule] != n {
			t.Errorf("%d results of %s, want %d (all: %v)", got[rule], rule, n, got)
		}
	}
}
