package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"terrarium/internal/atomicfile"
	"terrarium/internal/lint"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
	"terrarium/internal/version"
	"terrarium/schema"
)

// LintOptions are the inputs of lint.
type LintOptions struct {
	Deps          *Deps
	Dir           string
	Format        string
	FailOn        string
	Policies      []string
	Baseline      string
	WriteBaseline string
	Explain       string
	ListRules     bool
	Fix           bool
	Vars          []string
	VarFiles      []string
	// MinFailure is --minimum-failure-severity, tflint's name for --fail-on.
	MinFailure   string
	Only         []string
	EnableRules  []string
	DisableRules []string
	Recursive    bool
}

var lintFormats = []string{"text", "json", "sarif", "github", "junit", "compact"}

// NewCmdLint checks a configuration against the least-privilege and
// hygiene rules.
func NewCmdLint(d *Deps) *cobra.Command {
	opts := &LintOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Check environments for least-privilege networking and hygiene",
		Long: `Lint the configuration in DIR (default: the current directory): unrestricted or
implicit networking, non-HTTPS, malformed or internal hosts, unpinned or
malformed packages, secrets, policy violations and more. Every rule has a
stable name; 'terrarium lint --list-rules' lists them and '--explain RULE'
documents one.

A policy (the policy block, or a file given with --policy) can hold custom
rules, rule "NAME" blocks with a condition over each environment; they run
as custom/NAME like the built-in rules.

--only RULE runs just the rules named (repeatable); --enable-rule and
--disable-rule turn rules on and off over the lint block. --recursive lints
every configuration directory below DIR as one report.

Findings can be suppressed with a comment on the line above, at the end of
the line, or above a block:

  # terrarium:ignore RULE[,RULE] reason="..." [expires=YYYY-MM-DD]

--fix applies the fixes that rules mark safe (such as writing "https://" in
place of "http://"), rewriting each file atomically, reports each change
on stderr, and lints again: the findings and the exit status are those of
the fixed configuration.

Exit status: 0 when no finding is at or above --fail-on, 2 when one is, 1
when the configuration, a policy file or a baseline could not be read.`,
		Example: `  terrarium lint
  terrarium lint examples/insecure --format sarif > lint.sarif
  terrarium lint --policy security/policy.hcl --fail-on warning
  terrarium lint --write-baseline .terrarium-baseline.json
  terrarium lint --baseline .terrarium-baseline.json --format github
  terrarium lint --fix
  terrarium lint --explain host-internal
  terrarium lint --policy examples/policies/production.hcl --explain custom/prod-no-mcp
  terrarium lint --recursive stacks --format compact
  terrarium lint --only custom/owner-required --only host-not-https`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runLint(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: "+strings.Join(lintFormats, ", "))
	f.StringVar(&opts.FailOn, "fail-on", "", "exit 2 when a finding is at or above `LEVEL`: error, warning, notice or none (default: the lint block's fail_on, else error)")
	f.StringVar(&opts.MinFailure, "minimum-failure-severity", "", "tflint's name for --fail-on: exit 2 when a finding is at or above `LEVEL`")
	f.StringArrayVar(&opts.Only, "only", nil, "run only `RULE` (repeatable)")
	f.StringArrayVar(&opts.EnableRules, "enable-rule", nil, "run `RULE` even when the lint block disables it (repeatable)")
	f.StringArrayVar(&opts.DisableRules, "disable-rule", nil, "do not run `RULE` (repeatable)")
	f.BoolVar(&opts.Recursive, "recursive", false, "lint every configuration directory below DIR, as one report")
	f.StringArrayVar(&opts.Policies, "policy", nil, "apply the policy block in `FILE` (repeatable; the strictest setting wins)")
	f.StringVar(&opts.Baseline, "baseline", "", "hide the findings listed in baseline `FILE`")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "write every current finding to baseline `FILE` and exit 0")
	f.StringVar(&opts.Explain, "explain", "", "print the documentation of `RULE` and exit")
	f.BoolVar(&opts.ListRules, "list-rules", false, "list every rule with its default severity and exit")
	f.BoolVar(&opts.Fix, "fix", false, "apply the safe fixes to the files, report them on stderr, and lint the result")
	addVarFlags(cmd, &opts.Vars, &opts.VarFiles)
	completeValues(cmd, "format", lintFormats)
	for _, flag := range []string{"fail-on", "minimum-failure-severity"} {
		completeValues(cmd, flag, []string{"error", "warning", "notice", "none"})
	}
	for _, flag := range []string{"explain", "only", "enable-rule", "disable-rule"} {
		completeValues(cmd, flag, lint.RuleNames())
	}
	return cmd
}

