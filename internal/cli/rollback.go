package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"terrarium/internal/atomicfile"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
	"terrarium/internal/rollback"
	"terrarium/internal/state"
	"terrarium/schema"
)

// RollbackOptions are the inputs of rollback.
type RollbackOptions struct {
	Address  string
	To       string
	DryRun   bool
	Dir      string
	Vars     []string
	VarFiles []string
}

// NewCmdRollback rewrites an environment block to an earlier version.
func NewCmdRollback(d *Deps) *cobra.Command {
	opts := &RollbackOptions{Dir: "."}
	cmd := &cobra.Command{
		Use:   "rollback ADDRESS --to VERSION",
		Short: "Rewrite an environment's HCL block to an earlier recorded version",
		Long: `Rollback is a change to the configuration, reviewed like any other: it
rewrites ADDRESS's environment block in its file to the configuration the
state log recorded for VERSION, and prints the diff. Only the attributes
that differ are rewritten; every other block, comment and file stays as it
is. It never calls the API: the next plan shows the reverse of the later
changes, and apply makes them.

A block whose changing fields come from variables, locals, for_each or
function calls cannot be rewritten faithfully: rollback then leaves the
file alone, prints the version as a block to paste, and exits 1.`,
		Example: `  terrarium rollback environment.python_dev --to 3
  terrarium rollback environment.python_dev --to v3 --dry-run`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Address = args[0]
			return runRollback(cmd, d, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.To, "to", "", "the recorded `VERSION` to go back to (N or vN; see terrarium history ADDRESS)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the diff without writing the file")
	f.StringArrayVar(&opts.Vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&opts.VarFiles, "var-file", nil, "read variables from `FILE` (repeatable)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

func runRollback(cmd *cobra.Command, d *Deps, opts *RollbackOptions) error {
	n, err := parseVersionNumber(opts.To)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--to: %w", err)}
	}
	if _, _, err := schema.ParseAddress(opts.Address); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	cfg, err := loadConfig(d, opts.Dir, opts.Vars, opts.VarFiles, nil)
	if err != nil {
		return err
	}
	target, err := versionToRestore(cmd, d, opts.Address, n)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	var environ []string
	if d.Environ != nil {
		environ = d.Environ()
	}
	res, err := rollback.Rewrite(rollback.Request{Config: cfg, Address: opts.Address, Target: target.Live.EnvSpec, Sensitive: target.Sensitive,
		LoadOptions: schema.LoadOptions{Vars: opts.Vars, VarFiles: opts.VarFiles, Environ: environ}})
	var refused *rollback.RefusedError
	switch {
	case errors.As(err, &refused):
		if err := printDiagnostics(d, cfg.Files, refused.Diagnostics()); err != nil {
			return err
		}
		if refused.Paste == nil {
			fmt.Fprintf(d.IO.ErrOut, "The file is left as it is. The attributes of %s that differ from v%d (now -> v%d):\n", opts.Address, n, n)
			return errors.Join(render.Fields(d.IO.Out, refused.Fields, d.IO.Color), &ExitError{Code: ExitFailure})
		}
		fmt.Fprintf(d.IO.ErrOut, "The file is left as it is. The block of v%d, to paste in its place:\n", n)
		d.IO.Out.Write(refused.Paste)
		return &ExitError{Code: ExitFailure}
	case err != nil:
		return &ExitError{Code: ExitFailure, Err: err}
	case res == nil:
		escape.Fterm(d.IO.Out, "%s already says v%d; nothing to change.\n", opts.Address, n)
		return nil
	}
	if err := render.UnifiedDiff(d.IO.Out, "a/"+res.Filename, "b/"+res.Filename, res.Before, res.After); err != nil {
		return err
	}
	if opts.DryRun {
		escape.Fterm(d.IO.Out, "\nDry run: %s not written.\n", res.Filename)
		return nil
	}
	if err := atomicfile.ReplaceIn(cfg.Dir, res.Filename, res.After, 0o644); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	escape.Fterm(d.IO.Out, "\nRolled %s back to v%d in %s. Review the change, then run %s: it shows the reverse of the later changes.\n", opts.Address, n, res.Filename, commandLine(d, "plan", dirArgs(opts.Dir)...))
	return nil
}

// versionToRestore reads version n of address from the state log.
func versionToRestore(cmd *cobra.Command, d *Deps, address string, n int) (*state.Version, error) {
	l, err := openStateLog(cmd.Context(), d)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	h, err := recordedHistory(cmd.Context(), l, address)
	if err != nil {
		return nil, err
	}
	v, err := recordedVersion(h, n)
	if err != nil {
		return nil, fmt.Errorf("%w; terrarium history %s lists them", err, address)
	}
	return v, nil
}
