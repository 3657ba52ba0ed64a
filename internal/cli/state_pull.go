package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/state/gitstate"
	pgstate "terrarium/internal/state/pg"
)

// StatePullOptions are the inputs of terrarium state pull.
type StatePullOptions struct {
	backendCopyOptions
	Stack string
	Force bool
}

// backendCopyOptions are the inputs state migrate and pull share: the
// configuration directory, the local state directory, and the
// PostgreSQL schema.
type backendCopyOptions struct {
	Dir        string // configuration directory
	StateDir   string // local state directory; default DIR/.terrarium
	SchemaName string
	schemaSet  bool // --schema-name given: it wins over the config
}

// flags adds --schema-name.
func (o *backendCopyOptions) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.SchemaName, "schema-name", pgstate.DefaultSchema, "PostgreSQL `SCHEMA` holding terrarium's tables")
}

// read takes DIR (default .), whether --schema-name was given, and the
// global --state-dir.
func (o *backendCopyOptions) read(cmd *cobra.Command, args []string) {
	o.Dir = "."
	if len(args) == 1 {
		o.Dir = args[0]
	}
	o.schemaSet = cmd.Flags().Changed("schema-name")
	o.StateDir = stateDirFlag(cmd)
}

// NewCmdStatePull exports the PostgreSQL or git backend's log as JSON lines.
func NewCmdStatePull(d *Deps) *cobra.Command {
	opts := &StatePullOptions{}
	cmd := &cobra.Command{
		Use:   "pull [--stack NAME] [DIR]",
		Short: "Export the PostgreSQL or git backend's state log as JSON lines",
		Long: `Pull writes the stack's state log from the PostgreSQL backend (or, when the
configuration in DIR has backend "git", from its branch) to standard
output, one record a line, byte for byte as stored: the local log's file
format, with the same hash chain. The chain is checked on the way; a bad
record stops the export with its number.

When a local log exists in the state directory and belongs to another
lineage (a different history of the stack), pull refuses unless --force is
given. The stack, conn_str and schema_name come from the configuration in
DIR when it has one (flags win), the connection otherwise from
TERRARIUM_PG_CONN or the PG* variables.`,
		Example: `  terrarium state pull --stack platform > state.jsonl
  terrarium state pull environments > backup.jsonl
  terrarium state pull --stack platform --schema-name tf_state > backup.jsonl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.read(cmd, args)
			return runStatePull(cmd.Context(), d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Stack, "stack", "", "the `STACK` to export (default: the configuration's)")
	opts.flags(cmd)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "export even when the local log has another lineage")
	return cmd
}

func runStatePull(ctx context.Context, d *Deps, opts *StatePullOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	kind, err := configBackend(d, opts.Dir)
	if err != nil {
		return err
	}
	if kind == backend.Git {
		return pullGit(ctx, d, opts)
	}
	cfg, stack, err := pgTarget(d, opts.Dir, opts.SchemaName, opts.schemaSet)
	if err != nil {
		return err
	}
	if opts.Stack == "" {
		opts.Stack = stack
	}
	if opts.Stack == "" {
		return &ExitError{Code: ExitFailure, Err: errors.New("no configuration in " + opts.Dir + ": name the stack to export with --stack")}
	}
	l, err := pgstate.Open(ctx, cfg, state.Options{Stack: opts.Stack})
	if err != nil {
		return err
	}
	return writePulled(ctx, d, opts, l)
}

// pulledLog is a backend's log that state pull exports.
type pulledLog interface {
	Snapshot() *state.Snapshot
	WriteJSONL(ctx context.Context, w io.Writer) (int64, error)
	Close() error
}

// writePulled checks the local log's lineage (unless --force) and writes
// l's lines to standard output; it closes l.
func writePulled(ctx context.Context, d *Deps, opts *StatePullOptions, l pulledLog) error {
	defer l.Close()
	if !opts.Force {
		if err := checkLocalLineage(ctx, localStateDir(opts.Dir, opts.StateDir), l.Snapshot()); err != nil {
			return err
		}
	}
	w := bufio.NewWriterSize(d.IO.Out, 1<<20)
	if _, err := l.WriteJSONL(ctx, w); err != nil {
		_ = w.Flush()
		return err
	}
	return w.Flush()
}

// pullGit is state pull for a configuration whose backend is git.
func pullGit(ctx context.Context, d *Deps, opts *StatePullOptions) error {
	cfg, stack, err := gitTarget(d, opts.Dir)
	if err != nil {
		return err
	}
	if opts.Stack == "" {
		opts.Stack = stack
	}
	l, err := gitstate.Open(ctx, cfg, state.Options{Stack: opts.Stack, ReadOnly: true})
	if err != nil {
		return err
	}
	return writePulled(ctx, d, opts, l)
}

// errStop ends a scan after the first record.
var errStop = errors.New("stop")

// checkLocalLineage refuses when a local log exists with another lineage.
func checkLocalLineage(ctx context.Context, dir string, db *state.Snapshot) error {
	path := filepath.Join(dir, state.LogFile)
	var local state.Init
	err := state.ScanFile(ctx, path, func(_ []byte, rec state.Record) error {
		if rec.Init != nil {
			local = *rec.Init
		}
		return errStop
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil && !errors.Is(err, errStop):
		return fmt.Errorf("reading the local log %s: %w", path, err)
	case local.Lineage != "" && local.Lineage != db.Lineage:
		return fmt.Errorf("lineage mismatch: the local log %s is lineage %s (stack %q), the backend's stack %q is lineage %s; they are different histories (pass --force to export anyway)", path, local.Lineage, local.Stack, db.Stack, db.Lineage)
	}
	return nil
}
