package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/lint"
	"terrarium/internal/render/escape"
)

// LintGitHub writes one GitHub Actions workflow command per finding
// (::error / ::warning / ::notice with file, line, col, endLine, endColumn
// and title), errors first, then the summary line.
func LintGitHub(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	fs := append([]lint.Finding(nil), r.Result.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
	for _, line := range githubDiagnostics(r) {
		fmt.Fprintln(bw, line)
	}
	for _, f := range fs {
		props := githubPosition(r, f.Subject)
		props = append(props, "title="+escapeProperty(f.Rule+": "+f.Summary))
		msg := escape.Block(f.Summary)
		if f.Detail != "" {
			msg += "\n" + escape.Block(f.Detail)
		}
		msg += "\nRun `terrarium lint --explain " + escape.Line(f.Rule) + "` for details."
		fmt.Fprintf(bw, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
	if r.Diagnostics.HasErrors() {
		fmt.Fprintln(bw, notLoadedLine)
	} else {
		fmt.Fprintln(bw, summaryLine(r.Result))
	}
	return bw.Flush()
}

// githubPosition is the file, line and column properties of rng; none
// when it names no file.
func githubPosition(r LintReport, s hcl.Range) []string {
	if s.Filename == "" {
		return []string{}
	}
	return []string{
		"file=" + escapeProperty(r.repoPath(s.Filename)),
		fmt.Sprintf("line=%d", s.Start.Line), fmt.Sprintf("col=%d", s.Start.Column),
		fmt.Sprintf("endLine=%d", max(s.End.Line, s.Start.Line)), fmt.Sprintf("endColumn=%d", max(s.End.Column, 1)),
	}
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
func escapeData(s string) string { return escape.GitHubData(s) }

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string { return escape.GitHubProperty(s) }

// StepSummaryLimit bounds what lint writes to $GITHUB_STEP_SUMMARY: GitHub
// refuses a step's whole summary above 1 MiB, so a long table is cut, with
// room to spare for what other commands of the step append.
const StepSummaryLimit = 512 << 10

// LintGitHubSummary writes the findings as a markdown table for
// $GITHUB_STEP_SUMMARY, cut to StepSummaryLimit bytes at a row boundary.
func LintGitHubSummary(w io.Writer, r LintReport) error {
	var b bytes.Buffer
	b.WriteString("## terrarium lint\n\n")
	if err := LintMarkdown(&b, r); err != nil {
		return err
	}
	out := b.Bytes()
	if len(out) > StepSummaryLimit {
		cut := bytes.LastIndexByte(out[:StepSummaryLimit], '\n') + 1
		shown := bytes.Count(out[:cut], []byte("\n| ")) - 1 // rows, less the header
		out = append(out[:cut:cut], fmt.Sprintf("\n%d more findings are not shown here (GitHub limits the job summary); the job log and the SARIF upload have them all.\n",
			len(r.Result.Findings)-shown)...)
	}
	_, err := w.Write(out)
	return err
}

// LintMarkdown writes the summary line and a findings table in markdown,
// errors first, for step summaries and PR comments (plan embeds it).
func LintMarkdown(w io.Writer, r LintReport) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n\n", summaryLine(r.Result))
	if len(r.Result.Findings) > 0 {
		fmt.Fprintln(bw, "| Severity | Rule | Location | Environment | Finding |")
		fmt.Fprintln(bw, "|---|---|---|---|---|")
		// Errors first, as in the annotations: a table cut to fit keeps them.
		fs := append([]lint.Finding(nil), r.Result.Findings...)
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity > fs[j].Severity })
		for _, f := range fs {
			loc := escape.Code("")
			if f.Subject.Filename != "" {
				loc = escape.Code(fmt.Sprintf("%s:%d:%d", r.repoPath(f.Subject.Filename), f.Subject.Start.Line, f.Subject.Start.Column))
			}
			env := escape.Code("")
			if f.Address != "" {
				env = escape.Code(strings.TrimSuffix(f.Address+" "+f.Path, " "))
			}
			bw.WriteString(string(escape.MD("| %s | %s | %s | %s | %s |\n", f.Severity, escape.Code(f.Rule), mdOptional(loc), mdOptional(env), f.Summary)))
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// mdOptional is inline code, or nothing for an empty value.
func mdOptional(c escape.Code) escape.Safe {
	if c == "" {
		return ""
	}
	return escape.Safe(escape.MDCode(string(c)))
}
