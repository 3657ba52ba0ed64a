package cli

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/state/gitstate"
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
	if opts.JSON {
		useJSONDocument(d)
	}
	rep, err := verifyLog(ctx, d)
	if err != nil {
		return err
	}
	if opts.JSON {
		err = writeJSON(d, func(w io.Writer) error { return render.StateVerifyAsJSON(w, rep) })
	} else {
		err = render.StateVerify(d.IO.Out, rep, d.IO.Color)
	}
	if err == nil && rep.Bad != nil {
		return errReported
	}
	return err
}

// verifyLog checks the whole chain. The local log is read as bytes, not
// opened: opening refuses the very corruption verify exists to report.
func verifyLog(ctx context.Context, d *Deps) (*state.VerifyReport, error) {
	settings, _, err := stateSettings(d, ".", nil)
	if err != nil {
		return nil, err
	}
	if settings.Backend == nil || settings.Backend.Type == backend.Local {
		rep, err := state.Verify(ctx, filepath.Join(stateDir(d, "."), state.LogFile))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNoState(d, ".")
		}
		return rep, err
	}
	if settings.Backend.Type == backend.Git {
		cfg, stack, err := gitTarget(d, ".")
		if err != nil {
			return nil, err
		}
		return gitstate.Verify(ctx, cfg, stack)
	}
	l, err := openStateLog(ctx, d)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	return backend.Verify(ctx, l)
}
