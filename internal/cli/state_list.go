package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/internal/scaffold"
	"terrarium/internal/state"
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
	l, err := openState(ctx, d, ".", nil, "")
	if err != nil {
		return err
	}
	if l == nil {
		return noStateYet(d, opts.JSON)
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

// noStateYet ends state list in a stack nothing has been applied to: an
// empty list, not an error (exit 0), unless the configuration is in a
// subdirectory, which the error names, there is no configuration here at
// all (a command run in the wrong directory), or --state-dir named a
// directory with no log (likely a mistake).
func noStateYet(d *Deps, jsonOut bool) error {
	if d.Globals.StateDir != "" || !scaffold.HasConfig(".") {
		return errNoState(d, ".")
	}
	if jsonOut {
		return writeJSON(d, func(w io.Writer) error { return render.StateListAsJSON(w, &state.Snapshot{}) })
	}
	fmt.Fprintf(d.IO.ErrOut, "No environments are managed yet: nothing is recorded in %s. The first terrarium apply records them.\n", stateDir(d, "."))
	return nil
}
