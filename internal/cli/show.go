package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"terrarium/internal/plan"
	"terrarium/internal/render"
)

// ShowOptions are the inputs of terrarium show.
type ShowOptions struct {
	Deps   *Deps
	File   string
	JSON   bool
	Format string
}

// NewCmdShow renders a saved plan, or the state.
func NewCmdShow(d *Deps) *cobra.Command {
	opts := &ShowOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "show [PLANFILE]",
		Short: "Show a saved plan, or the state",
		Long: `Show renders a saved plan (terrarium plan --out FILE) as text, JSON or
markdown for a pull-request comment. Without a file it lists the
environments the state log manages (like terrarium state list).`,
		Example: `  terrarium show plan.tfplan
  terrarium show --json plan.tfplan
  terrarium show --format markdown plan.tfplan > comment.md
  terrarium show`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			return runShow(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (same as --format json)")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json or markdown")
	return cmd
}

func runShow(ctx context.Context, opts *ShowOptions) error {
	d := opts.Deps
	format, err := planFormat(opts.JSON, opts.Format)
	if err != nil {
		return err
	}
	if format == "json" {
		useJSONDocument(d)
	}
	if opts.File == "" {
		return showState(ctx, d, format)
	}
	p, err := plan.Load(opts.File)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	return renderPlan(d, p, format, opts.File)
}

func showState(ctx context.Context, d *Deps, format string) error {
	log, err := openStateLog(ctx, d)
	if err != nil {
		return err
	}
	defer log.Close()
	switch format {
	case "json":
		return writeJSON(d, func(w io.Writer) error { return render.StateListAsJSON(w, log.Snapshot()) })
	case "markdown":
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--format markdown renders plans; give a plan file")}
	}
	return render.StateList(d.IO.Out, log.Snapshot())
}
