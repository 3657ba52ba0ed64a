package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
)

// ForceUnlockOptions are the inputs of force-unlock.
type ForceUnlockOptions struct {
	ID    string
	Force bool
}

// NewCmdForceUnlock releases a lock left by a dead run.
func NewCmdForceUnlock(d *Deps) *cobra.Command {
	opts := &ForceUnlockOptions{}
	cmd := &cobra.Command{
		Use:   "force-unlock ID",
		Short: "Release a state lock left by a run that died",
		Long: `Force-unlock removes the state lock with the given id when the process that
took it is gone. It refuses an id that does not match the held lock, and a
lock whose process is still running (that lock ends with its process). The
id is printed by the command that found the lock.`,
		Example: `  terrarium force-unlock 6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f
  terrarium force-unlock --force 6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return runForceUnlock(cmd.Context(), d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "do not ask for confirmation")
	return cmd
}

func runForceUnlock(ctx context.Context, d *Deps, opts *ForceUnlockOptions) error {
	settings, _, err := stateSettings(d, ".", nil)
	if err != nil {
		return err
	}
	if settings.Backend != nil && settings.Backend.Type != backend.Local {
		return forceUnlockShared(ctx, d, opts)
	}
	dir := stateDir(d, ".")
	warnings, err := state.CheckDir(dir)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if err := printDiagnostics(d, nil, warnings); err != nil {
		return err
	}
	if !opts.Force {
		held, err := state.ReadLockInfo(dir)
		var corrupt *state.CorruptLockError
		switch {
		case errors.As(err, &corrupt) && corrupt.ID == opts.ID:
			escape.Fterm(d.IO.Out, "The lock file %s is corrupt and does not say who took the lock.\n", corrupt.Path)
		case err != nil:
			return &ExitError{Code: ExitFailure, Err: err}
		case held != nil && held.ID == opts.ID:
			escape.Fterm(d.IO.Out, "Lock %s was taken by %s at %s for %s.\n", held.ID, held.Holder(), held.Created.Format("2006-01-02T15:04:05Z07:00"), held.Operation)
		default:
			held = nil
		}
		if (held != nil || corrupt != nil) && !canPrompt(d) {
			return &ExitError{Code: ExitFailure, Err: fmt.Errorf("force-unlock needs confirmation, and %s: check that the run that took the lock is gone, then pass --force", noPromptReason(d))}
		}
		if held != nil || corrupt != nil {
			fmt.Fprint(d.IO.Out, "Releasing it while that run is still writing can corrupt the state.\nOnly 'yes' will be accepted to confirm: ")
			answer, _ := bufio.NewReader(d.IO.In).ReadString('\n')
			if strings.TrimSpace(answer) != "yes" {
				fmt.Fprintln(d.IO.Out)
				return &ExitError{Code: ExitFailure, Err: fmt.Errorf("force-unlock cancelled")}
			}
		}
	}
	info, warnings, err := state.ForceUnlockDir(dir, opts.ID)
	if perr := printDiagnostics(d, nil, warnings); perr != nil {
		return perr
	}
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	printReleased(d, info)
	return nil
}

// forceUnlockShared releases a lock of a shared backend (PostgreSQL), whose
// holder may be on another machine: the backend ends its session.
func forceUnlockShared(ctx context.Context, d *Deps, opts *ForceUnlockOptions) error {
	l, err := openStateLog(ctx, d)
	if err != nil {
		return err
	}
	defer l.Close()
	info, err := backend.ForceUnlock(ctx, l, opts.ID)
	if err != nil {
		return err
	}
	printReleased(d, info)
	return nil
}

func printReleased(d *Deps, info state.LockInfo) {
	if info.PID == 0 && info.Who == "" {
		escape.Fterm(d.IO.Out, "Lock %s released (its lock file was corrupt and has been removed).\n", info.ID)
		return
	}
	escape.Fterm(d.IO.Out, "Lock %s released (it was held by %s for %s).\n", info.ID, info.Holder(), info.Operation)
}