// completeValues makes shell completion offer values for a flag.
func completeValues(cmd *cobra.Command, flag string, values []string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

func runLint(opts *LintOptions) error {
	d := opts.Deps
	switch {
	case opts.ListRules:
		return listLintRules(opts)
	case opts.Explain != "":
		return explainLintRule(opts)
	}
	if write := lintMachineFormats[opts.Format]; write != nil {
		// Whatever fails from here, stdout gets a document of the format.
		d.view = &machineView{failed: func(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error {
			return write(w, newLintReport(lint.Result{}, files, diags))
		}}
	}
	lopts, err := lintRunOptions(opts)
	if err != nil {
		return err
	}
	var res lint.Result
	var files map[string]*hcl.File
	failed := false
	start := time.Now()
	if opts.Recursive {
		res, files, failed, err = lintRecursive(d, opts, lopts)
	} else {
		res, files, err = lintDir(d, opts, lopts, opts.Dir)
		failed = res.Failed()
	}
	if err != nil {
		return err
	}
	if opts.WriteBaseline != "" {
		return writeBaseline(d, opts.WriteBaseline, res)
	}
	r := newLintReport(res, files, nil)
	r.Color, r.Elapsed = d.IO.Color, time.Since(start)
	if v := d.view; v != nil {
		r.Diagnostics, v.written = v.diags, true
	}
	if err := renderLint(d, opts.Format, r); err != nil {
		return err
	}
	if failed {
		return errFound
	}
	return nil
}

// lintDir lints the configuration in dir (with --fix, fixes and lints it
// again) and returns the result with every source a finding can point into.
func lintDir(d *Deps, opts *LintOptions, lopts lint.Options, dir string) (lint.Result, map[string]*hcl.File, error) {
	cfg, files, policies, err := loadLintInputs(d, dir, opts.Policies, opts.Vars, opts.VarFiles)
	if err != nil {
		return lint.Result{}, nil, err
	}
	lopts.Policies = policies
	res, err := runLintOnce(d, cfg, files, lopts)
	if err != nil || !opts.Fix {
		return res, files, err
	}
	return fixAndRelint(d, opts, lopts, dir, files, res)
}

// runLintOnce lints cfg and prints the diagnostics that stop linting.
func runLintOnce(d *Deps, cfg *schema.Config, files map[string]*hcl.File, lopts lint.Options) (lint.Result, error) {
	res, diags := lint.Run(cfg, lopts)
	if err := printDiagnostics(d, files, diags); err != nil {
		return res, err
	}
	if diags.HasErrors() {
		return res, errReported
	}
	return res, nil
}

// maxFixRounds bounds lint --fix: one fix can make another possible (an
// http:// entry written https:// duplicates an earlier one), so it lints
// and fixes again until nothing is left to fix, at most this many times.
const maxFixRounds = 10

// fixAndRelint applies the safe fixes of res, says on stderr what changed
// (also when a later step fails, so that no change goes unreported), and
// lints the fixed configuration again, until no safe fix is left.
func fixAndRelint(d *Deps, opts *LintOptions, lopts lint.Options, dir string, files map[string]*hcl.File, res lint.Result) (lint.Result, map[string]*hcl.File, error) {
	var applied []lint.AppliedFix
	changedFiles := map[string]bool{}
	var err error
	for round := 0; round < maxFixRounds && err == nil; round++ {
		sources := fixableSources(dir, files)
		changed, done := lint.ApplyFixes(sources, res.Findings)
		if len(changed) == 0 {
			break
		}
		for _, name := range slices.Sorted(maps.Keys(changed)) {
			if werr := writeFixedFile(name, sources[name], changed[name]); werr != nil {
				err = &ExitError{Code: ExitFailure, Err: fmt.Errorf("--fix: %w", werr)}
				break
			}
			changedFiles[name] = true
			for _, a := range done {
				if a.Fix.Range.Filename == name {
					applied = append(applied, a)
				}
			}
		}
		if err != nil {
			break
		}
		var cfg *schema.Config
		var policies []*lint.Policy
		if cfg, files, policies, err = loadLintInputs(d, dir, opts.Policies, opts.Vars, opts.VarFiles); err == nil {
			lopts.Policies = policies
			res, err = runLintOnce(d, cfg, files, lopts)
		}
	}
	if rerr := render.LintFixes(d.IO.ErrOut, applied, files, len(changedFiles)); err == nil {
		err = rerr
	}
	return res, files, err
}

// fixableSources are the sources --fix may rewrite: the files that lie,
// links resolved, inside the configuration directory dir. A --var-file or
// --policy named from elsewhere is linted but never written.
func fixableSources(dir string, files map[string]*hcl.File) map[string][]byte {
	sources := make(map[string][]byte, len(files))
	for name, f := range files {
		if path, err := filepath.EvalSymlinks(name); err == nil && safefile.Inside(dir, path) {
			sources[name] = f.Bytes
		}
	}
	return sources
}

// writeFixedFile replaces a fixed file through the atomic writer, keeping
// its mode. A symbolic link keeps pointing where it did: the file it
// resolves to is written. A file that changed on disk since it was read is
// left alone.
func writeFixedFile(name string, was, data []byte) error {
	path, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	// Read as every file terrarium opens: a regular file, never waiting
	// on a FIFO swapped in since lint read it.
	now, err := safefile.ReadNamed(path, safefile.Limits{})
	if err != nil {
		return err
	}
	if !bytes.Equal(now, was) {
		return fmt.Errorf("%s changed while lint ran; nothing was written to it. Run lint --fix again", escape.Line(name))
	}
	return atomicfile.Replace(path, data, 0o644)
}

// loadLintInputs reads the --policy files and the configuration in dir,
// printing their diagnostics. files holds every source a finding can point
// into: the policy files and the configuration's.
func loadLintInputs(d *Deps, dir string, policyPaths, vars, varFiles []string) (*schema.Config, map[string]*hcl.File, []*lint.Policy, error) {
	policies, files, diags := lint.LoadPolicyFiles(policyPaths)
	if err := printDiagnostics(d, files, diags); err != nil {
		return nil, nil, nil, err
	}
	if diags.HasErrors() {
		return nil, nil, nil, errReported
	}
	cfg, err := loadConfig(d, dir, vars, varFiles, lint.Blocks())
	if err != nil {
		return nil, nil, nil, err
	}
	for name, f := range cfg.Files {
		files[name] = f
	}
	return cfg, files, policies, nil
}

// lintRunOptions checks the flags and reads the baseline.
func lintRunOptions(opts *LintOptions) (lint.Options, error) {
	var lo lint.Options
	if opts.Fix && opts.WriteBaseline != "" {
		return lo, &ExitError{Code: ExitFailure, Err: errors.New("--fix and --write-baseline do not go together: fix first, then write the baseline of what is left")}
	}
	if opts.WriteBaseline != "" {
		// Refused before linting, as lint.WriteBaseline would refuse it.
		if err := atomicfile.CheckOwn(opts.WriteBaseline, lint.IsBaselineFile); err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: err}
		}
	}
	if !slices.Contains(lintFormats, opts.Format) {
		return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--format %q is not one of %s", opts.Format, strings.Join(lintFormats, ", "))}
	}
	failOn, flag := opts.FailOn, "--fail-on"
	if opts.MinFailure != "" {
		if failOn != "" && !strings.EqualFold(failOn, opts.MinFailure) {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--fail-on %s and --minimum-failure-severity %s disagree; they are the same setting, give one", failOn, opts.MinFailure)}
		}
		failOn, flag = opts.MinFailure, "--minimum-failure-severity"
	}
	if failOn != "" {
		sev, err := lint.ParseSeverity(failOn, true)
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s: %w", flag, err)}
		}
		lo.FailOn = sev
	}
	lo.Only, lo.EnableRules, lo.DisableRules = opts.Only, opts.EnableRules, opts.DisableRules
	if opts.Baseline != "" {
		src, err := readNamed(opts.Baseline)
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--baseline: %w", err)}
		}
		b, err := lint.ReadBaseline(bytes.NewReader(src))
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--baseline %s: %w", opts.Baseline, err)}
		}
		lo.Baseline = b
	}
	return lo, nil
}

