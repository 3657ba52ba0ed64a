package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/internal/state"
)

// StateVerifyOptions are the inputs of state verify.
type StateVerifyOptions struct {
	JSON bool
}

// NewCmdStateVerify checks the whole hash chain.
func NewCmdStateVerify(d *Deps) *cobra.Command {
	opts := &StateVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the whole hash chain of the state log",
		Long: `Verify reads every record of the state log and checks that each is a valid
record, numbered in order, holding the hash of the record before it. It
reports the first bad record and exits 1; a deleted, reordered or edited
record breaks the chain. The file is only read, never repaired.`,
		Example: `  terrarium state verify
  terrarium state verify --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStateVerify(cmd.Context(), d, opts) },
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (schema/jsonschema/state.schema.json)")
	return cmd
}

func runStateVerify(ctx context.Context, d *Deps, opts *StateVerifyOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	rep, err := state.Verify(ctx, filepath.Join(stateDir(d), state.LogFile))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no state log in %s: nothing has been applied yet (or use --state-dir to point at it)", stateDir(d))
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		err = render.StateVerifyAsJSON(d.IO.Out, rep)
	} else {
		err = render.StateVerify(d.IO.Out, rep, d.IO.Color)
	}
	if err == nil && rep.Bad != nil {
		return errReported
	}
	return err
}
