package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"terrarium/internal/drift"
	"terrarium/internal/render"
)

// DriftOptions are the inputs of terrarium drift.
type DriftOptions struct {
	Dir    string
	Format string
	JSON   bool // --json: --format json, as plan and the other commands spell it
	In     planInputs
}

// NewCmdDrift reports what changed outside terrarium.
func NewCmdDrift(d *Deps) *cobra.Command {
	opts := &DriftOptions{}
	cmd := &cobra.Command{
		Use:   "drift [DIR]",
		Short: "Report what changed outside terrarium, egress first",
		Long: `Drift refreshes every live environment and reports what changed outside
terrarium since the last apply, as plan sees it: the state log's recorded
version, the live environment and the configuration (three-way). Egress
changes (network reach widened or narrowed in the Console or by another
tool) come first, then each environment's changed attributes and whether
apply would revert it, then the commands that revert or accept the drift.
Nothing is changed: it plans and reads the state log under its lock.

--format markdown is the body the scheduled workflow keeps in one GitHub
issue per stack; it starts with a marker naming the stack.

Exit codes: 0 no drift; 2 drift found; 1 error.`,
		Example: `  terrarium drift environments
  terrarium drift --format json environments
  terrarium drift --format markdown environments > drift.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runDrift(cmd, d, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json or markdown")
	f.BoolVar(&opts.JSON, "json", false, "print JSON (the same as --format json; schema/jsonschema/drift.schema.json)")
	f.StringArrayVar(&opts.In.Vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&opts.In.VarFiles, "var-file", nil, "read variables from `FILE` (repeatable)")
	f.DurationVar(&opts.In.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the state lock")
	f.StringVar(&opts.In.AntLock, "ant-lock", "", "read ant apply's lock from `PATH` instead of the claude-lock.json found walking up to the git root")
	return cmd
}

func runDrift(cmd *cobra.Command, d *Deps, opts *DriftOptions) error {
	format, err := planFormat(opts.JSON, opts.Format)
	if err != nil {
		return err
	}
	if format == "json" {
		useJSONDocument(d)
	}
	pl, err := buildPlan(cmd.Context(), d, opts.Dir, opts.In)
	if err != nil {
		return err
	}
	pl.Close()
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	r := drift.FromPlan(pl.Plan, dir)
	r.Command = commandPrefix(d, "apply")
	switch format {
	case "json":
		err = writeJSON(d, func(w io.Writer) error { return render.DriftJSON(w, r) })
	case "markdown":
		_, err = fmt.Fprint(d.IO.Out, render.DriftMarkdown(r))
	default:
		err = render.DriftText(d.IO.Out, r, d.IO.Color)
	}
	if err != nil {
		return err
	}
	if err := appendStepSummary(d, func(w io.Writer) error {
		_, err := fmt.Fprint(w, render.DriftMarkdown(r))
		return err
	}); err != nil {
		return err
	}
	if r.Drifted() {
		return errFound
	}
	return nil
}
