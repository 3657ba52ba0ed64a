package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/internal/atomicfile"
	"terrarium/internal/plan"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
)

// PlanOptions are the inputs of terrarium plan.
type PlanOptions struct {
	Deps             *Deps
	Dir              string
	Out              string
	DetailedExitcode bool
	JSON             bool
	Format           string
	In               planInputs
}

var planFormats = []string{"text", "json", "markdown"}

// NewCmdPlan shows what apply would change.
func NewCmdPlan(d *Deps) *cobra.Command {
	opts := &PlanOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "plan [DIR]",
		Short: "Show what apply would change, egress first",
		Long: `Plan refreshes every live environment in one paged list, compares them with
the configuration and the state log, and shows what apply would do: first
the egress delta (network reach widened or narrowed), then what changed
outside terrarium, lint findings, and each change field by field.

Exit codes: 0 success; 1 error; with --detailed-exitcode, 0 no changes and
2 changes present.`,
		Example: `  terrarium plan --emulator examples/quickstart
  terrarium plan --out plan.tfplan --detailed-exitcode
  terrarium plan --format markdown > comment.md
  terrarium plan --target environment.api --destroy`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runPlan(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Out, "out", "", "write the plan to `FILE` for apply")
	f.BoolVar(&opts.DetailedExitcode, "detailed-exitcode", false, "exit 2 when the plan has changes, 0 when it has none")
	f.BoolVar(&opts.JSON, "json", false, "print the plan as JSON (same as --format json)")
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json or markdown")
	addPlanInputFlags(cmd, &opts.In)
	return cmd
}

// addPlanInputFlags adds the flags plan and apply share.
func addPlanInputFlags(cmd *cobra.Command, in *planInputs) {
	f := cmd.Flags()
	f.StringArrayVar(&in.Vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&in.VarFiles, "var-file", nil, "read variables from `FILE` (repeatable)")
	f.StringArrayVar(&in.Targets, "target", nil, "plan only `ADDRESS` (repeatable)")
	f.StringArrayVar(&in.Excludes, "exclude", nil, "leave `ADDRESS` out of the plan: -target's inverse (repeatable)")
	f.StringArrayVar(&in.Replace, "replace", nil, "replace `ADDRESS` even if it could be updated in place (repeatable)")
	f.Var(lockFlag{&in.NoLock}, "lock", "hold the state lock; --lock=false is refused (the state log's hash chain needs it)")
	f.Lookup("lock").NoOptDefVal = "true"
	f.BoolVar(&in.CompactWarnings, "compact-warnings", false, "show warnings as one line each (errors stay in full)")
	f.BoolVar(&in.RefreshOnly, "refresh-only", false, "accept changes made outside terrarium into the state log; change nothing live")
	f.BoolVar(&in.Destroy, "destroy", false, "plan to archive or delete every environment of the stack")
	f.DurationVar(&in.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the state lock")
	f.StringArrayVar(&in.Policies, "policy", nil, "lint with the policy block in `FILE` too (repeatable)")
	f.BoolVar(&in.AllowDestroyAll, "allow-destroy-all", false, "allow a plan that archives or deletes every managed environment of the stack, or more than max_destroy")
	f.StringVar(&in.AntLock, "ant-lock", "", "read ant apply's lock from `PATH` instead of the claude-lock.json found walking up to the git root")
}

func runPlan(cmd *cobra.Command, opts *PlanOptions) error {
	d := opts.Deps
	format, err := planFormat(opts.JSON, opts.Format)
	if err != nil {
		return err
	}
	if format == "json" {
		useJSONDocument(d)
	}
	d.Globals.progressJSON = format == "json"
	if opts.Out != "" {
		// Refused before the plan is made, as plan.Save would refuse it.
		if err := atomicfile.CheckOwn(opts.Out, plan.IsPlanFile); err != nil {
			return &ExitError{Code: ExitFailure, Err: err}
		}
	}
	pl, err := buildPlan(cmd.Context(), d, opts.Dir, opts.In)
	if err != nil {
		return err
	}
	defer pl.Close()
	if len(pl.Settled) > 0 {
		fmt.Fprintln(d.IO.ErrOut, "terrarium: plan records nothing: the next apply (or terrarium state refresh) records these outcomes in the state log")
	}
	p := pl.Plan
	if pl.Guard != nil && format == "json" {
		// The refusal is the document: a --json document is never
		// followed by an error it cannot carry.
		return &ExitError{Code: ExitFailure, Err: pl.Guard}
	}
	if opts.Out != "" && pl.Guard == nil {
		// Saved before the view is written, so that a --json document is
		// never followed by an error it cannot carry.
		if err := plan.Save(opts.Out, p); err != nil {
			return &ExitError{Code: ExitFailure, Err: err}
		}
	}
	if err := renderPlan(d, p, format, opts.Out); err != nil {
		return err
	}
	if pl.Guard != nil {
		// Shown first, so that the reviewer sees what would go; never saved.
		return &ExitError{Code: ExitFailure, Err: pl.Guard}
	}
	if opts.Out != "" {
		if format == "text" {
			escape.Fterm(d.IO.Out, "\nSaved the plan to %s. To apply exactly this plan, run:\n  %s\n", opts.Out, applyHint(d, p, opts.Out, pl.Unpermitted))
		}
	}
	if err := appendPlanStepSummary(d, p, opts.Out); err != nil {
		return err
	}
	if opts.DetailedExitcode && !p.Empty() {
		return errFound
	}
	return nil
}

func planFormat(jsonFlag bool, format string) (string, error) {
	if jsonFlag {
		if format != "text" && format != "json" {
			return "", &ExitError{Code: ExitFailure, Err: fmt.Errorf("--json and --format %s cannot be used together", format)}
		}
		return "json", nil
	}
	if !slices.Contains(planFormats, format) {
		return "", &ExitError{Code: ExitFailure, Err: fmt.Errorf("--format %q is not one of %s", format, strings.Join(planFormats, ", "))}
	}
	return format, nil
}

func renderPlan(d *Deps, p *plan.Plan, format, savedAs string) error {
	switch format {
	case "json":
		return writeJSON(d, func(w io.Writer) error { return render.PlanJSON(w, p) })
	case "markdown":
		_, err := fmt.Fprint(d.IO.Out, render.PlanMarkdown(p, render.MarkdownOptions{FullPlan: fullPlanHint(d, savedAs)}))
		return err
	}
	return render.PlanText(d.IO.Out, p, d.IO.Color)
}

func fullPlanHint(d *Deps, savedAs string) escape.Safe {
	if savedAs != "" {
		return escape.MD("the saved plan: %s", escape.Code(commandLine(d, "show", savedAs)))
	}
	return "the output of `terrarium plan` (this job's log)"
}

// appendPlanStepSummary adds the markdown view to $GITHUB_STEP_SUMMARY.
func appendPlanStepSummary(d *Deps, p *plan.Plan, savedAs string) error {
	return appendStepSummary(d, func(w io.Writer) error {
		_, err := fmt.Fprint(w, render.PlanMarkdown(p, render.MarkdownOptions{FullPlan: fullPlanHint(d, savedAs)}))
		return err
	})
}
