package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/render/escape"
	"terrarium/internal/scaffold"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/schema"
)

// stateDir is the local state directory of the configuration in dir:
// --state-dir, or .terrarium beside the configuration.
func stateDir(d *Deps, dir string) string {
	if d.Globals.StateDir != "" {
		return d.Globals.StateDir
	}
	if dir == "" {
		dir = "."
	}
	return filepath.Join(dir, state.DefaultDir)
}

// stateSettings returns the terrarium block of the configuration in dir
// and its files: cfg's when the caller has loaded the configuration, else
// only that block, read without variables.
func stateSettings(d *Deps, dir string, cfg *schema.Config) (schema.Settings, map[string]*hcl.File, error) {
	if cfg != nil {
		return cfg.Settings, cfg.Files, nil
	}
	if dir == "" {
		dir = "."
	}
	settings, files, diags := schema.LoadSettings(dir)
	if err := printDiagnostics(d, files, diags); err != nil {
		return settings, files, err
	}
	if diags.HasErrors() {
		return settings, files, errReported
	}
	return settings, files, nil
}

// openState opens the state log of the configuration in dir, on the backend
// its terrarium block names (the local log by default, or PostgreSQL), for
// a command that reads it (plan, show, history, state list/show/verify):
// a torn tail is read up to the last good record, with a warning, and
// nothing is changed. cfg is the configuration when the caller has loaded
// it; nil reads only the terrarium block from dir. stack, when set, must
// match the log's. A missing log, or one that holds no complete record,
// is nil, not an error (a fresh CI runner plans without one); the second
// with a warning. Creating a log is writing: openStateWriter.
func openState(ctx context.Context, d *Deps, dir string, cfg *schema.Config, stack string) (state.Log, error) {
	return openLog(ctx, d, dir, cfg, stack, state.Options{ReadOnly: true})
}

// openStateWriter is openState for a command that holds the lock and
// writes the log (apply, import, forget): it repairs a torn tail (the
// damaged bytes set aside in state.jsonl.broken), and with create starts
// a missing log, or one that holds no complete record.
func openStateWriter(ctx context.Context, d *Deps, dir string, cfg *schema.Config, stack string, create bool) (state.Log, error) {
	return openLog(ctx, d, dir, cfg, stack, state.Options{Create: create})
}

func openLog(ctx context.Context, d *Deps, dir string, cfg *schema.Config, stack string, opts state.Options) (state.Log, error) {
	settings, files, err := stateSettings(d, dir, cfg)
	if err != nil {
		return nil, err
	}
	spec := backend.FromSettings(settings, stateDir(d, dir), d.Getenv)
	spec.Dir = dir
	if stack == "" && (spec.Type == backend.Postgres || spec.Type == backend.Git || settings.Range != (schema.Settings{}).Range) {
		// A shared backend holds many stacks; the configuration names one.
		stack = settings.Stack.Value
	}
	opts.Stack = stack
	return openBackend(ctx, d, spec, files, opts)
}

// openBackend opens the stack's log on the backend spec names; files are
// what the backend block's diagnostics point into. A missing log is nil,
// not an error, unless opts.Create is set, which creates it.
func openBackend(ctx context.Context, d *Deps, spec backend.Spec, files map[string]*hcl.File, opts state.Options) (state.Log, error) {
	d.unlockFlags = unlockFlags(d, spec.Dir, spec.Type)
	l, diags, err := backend.Open(ctx, spec, opts)
	var empty *state.NoRecordsError
	if errors.As(err, &empty) {
		diags = diags.Append(state.NoRecordsWarning(empty))
	}
	if perr := printDiagnostics(d, files, diags); perr != nil {
		return nil, perr
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	if errors.Is(err, state.ErrNoState) {
		return nil, nil
	}
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	return l, nil
}

// openStateLog opens the existing log of the configuration in the working
// directory for a reading command; no log is an error that says so.
func openStateLog(ctx context.Context, d *Deps) (state.Log, error) {
	l, err := openState(ctx, d, ".", nil, "")
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, errNoState(d, ".")
	}
	return l, nil
}

// errNoState says that the configuration in dir has no state log. With no
// configuration there either, the likelier cause is a command run outside
// the configuration's directory (after apply DIR): it says where to run it.
func errNoState(d *Deps, dir string) error {
	if elsewhere := configElsewhere(d, dir); elsewhere != "" {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"there is no configuration in this directory; it is in %s (the layout terrarium init writes): run terrarium --chdir %s %s",
			escape.Shell(elsewhere), escape.Shell(elsewhere), d.cmdArgs)}
	}
	if d.Globals.StateDir == "" && !scaffold.HasConfig(dir) {
		sub := d.cmdArgs
		if sub == "" {
			sub = "COMMAND"
		}
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("no state log in %s, and no configuration (*.hcl) in %s: run this command in the configuration's directory, or point at it with --chdir DIR (terrarium --chdir DIR %s)", stateDir(d, dir), dir, sub)}
	}
	return &ExitError{Code: ExitFailure, Err: fmt.Errorf("no state log in %s: nothing has been applied yet (or use --state-dir to point at it)", stateDir(d, dir))}
}

// configElsewhere returns the one subdirectory of dir that holds the
// configuration when dir itself holds none and --state-dir was not given
// (see scaffold.ConfigBelow: the repository root of the layout init
// writes). Empty when there is no such one.
func configElsewhere(d *Deps, dir string) string {
	if d.Globals.StateDir != "" {
		return ""
	}
	return scaffold.ConfigBelow(dir)
}

// unlockFlags are the global flags, quoted for a POSIX shell, with which
// force-unlock run from the user's working directory finds the state of
// the configuration in dir: --chdir to that directory (force-unlock reads
// the terrarium block there), and for the local log an absolute
// --state-dir when one was given. "" when none are needed.
func unlockFlags(d *Deps, dir, typ string) string {
	var flags []string
	if where := filepath.Join(d.Globals.Chdir, dir); where != "." && where != "" {
		flags = append(flags, "--chdir "+escape.Shell(where))
	}
	if d.Globals.StateDir != "" && (typ == "" || typ == backend.Local) {
		sd, err := filepath.Abs(d.Globals.StateDir)
		if err != nil {
			sd = d.Globals.StateDir
		}
		flags = append(flags, "--state-dir "+escape.Shell(sd))
	}
	return strings.Join(flags, " ")
}

// pointUnlockAt completes a lock error's force-unlock command with the
// flags that reach the state the command opened, so that the command the
// message prints works when pasted where the user ran terrarium.
func pointUnlockAt(d *Deps, err error) {
	if d.unlockFlags == "" {
		return
	}
	var locked *state.LockedError
	if errors.As(err, &locked) {
		locked.Flags = d.unlockFlags
	}
	var corrupt *state.CorruptLockError
	if errors.As(err, &corrupt) {
		corrupt.Flags = d.unlockFlags
	}
}