// lintMachineFormats are the formats whose document always goes to
// stdout, load errors included.
var lintMachineFormats = map[string]func(io.Writer, render.LintReport) error{
	"json": render.LintJSON, "sarif": render.LintSARIF, "junit": render.LintJUnit, "github": render.LintGitHub,
	"compact": render.LintCompact,
}

// newLintReport is the report of res; diags are the diagnostics a machine
// format carries (the text view has printed them already).
func newLintReport(res lint.Result, files map[string]*hcl.File, diags hcl.Diagnostics) render.LintReport {
	rules := res.Rules // the catalog and the policies' custom rules
	if rules == nil {
		rules = lint.Catalog() // nothing was linted
	}
	return render.LintReport{Result: res, Files: files, Rules: rules, ToolVersion: version.String(),
		RepoRoot: repoRoot(res.Dir), Diagnostics: diags}
}

// gitProvenance is the commit the repository at root is at, nil outside
// git (or without git installed).
func gitProvenance(root string) *render.GitProvenance {
	g := state.Git(context.Background(), root)
	if g.Commit == "" {
		return nil
	}
	return &render.GitProvenance{RepositoryURI: state.GitOrigin(context.Background(), root), Revision: g.Commit, Branch: g.Branch}
}

func renderLint(d *Deps, format string, r render.LintReport) error {
	if format == "sarif" {
		r.Git = gitProvenance(r.RepoRoot) // only SARIF carries it: spare the other views git's time
	}
	if write := lintMachineFormats[format]; write != nil {
		if err := write(d.IO.Out, r); err != nil || format != "github" {
			return err
		}
		return appendLintStepSummary(d, r)
	}
	if err := render.LintText(d.IO.Out, r); err != nil {
		return err
	}
	return appendLintStepSummary(d, r)
}

