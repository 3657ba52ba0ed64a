package cli

import (
	"bufio"
	"context"
	"io"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
)

// StateListOptions are the inputs of state list.
type StateListOptions struct {
	JSON bool
}

// NewCmdStateList lists the managed environments.
func NewCmdStateList(d *Deps) *cobra.Command {
	opts := &StateListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the environments the stack manages",
		Example: `  terrarium state list
  terrarium state list --json | jq -r '.resources[].id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStateList(cmd.Context(), d, opts) },
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (schema/jsonschema/state.schema.json)")
	return cmd
}

func runStateList(ctx context.Context, d *Deps, opts *StateListOptions) error {
	if opts.JSON {
		useJSONDocument(d)
	}
	l, err := openStateLog(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	out := bufio.NewWriter(d.IO.Out)
	if opts.JSON {
		err = writeJSON(d, func(w io.Writer) error { return render.StateListAsJSON(w, l.Snapshot()) })
	} else {
		err = render.StateList(out, l.Snapshot())
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}
