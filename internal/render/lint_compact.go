package render

import (
	"bufio"
	"io"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/render/escape"
)

// LintCompact writes one line per finding, the format of compilers, grep
// and editors' quickfix lists:
//
//	FILE:LINE:COL: SEVERITY: MESSAGE [RULE]
//
// FILE is as the configuration named it (relative to the working directory
// when DIR was); a finding without a file has "(no file):0:0". The
// diagnostics of a configuration that did not load come first, as lines of
// the rule LoadErrorRule. Nothing else is written: no summary, no colour.
// Every value goes through escape.Line, so each line stays one line and a
// terminal shows what is there.
func LintCompact(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	for _, d := range SortDiagnostics(r.Diagnostics) {
		compactLine(bw, diagRange(d), diagSeverity(d).String(), diagMessage(d), LoadErrorRule)
	}
	for _, f := range r.Result.Findings {
		compactLine(bw, f.Subject, f.Severity.String(), f.Summary, f.Rule)
	}
	return bw.Flush()
}

func compactLine(w io.Writer, at hcl.Range, severity, msg, rule string) {
	name := at.Filename
	if name == "" {
		name = "(no file)"
	}
	escape.Fterm(w, "%s:%d:%d: %s: %s [%s]\n", name, at.Start.Line, at.Start.Column, severity, msg, rule)
}
