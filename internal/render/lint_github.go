package render

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"terrarium/internal/lint"
)

// LintGitHub writes one GitHub Actions workflow command per finding
// (::error / ::warning / ::notice with file, line, col, endLine, endColumn
// and title), errors first, then the summary line.
func LintGitHub(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	fs := append([]lint.Finding(nil), r.Result.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	for _, f := range fs {
		s := f.Subject
		props := []string{}
		if s.Filename != "" {
			props = append(props,
				"file="+escapeProperty(r.repoPath(s.Filename)),
				fmt.Sprintf("line=%d", s.Start.Line), fmt.Sprintf("col=%d", s.Start.Column),
				fmt.Sprintf("endLine=%d", max(s.End.Line, s.Start.Line)), fmt.Sprintf("endColumn=%d", max(s.End.Column, 1)))
		}
		props = append(props, "title="+escapeProperty(f.Rule+": "+f.Summary))
		msg := f.Summary
		if f.Detail != "" {
			msg += "\n" + f.Detail
		}
		msg += "\nRun `terrarium lint --explain " + f.Rule + "` for details."
		fmt.Fprintf(bw, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
	fmt.Fprintln(bw, summaryLine(r.Result))
	return bw.Flush()
}

func githubLevel(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message as the runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// LintGitHubSummary writes the findings as a markdown table for
// $GITHUB_STEP_SUMMARY.
func LintGitHubSummary(w io.Writer, r LintReport) error {
	if _, err := io.WriteString(w, "## terrarium lint\n\n"); err != nil {
		return err
	}
	return LintMarkdown(w, r)
}

// LintMarkdown writes the summary line and a findings table in markdown,
// for step summaries and PR comments (plan embeds it).
func LintMarkdown(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n\n", summaryLine(r.Result))
	if len(r.Result.Findings) > 0 {
		fmt.Fprintln(bw, "| Severity | Rule | Location | Environment | Finding |")
		fmt.Fprintln(bw, "|---|---|---|---|---|")
		for _, f := range r.Result.Findings {
			loc := ""
			if f.Subject.Filename != "" {
				loc = fmt.Sprintf("`%s:%d:%d`", r.repoPath(f.Subject.Filename), f.Subject.Start.Line, f.Subject.Start.Column)
			}
			env := ""
			if f.Address != "" {
				env = "`" + strings.TrimSuffix(f.Address+" "+f.Path, " ") + "`"
			}
			fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s |\n", f.Severity, f.Rule, mdCell(loc), mdCell(env), mdCell(f.Summary))
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// mdCell makes s safe inside a markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ").Replace(s)
}
