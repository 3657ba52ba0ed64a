package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"terrarium/internal/lint"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
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
	Vars          []string
	VarFiles      []string
}

var lintFormats = []string{"text", "json", "sarif", "github", "junit"}

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

Findings can be suppressed with a comment on the line above, at the end of
the line, or above a block:

  # terrarium:ignore RULE[,RULE] reason="..." [expires=YYYY-MM-DD]

Exit status: 0 when no finding is at or above --fail-on, 2 when one is, 1
when the configuration, a policy file or a baseline could not be read.`,
		Example: `  terrarium lint
  terrarium lint examples/insecure --format sarif > lint.sarif
  terrarium lint --policy security/policy.hcl --fail-on warning
  terrarium lint --write-baseline .terrarium-baseline.json
  terrarium lint --baseline .terrarium-baseline.json --format github
  terrarium lint --explain host-internal`,
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
	f.StringArrayVar(&opts.Policies, "policy", nil, "apply the policy block in `FILE` (repeatable; the strictest setting wins)")
	f.StringVar(&opts.Baseline, "baseline", "", "hide the findings listed in baseline `FILE`")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "write every current finding to baseline `FILE` and exit 0")
	f.StringVar(&opts.Explain, "explain", "", "print the documentation of `RULE` and exit")
	f.BoolVar(&opts.ListRules, "list-rules", false, "list every rule with its default severity and exit")
	addVarFlags(cmd, &opts.Vars, &opts.VarFiles)
	completeValues(cmd, "format", lintFormats)
	completeValues(cmd, "fail-on", []string{"error", "warning", "notice", "none"})
	completeValues(cmd, "explain", lint.RuleNames())
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
		return render.LintRuleList(d.IO.Out, lint.Catalog())
	case opts.Explain != "":
		rule := lint.Lookup(opts.Explain)
		if rule == nil {
			return &ExitError{Code: ExitFailure, Err: errors.New(lint.UnknownRuleMessage(opts.Explain))}
		}
		return render.LintExplain(d.IO.Out, rule)
	}
	lopts, err := lintRunOptions(opts)
	if err != nil {
		return err
	}
	cfg, files, policies, err := loadLintInputs(d, opts.Dir, opts.Policies, opts.Vars, opts.VarFiles)
	if err != nil {
		return err
	}
	lopts.Policies = policies
	res, diags := lint.Run(cfg, lopts)
	if err := printDiagnostics(d, files, diags); err != nil {
		return err
	}
	if diags.HasErrors() {
		return errReported
	}
	if opts.WriteBaseline != "" {
		return writeBaseline(d, opts.WriteBaseline, res)
	}
	if err := renderLint(d, opts.Format, render.LintReport{
		Result: res, Files: files, Rules: lint.Catalog(), ToolVersion: version.String(),
		RepoRoot: repoRoot(), Color: d.IO.Color,
	}); err != nil {
		return err
	}
	if res.Failed() {
		return errFound
	}
	return nil
}

// loadLintInputs reads the --policy files and the configuration in dir,
// printing their diagnostics. files holds every source a finding can point
// into: the policy files and the configuration's.
func loadLintInputs(d *Deps, dir string, policyPaths, vars, varFiles []string) (*schema.Config, map[string]*hcl.File, []*lint.Policy, error) {
	files := map[string]*hcl.File{}
	var policies []*lint.Policy
	for _, path := range policyPaths {
		pol, f, diags := lint.LoadPolicyFile(path)
		if f != nil {
			files[path] = f
		}
		if err := printDiagnostics(d, files, diags); err != nil {
			return nil, nil, nil, err
		}
		if diags.HasErrors() {
			return nil, nil, nil, errReported
		}
		policies = append(policies, pol)
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
	if !slices.Contains(lintFormats, opts.Format) {
		return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--format %q is not one of %s", opts.Format, strings.Join(lintFormats, ", "))}
	}
	if opts.FailOn != "" {
		sev, err := lint.ParseSeverity(opts.FailOn, true)
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--fail-on: %w", err)}
		}
		lo.FailOn = sev
	}
	if opts.Baseline != "" {
		f, err := os.Open(opts.Baseline)
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--baseline: %w", err)}
		}
		defer f.Close()
		b, err := lint.ReadBaseline(f)
		if err != nil {
			return lo, &ExitError{Code: ExitFailure, Err: fmt.Errorf("--baseline %s: %w", opts.Baseline, err)}
		}
		lo.Baseline = b
	}
	return lo, nil
}

func renderLint(d *Deps, format string, r render.LintReport) error {
	switch format {
	case "json":
		return render.LintJSON(d.IO.Out, r)
	case "sarif":
		return render.LintSARIF(d.IO.Out, r)
	case "junit":
		return render.LintJUnit(d.IO.Out, r)
	case "github":
		if err := render.LintGitHub(d.IO.Out, r); err != nil {
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
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
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
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--write-baseline: %w", err)}
	}
	if err := lint.WriteBaseline(f, b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	escape.Fterm(d.IO.ErrOut, "Wrote %d findings to baseline %s.\n", len(b.Findings), path)
	return nil
}

// repoRoot is the enclosing git work tree's root, else the working directory.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
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
