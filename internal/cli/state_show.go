package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/schema"
)

// StateShowOptions are the inputs of state show.
type StateShowOptions struct {
	Address string
	JSON    bool
}

// NewCmdStateShow shows one managed environment as last applied.
func NewCmdStateShow(d *Deps) *cobra.Command {
	opts := &StateShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ADDRESS",
		Short: "Show one environment as last applied or accepted",
		Example: `  terrarium state show environment.python_dev
  terrarium state show 'environment.team["data"]' --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Address = args[0]
			return runStateShow(cmd.Context(), d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (schema/jsonschema/state.schema.json)")
	return cmd
}

func runStateShow(ctx context.Context, d *Deps, opts *StateShowOptions) error {
	if opts.JSON {
		useJSONDocument(d)
	}
	l, err := openStateLog(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	s := l.Snapshot()
	r := s.Resources[opts.Address]
	if r == nil {
		if n, ok := s.Retired[opts.Address]; ok {
			return fmt.Errorf("%s left the stack after v%d; see terrarium history %s", opts.Address, n, opts.Address)
		}
		if _, _, err := schema.ParseAddress(opts.Address); err != nil {
			return err
		}
		return fmt.Errorf("%s is not in the state; terrarium state list shows what is", opts.Address)
	}
	if opts.JSON {
		return writeJSON(d, func(w io.Writer) error { return render.StateShowAsJSON(w, r) })
	}
	return render.StateShow(d.IO.Out, r, d.IO.Color)
}
