package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/state/gitstate"
	pgstate "terrarium/internal/state/pg"
)

// StateMigrateOptions are the inputs of terrarium state migrate.
type StateMigrateOptions struct {
	backendCopyOptions
	To          string // the target backend: postgres or git
	LockTimeout time.Duration
}

// NewCmdStateMigrate copies the local state log into the PostgreSQL or git
// backend.
func NewCmdStateMigrate(d *Deps) *cobra.Command {
	opts := &StateMigrateOptions{}
	cmd := &cobra.Command{
		Use:   "migrate --to postgres|git [DIR]",
		Short: "Copy the local state log into the PostgreSQL or git backend",
		Long: `Migrate verifies the local state log's hash chain, then copies every record,
byte for byte, into the PostgreSQL backend (in one transaction) or onto the
git backend's branch (in one pushed commit).

For --to git, the branch and remote come from the configuration's
backend "git" block, or are terrarium-state on origin, in the git
repository holding DIR.

For --to postgres, the connection
comes from TERRARIUM_PG_CONN or the standard PG* variables (PGHOST, PGUSER,
PGPASSWORD, ...), never from the command line. When DIR holds a
configuration whose terrarium block has backend "postgres", its conn_str and
schema_name are used.

A stack the database already holds is only completed when its records are a
prefix of the local log (an earlier migration); a different lineage, or a
log that diverges, is refused. The local log is left as it is, except
that a torn last record is first set aside in state.jsonl.broken, as
apply does.`,
		Example: `  TERRARIUM_PG_CONN=postgres://terrarium@db.internal/ops terrarium state migrate --to postgres
  terrarium state migrate --to git environments
  terrarium state migrate --to postgres --schema-name tf_state environments`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.read(cmd, args)
			return runStateMigrate(cmd.Context(), d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.To, "to", "", "target `BACKEND`: postgres or git")
	opts.flags(cmd)
	cmd.Flags().DurationVar(&opts.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the local state lock")
	return cmd
}

func runStateMigrate(ctx context.Context, d *Deps, opts *StateMigrateOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.To != backend.Postgres && opts.To != backend.Git {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--to %q: the backends to migrate to are postgres and git", opts.To)}
	}
	dir := localStateDir(opts.Dir, opts.StateDir)
	warnings, err := state.CheckDir(dir)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if err := printDiagnostics(d, nil, warnings); err != nil {
		return err
	}
	path := filepath.Join(dir, state.LogFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no local state log at %s", path)
	}
	// Opening as a writer sets a torn tail aside (under the OS lock),
	// so that the records copied are the good ones.
	l, err := state.Open(dir, state.Options{})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	l.Close()
	if err := printDiagnostics(d, nil, l.Warnings()); err != nil {
		return err
	}
	held, err := state.LockDir(ctx, dir, state.LockInfo{Operation: "state migrate"}, opts.LockTimeout, nil)
	if err != nil {
		return err
	}
	defer held.Unlock()
	var lines [][]byte
	err = state.ScanFile(ctx, path, func(line []byte, _ state.Record) error {
		lines = append(lines, bytes.Clone(line))
		return nil
	})
	if err != nil {
		return fmt.Errorf("the local log %s does not verify, not migrating it: %w (run terrarium state verify)", path, err)
	}
	target, stack, copyTo, err := migrateTarget(d, opts)
	if err != nil {
		return err
	}
	if err := checkMigrateStack(path, opts.Dir, stack, lines); err != nil {
		return err
	}
	res, err := copyTo(ctx, lines)
	if err != nil {
		return err
	}
	return reportMigrate(d, path, target, opts.To, res)
}

// migrateTarget resolves --to: the target as messages name it, the
// configuration's stack ("" without one), and the backend's Import.
func migrateTarget(d *Deps, opts *StateMigrateOptions) (target, stack string, copyTo func(context.Context, [][]byte) (state.ImportResult, error), err error) {
	if opts.To == backend.Git {
		cfg, stack, err := gitTarget(d, opts.Dir)
		if err != nil {
			return "", "", nil, err
		}
		return cfg.Target(), stack, func(ctx context.Context, lines [][]byte) (state.ImportResult, error) {
			return gitstate.Import(ctx, cfg, lines)
		}, nil
	}
	cfg, stack, err := pgTarget(d, opts.Dir, opts.SchemaName, opts.schemaSet)
	if err != nil {
		return "", "", nil, err
	}
	return cfg.Target(), stack, func(ctx context.Context, lines [][]byte) (state.ImportResult, error) {
		return pgstate.Import(ctx, cfg, lines)
	}, nil
}

// checkMigrateStack refuses a local log of another stack than the
// configuration's.
func checkMigrateStack(path, dir, stack string, lines [][]byte) error {
	if stack != "" && len(lines) > 0 {
		if rec, err := state.Decode(lines[0], 1); err == nil && rec.Init != nil && rec.Init.Stack != stack {
			return fmt.Errorf("the local log %s belongs to stack %q, but the configuration in %s is stack %q", path, rec.Init.Stack, dir, stack)
		}
	}
	return nil
}

// reportMigrate says what a migration copied.
func reportMigrate(d *Deps, path, target, kind string, res state.ImportResult) error {
	out := d.IO.Out
	if res.Copied == 0 {
		escape.Fterm(out, "%s already holds all %d records of stack %q (lineage %s); nothing copied.\n", target, res.Records, res.Stack, res.Lineage)
		return nil
	}
	escape.Fterm(out, "Copied %d of %d records of stack %q (lineage %s) to %s.\n", res.Copied, res.Records, res.Stack, res.Lineage, target)
	escape.Fterm(out, "The local log %s is unchanged. Add backend %q to the terrarium block to use it from now on.\n", path, kind)
	return nil
}

// localStateDir is the local state directory of a configuration directory.
func localStateDir(configDir, stateDir string) string {
	if stateDir != "" {
		return stateDir
	}
	return filepath.Join(configDir, state.DefaultDir)
}
