package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// LintCompact writes one line per finding, the format of compilers, grep
// and editors' quickfix lists:
//
//	FILE:LINE:COL: SEVERITY: MESSAGE [RULE]
//
// FILE is as the configuration named it (relative to the working directory
// when DIR was); a finding without a file has "(no file):0:0". Nothing else
// is written: no summary, no colour. Control and invisible format
// characters in the message are written as \uXXXX so that each finding
// stays on its line and a terminal shows what is there.
func LintCompact(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Result.Findings {
		name := f.Subject.Filename
		if name == "" {
			name = "(no file)"
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s [%s]\n", oneLine(name), f.Subject.Start.Line, f.Subject.Start.Column,
			f.Severity, oneLine(f.Summary), f.Rule)
	}
	return bw.Flush()
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