// appendLintStepSummary adds the findings table to $GITHUB_STEP_SUMMARY.
// The human formats (text, github) write it; the machine formats do not, so
// a workflow that also runs lint for SARIF gets one table, not two.
func appendLintStepSummary(d *Deps, r render.LintReport) error {
	return appendStepSummary(d, func(w io.Writer) error { return render.LintGitHubSummary(w, r) })
}

// appendStepSummary appends what write writes to the file named by
// $GITHUB_STEP_SUMMARY; outside GitHub Actions (no such variable) it does
// nothing.
func appendStepSummary(d *Deps, write func(io.Writer) error) error {
	path := d.Getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := safefile.OpenAppend(path, 0o644)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)}
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeBaseline(d *Deps, path string, res lint.Result) error {
	b := lint.NewBaseline(res)
	if err := lint.SaveBaseline(path, b); err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--write-baseline: %w", err)}
	}
	escape.Fterm(d.IO.ErrOut, "Wrote %d findings to baseline %s.\n", len(b.Findings), path)
	return nil
}

// repoRoot is the top level of the git work tree holding the configuration
// directory dir (the working directory when dir is empty), else the
// working directory: paths in SARIF, github and junit are relative to it
// whatever directory terrarium runs from.
func repoRoot(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	start := wd
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			start = abs
		}
	}
	for dir := start; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}
