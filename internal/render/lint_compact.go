package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
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
// Control and invisible format characters in a message are written as
// \uXXXX so that each line stays one line and a terminal shows what is
// there.
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
	fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", oneLine(name), at.Start.Line, at.Start.Column, severity, oneLine(msg), rule)
}

// oneLine escapes what would break a line or hide text: control
// characters (newlines included) and invisible format characters.
func oneLine(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) < 0 {
		return s
	}
	out, _, _ := visibleSpan(strings.ReplaceAll(s, "\t", `\t`), 0, 0)
	return out
}
