package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/internal/render/escape"
)

// LintFixes writes what lint --fix changed, one line per fix
// ("FILE:LINE: RULE: BEFORE → AFTER"), then a count of fixes and files.
// sources are the files the fixes were made in: in one that holds
// variable values (diag.HoldsValues) the text is not shown, only where.
func LintFixes(w io.Writer, applied []lint.AppliedFix, sources map[string]*hcl.File, files int) error {
	bw := bufio.NewWriter(w)
	for _, a := range applied {
		r := a.Fix.Range
		if diag.HoldsValues(sources[r.Filename]) {
			escape.Fterm(bw, "%s:%d: %s: fixed (the text is not shown, since the file holds variable values)\n", r.Filename, r.Start.Line, a.Rule)
			continue
		}
		after := fixText(a.Fix.Text)
		if a.Fix.Text == "" {
			after = "(deleted)"
		}
		escape.Fterm(bw, "%s:%d: %s: %s → %s\n", r.Filename, r.Start.Line, a.Rule, fixText(a.Fix.Before), after)
	}
	if len(applied) == 0 {
		fmt.Fprintln(bw, "No safe fixes to apply.")
	} else {
		fixes := "1 fix"
		if len(applied) != 1 {
			fixes = itoa(len(applied)) + " fixes"
		}
		fmt.Fprintf(bw, "Applied %s in %s.\n", fixes, plural(files, "file"))
	}
	return bw.Flush()
}

// fixText shows source text on one line: trimmed of spaces and of the
// list separator a deletion takes along, and quoted with escapes
// when it holds anything but printable ASCII (a newline, a bidi control),
// so that what the reader sees is what was written.
func fixText(s string) string {
	s = strings.Trim(s, " \t\r\n,")
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return strconv.QuoteToASCII(s)
		}
	}
	return s
}
