package render

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
)

// The machine formats of lint never go silent: when the configuration (or
// a policy file) does not load, LintReport.Diagnostics holds why, and each
// format says it in its own terms, with file, line and column, so that the
// reviewer sees it at the broken line (GitHub annotations, code scanning,
// a failed JUnit case) rather than a second, misleading error.

// LoadErrorRule is the SARIF rule id of a diagnostic (a configuration
// that does not load); it is not a lint rule, so --explain does not know it.
const LoadErrorRule = "invalid-configuration"

// notLoadedLine ends a view of a run whose configuration did not load.
const notLoadedLine = "The configuration did not load, so nothing was linted; fix the errors above (terrarium validate lists them)."

// diagSeverity is the lint severity a diagnostic is shown with.
func diagSeverity(d *hcl.Diagnostic) lint.Severity {
	if d.Severity == hcl.DiagWarning {
		return lint.SeverityWarning
	}
	return lint.SeverityError
}

// diagMessage is a diagnostic's summary and detail as one text, with the
// address it is about when it has one.
func diagMessage(d *hcl.Diagnostic) string {
	msg := d.Summary
	if a := diag.Address(d); a != "" {
		msg += " (" + a + ")"
	}
	if d.Detail != "" {
		msg += ". " + d.Detail
	}
	return msg
}

// diagRange is d's subject, or the zero range.
func diagRange(d *hcl.Diagnostic) hcl.Range {
	if d.Subject == nil {
		return hcl.Range{}
	}
	return *d.Subject
}

// sarifDiagnostics adds r's diagnostics to run as tflint does, as tool
// execution notifications of an invocation that did not succeed when one
// is an error, and as results of the LoadErrorRule, which code scanning
// shows at their lines.
func sarifDiagnostics(r LintReport, run *sarif.Run) {
	inv := sarif.NewInvocation().WithExecutionSuccessful(!r.Diagnostics.HasErrors())
	run.AddInvocation(inv)
	if len(r.Diagnostics) == 0 {
		return
	}
	const full = "terrarium could not read, parse or evaluate the configuration (or a policy file), so it was not linted. Fix the error at the location given; terrarium validate shows every such error."
	run.Tool.Driver.AddRule(sarif.NewRule(LoadErrorRule).
		WithName(sarifRuleName(LoadErrorRule)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText("The configuration does not load")).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full)).
		// GitHub code scanning requires help on every rule (GH2012).
		WithHelp(sarif.NewMultiformatMessageString().WithText(full).
			WithMarkdown("terrarium could not read, parse or evaluate the configuration (or a policy file), so it was not linted.\n\nFix the error at the location given; `terrarium validate` shows every such error.")).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarif.LevelError)))
	for _, d := range SortDiagnostics(r.Diagnostics) {
		level := sarifLevel(diagSeverity(d))
		msg := sarif.NewTextMessage(diagMessage(d))
		note := sarif.NewNotification().WithLevel(level).WithMessage(msg)
		res := run.CreateResultForRule(LoadErrorRule).WithLevel(level).WithMessage(msg)
		if loc := sarifLocation(r, diagRange(d)); loc != nil {
			note.WithLocations([]*sarif.Location{loc})
			res.WithLocations([]*sarif.Location{loc})
		}
		inv.AddToolExecutionNotification(note)
	}
}

// githubDiagnostics writes a workflow command per diagnostic.
func githubDiagnostics(r LintReport) []string {
	var out []string
	for _, d := range SortDiagnostics(r.Diagnostics) {
		props := githubPosition(r, diagRange(d))
		props = append(props, "title="+escapeProperty(d.Summary))
		out = append(out, fmt.Sprintf("::%s %s::%s", githubLevel(diagSeverity(d)), strings.Join(props, ","), escapeData(diagMessage(d))))
	}
	return out
}

// junitDiagnostics is a failed test case per error diagnostic (a warning
// does not fail the build), in a suite per file.
func junitDiagnostics(r LintReport) []junitSuite {
	var suites []junitSuite
	index := map[string]int{}
	for _, d := range SortDiagnostics(r.Diagnostics) {
		if d.Severity != hcl.DiagError {
			continue
		}
		rng := diagRange(d)
		path := r.repoPath(rng.Filename)
		name := path
		if name == "" {
			name = "terrarium lint"
		}
		i, ok := index[name]
		if !ok {
			i = len(suites)
			index[name] = i
			suites = append(suites, junitSuite{Name: name})
		}
		text := diagMessage(d)
		if path != "" {
			text = fmt.Sprintf("%s:%d:%d: %s", path, rng.Start.Line, rng.Start.Column, text)
		}
		s := &suites[i]
		s.Cases = append(s.Cases, junitCase{Name: LoadErrorRule, Classname: name, File: path, Line: rng.Start.Line,
			Error: &junitFailure{Message: d.Summary, Type: "error", Text: text}})
		s.Tests, s.Errors = len(s.Cases), len(s.Cases)
	}
	return suites
}
