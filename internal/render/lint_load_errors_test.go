package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/schema"
)

// notLoadedReport is the report of a configuration that does not load:
// no result, only its diagnostics, one of them about an address with no
// source range.
func notLoadedReport(t *testing.T) LintReport {
	t.Helper()
	src := []byte("environment \"x\" {\n  nme = 1\n}\n")
	cfg, diags := schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": src}, ".", schema.LoadOptions{Extensions: lint.Blocks()})
	if !diags.HasErrors() {
		t.Fatal("the fixture loads")
	}
	diags = append(diags, diag.Error("environment.x", "Addressed", "About x."))
	return LintReport{Files: cfg.Files, Rules: lint.Catalog(), ToolVersion: "1.2.3", Diagnostics: diags}
}

func TestLintSARIFLoadErrors(t *testing.T) {
	run := sarifRun(t, notLoadedReport(t))
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful {
		t.Error("executionSuccessful is not false")
	}
	if len(inv.ToolExecutionNotifications) != 3 || len(run.Results) != 3 {
		t.Fatalf("%d notifications and %d results, want 3 of each", len(inv.ToolExecutionNotifications), len(run.Results))
	}
	var lines []int
	for _, res := range run.Results {
		if *res.RuleID != LoadErrorRule || res.Level != "error" {
			t.Errorf("result %s at %s", *res.RuleID, res.Level)
		}
		if len(res.Locations) == 0 {
			if !strings.Contains(*res.Message.Text, "environment.x") {
				t.Errorf("a result without a location does not name its address: %s", *res.Message.Text)
			}
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if *loc.ArtifactLocation.URI != "main.hcl" {
			t.Errorf("uri %s", *loc.ArtifactLocation.URI)
		}
		lines = append(lines, *loc.Region.StartLine*100+*loc.Region.StartColumn)
	}
	if len(lines) != 2 || lines[0] != 101 || lines[1] != 203 {
		t.Errorf("line*100+column of the results = %v, want [101 203]", lines)
	}
	if *run.Tool.Driver.Rules[len(run.Tool.Driver.Rules)-1].ID != LoadErrorRule {
		t.Error("the load error rule is not described")
	}
}

func TestLintJSONLoadErrors(t *testing.T) {
	var b bytes.Buffer
	if err := LintJSON(&b, notLoadedReport(t)); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, "lint.schema.json", b.Bytes())
	var r LintJSONReport
	if err := json.Unmarshal(b.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Summary.Failed || len(r.Findings) != 0 || len(r.Diagnostics) != 3 {
		t.Fatalf("summary %+v, %d findings, %d diagnostics", r.Summary, len(r.Findings), len(r.Diagnostics))
	}
	if d := r.Diagnostics[0]; d.Address != "environment.x" || d.Range != nil {
		t.Errorf("first diagnostic %+v, want the addressed one", d)
	}
	if d := r.Diagnostics[2]; d.Range == nil || d.Range.Filename != "main.hcl" || d.Range.Start.Line != 2 || d.Range.Start.Column != 3 {
		t.Errorf("last diagnostic %+v, want main.hcl:2:3", d)
	}
}

func TestLintJUnitLoadErrors(t *testing.T) {
	var b bytes.Buffer
	if err := LintJUnit(&b, notLoadedReport(t)); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Errors != 3 || doc.Failures != 0 || doc.Tests != 3 {
		t.Fatalf("%d tests, %d errors, %d failures, want 3 errors: a configuration that does not load is not a failed check", doc.Tests, doc.Errors, doc.Failures)
	}
	var got []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			got = append(got, s.Name+":"+c.File+":"+itoa(c.Line))
		}
	}
	if strings.Join(got, " ") != "terrarium lint::0 main.hcl:main.hcl:1 main.hcl:main.hcl:2" {
		t.Errorf("cases %v", got)
	}
}

func TestLintGitHubLoadErrors(t *testing.T) {
	var b bytes.Buffer
	if err := LintGitHub(&b, notLoadedReport(t)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	if !strings.HasPrefix(lines[0], "::error title=Addressed::Addressed (environment.x)") ||
		!strings.HasPrefix(lines[2], "::error file=main.hcl,line=2,col=3,endLine=2,endColumn=6,title=Unsupported argument::") ||
		lines[3] != notLoadedLine {
		t.Errorf("got:\n%s", b.String())
	}
}

// A warning alone does not fail any format.
func TestLintWarningDiagnostic(t *testing.T) {
	r := LintReport{Rules: lint.Catalog(), Diagnostics: hcl.Diagnostics{diag.Warning("", "Deprecated", "Old.")}}
	var b bytes.Buffer
	if err := LintJUnit(&b, r); err != nil || strings.Contains(b.String(), "<failure") {
		t.Errorf("junit: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := LintSARIF(&b, r); err != nil || !strings.Contains(b.String(), `"executionSuccessful": true`) {
		t.Errorf("sarif: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := LintGitHub(&b, r); err != nil || !strings.HasPrefix(b.String(), "::warning title=Deprecated::") {
		t.Errorf("github: %v\n%s", err, b.String())
	}
}
