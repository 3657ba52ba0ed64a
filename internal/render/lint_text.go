package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/internal/render/escape"
)

// textStyle holds the colours of the text view; all plain when colour is off.
type textStyle struct {
	file, err, warn, note, rule, dim *color.Color
}

func newTextStyle(on bool) textStyle {
	s := textStyle{
		file: color.New(color.Bold, color.Underline), err: color.New(color.FgRed, color.Bold),
		warn: color.New(color.FgYellow, color.Bold), note: color.New(color.FgCyan),
		rule: color.New(color.Faint), dim: color.New(color.Faint),
	}
	setColor(on, s.file, s.err, s.warn, s.note, s.rule, s.dim)
	return s
}

// mark is the colour of a severity: of its name, and of the underline
// under a finding's span, so that a warning is not underlined as an error.
func (s textStyle) mark(sev lint.Severity) *color.Color {
	switch sev {
	case lint.SeverityError:
		return s.err
	case lint.SeverityWarning:
		return s.warn
	}
	return s.note
}

func (s textStyle) severity(sev lint.Severity) escape.Safe {
	return paint(s.mark(sev), escape.Term("%s", sev))
}

// LintText writes findings grouped by file: each with its position,
// severity, summary and rule, the source line with the span underlined, the
// detail and a hint to --explain; then a summary line.
func LintText(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	st := newTextStyle(r.Color)
	names, groups := byFile(r.Result.Findings)
	for _, name := range names {
		label := escape.Term("%s", name)
		if label == "" {
			label = "(no file)"
		}
		fmt.Fprintln(bw, paint(st.file, label))
		for _, f := range groups[name] {
			writeTextFinding(bw, st, r.Files[name], f)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, summaryLine(r.Result))
	return bw.Flush()
}

func writeTextFinding(w io.Writer, st textStyle, file *hcl.File, f lint.Finding) {
	escape.Fterm(w, "  %d:%d  %s  %s  %s\n", f.Subject.Start.Line, f.Subject.Start.Column, st.severity(f.Severity), f.Summary, paint(st.rule, escape.Term("[%s]", f.Rule)))
	if file != nil && !diag.HoldsValues(file) {
		writeSnippet(w, st, file.Bytes, f)
	}
	if f.Detail != "" {
		fmt.Fprintf(w, "      %s\n", escape.Block(f.Detail))
	}
	if f.Fix != nil {
		escape.Fterm(w, "      %s\n", fixLine(f.Fix))
	}
	if f.Address != "" {
		where := f.Address
		if f.Path != "" {
			where += " " + f.Path
		}
		fmt.Fprintf(w, "      %s\n", paint(st.dim, escape.Term("at %s", where)))
	}
	fmt.Fprintf(w, "      %s\n", paint(st.dim, escape.Term("explain: terrarium lint --explain %s", f.Rule)))
}

// fixLine says what a finding's fix does, and whether lint --fix applies it.
func fixLine(fx *lint.Fix) string {
	if fx.Safe {
		return "fix: " + fx.Description + " (lint --fix applies it)"
	}
	return "suggested fix: " + fx.Description + " (review it; lint --fix leaves it)"
}

// writeSnippet prints the first line of the subject with the span
// underlined. A sensitive span is masked so that a secret is never echoed.
func writeSnippet(w io.Writer, st textStyle, src []byte, f lint.Finding) {
	line, off := sourceLine(src, f.Subject.Start.Line)
	if line == "" {
		return
	}
	// Byte offsets, not columns: a column counts characters, and "ü" or
	// "０" before or inside the span would shift the underline.
	start := f.Subject.Start.Byte - off
	if start < 0 || start > len(line) {
		return
	}
	end := len(line)
	if e := f.Subject.End.Byte - off; f.Subject.End.Line == f.Subject.Start.Line && e <= len(line) && e > start {
		end = e
	}
	if f.Sensitive {
		m := mask(line[start:end])
		line = line[:start] + m + line[end:]
		end = start + len(m)
	}
	line, start, end = excerpt(line, start, end)
	line, start, end = visibleSpan(line, start, end)
	num := fmt.Sprintf("%5d", f.Subject.Start.Line)
	fmt.Fprintf(w, "  %s | %s\n", paint(st.dim, escape.Safe(num)), line)
	pad := strings.Repeat(" ", visualWidth(line[:start]))
	width := max(1, visualWidth(line[start:end]))
	fmt.Fprintf(w, "  %s | %s%s\n", strings.Repeat(" ", len(num)), pad, st.mark(f.Severity).Sprint(strings.Repeat("^", width)))
}

// visibleSpan shows a source line as it is read, not as a terminal would
// draw it: tabs become spaces, and controls, bidi controls and other
// invisible format characters become escapes (escape.Line; the
// bidi-control rule's subject must not reorder the very line that reports
// it). start and end, byte offsets of the underlined span, are moved to
// match.
func visibleSpan(line string, start, end int) (string, int, int) {
	var b strings.Builder
	newStart, newEnd := start, end
	for i := 0; i < len(line); {
		_, n := utf8.DecodeRuneInString(line[i:])
		if i == start {
			newStart = b.Len()
		}
		if i == end {
			newEnd = b.Len()
		}
		if line[i] == '\t' {
			b.WriteByte(' ')
		} else {
			b.WriteString(escape.Line(line[i : i+n]))
		}
		i += n
	}
	if end >= len(line) {
		newEnd = b.Len()
	}
	return b.String(), newStart, newEnd
}

// mask hides a quoted value: the quotes stay, the content becomes asterisks.
func mask(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return "\"" + strings.Repeat("*", 8) + "\""
	}
	return strings.Repeat("*", 8)
}

func visualWidth(s string) int { return utf8.RuneCountInString(s) }

// sourceLine returns line n of src and the byte offset where it starts.
func sourceLine(src []byte, n int) (string, int) {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", 0
		}
		src = src[j+1:]
		off += j + 1
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(string(src), "\r"), off
}

// LintExplain writes a rule's documentation, as --explain prints it.
func LintExplain(w io.Writer, rule *lint.Rule) error {
	_, err := fmt.Fprintf(w, "%s: %s\n\nDefault severity: %s. Tags: %s.\n\n%s\n", rule.Name, rule.Title, rule.Severity, strings.Join(rule.Tags, ", "), rule.Doc)
	return err
}

// LintRuleList writes one line per rule: name, default severity, title.
func LintRuleList(w io.Writer, rules []*lint.Rule) error {
	bw := bufio.NewWriter(w)
	width := 0
	for _, r := range rules {
		width = max(width, len(r.Name))
	}
	for _, r := range rules {
		fmt.Fprintf(bw, "%-*s  %-7s  %s\n", width, r.Name, r.Severity, r.Title)
	}
	return bw.Flush()
}
