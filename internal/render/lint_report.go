package render

import (
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/lint"
)

// LintReport is everything the lint views need: the result, the sources for
// snippets, the rule catalog and where paths are relative to.
type LintReport struct {
	Result lint.Result
	// Files are the parsed sources by file name, for source snippets.
	Files map[string]*hcl.File
	// Rules are the run's rules (lint.Result.Rules: the catalog and the
	// policies' custom rules; lint.Catalog() when nothing was linted).
	Rules []*lint.Rule
	// ToolVersion is terrarium's version.
	ToolVersion string
	// RepoRoot is the directory paths in SARIF and GitHub output are
	// relative to (the git root, else the working directory). Empty means
	// file names are used as they are.
	RepoRoot string
	// Git is the repository RepoRoot is the top level of, for SARIF's
	// versionControlProvenance; nil outside git.
	Git *GitProvenance
	// Elapsed is how long the lint took (JUnit's time); zero when unknown.
	Elapsed time.Duration
	// Color enables ANSI colour in the text view.
	Color bool
	// Diagnostics are the configuration's (and policy files')
	// diagnostics: why nothing was linted when one is an error. The
	// machine formats carry them; the text view leaves them to stderr.
	Diagnostics hcl.Diagnostics
}

// GitProvenance names the commit a report was made from, as SARIF's
// versionControlDetails does.
type GitProvenance struct {
	// RepositoryURI is the origin remote's URL without credentials; may be
	// empty (a repository with no origin).
	RepositoryURI string
	// Revision is the HEAD commit; Branch its branch, empty when detached.
	Revision, Branch string
}

// InformationURI is terrarium's home page, named in SARIF.
const InformationURI = "https://github.com/anthropics/terrarium"

// repoPath returns name relative to root with forward slashes.
func (r LintReport) repoPath(name string) string {
	if r.RepoRoot == "" || name == "" {
		return filepath.ToSlash(name)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return filepath.ToSlash(name)
	}
	rel, err := filepath.Rel(r.RepoRoot, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(rel)
}

// byFile groups findings by file name, keeping their order.
func byFile(fs []lint.Finding) ([]string, map[string][]lint.Finding) {
	var names []string
	groups := map[string][]lint.Finding{}
	for _, f := range fs {
		n := f.Subject.Filename
		if _, ok := groups[n]; !ok {
			names = append(names, n)
		}
		groups[n] = append(groups[n], f)
	}
	return names, groups
}

// plural writes "1 error" / "2 errors" (every view's counts).
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}

// summaryLine is the one-line count of a result.
func summaryLine(res lint.Result) string {
	n := len(res.Findings)
	var s string
	if n == 0 {
		s = "No problems found"
	} else {
		s = "Found " + plural(n, "problem") + " (" + plural(res.Count(lint.SeverityError), "error") + ", " +
			plural(res.Count(lint.SeverityWarning), "warning") + ", " + plural(res.Count(lint.SeverityNotice), "notice") + ")"
	}
	var extra []string
	if res.Suppressed > 0 {
		extra = append(extra, itoa(res.Suppressed)+" suppressed by ignore comments")
	}
	if res.Baselined > 0 {
		extra = append(extra, itoa(res.Baselined)+" hidden by the baseline")
	}
	if len(extra) > 0 {
		s += "; " + strings.Join(extra, ", ")
	}
	return s + "."
}

func itoa(n int) string { return strconv.Itoa(n) }
