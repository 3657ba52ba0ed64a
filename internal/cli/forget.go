package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"terrarium/internal/apply"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/schema"
)

// ForgetOptions are the inputs of forget.
type ForgetOptions struct {
	Address     string
	Dir         string
	Vars        []string
	VarFiles    []string
	LockTimeout time.Duration
	// AcceptOrigin: see apply --accept-origin.
	AcceptOrigin bool
}

// NewCmdForget releases an environment from the stack.
func NewCmdForget(d *Deps) *cobra.Command {
	opts := &ForgetOptions{Dir: "."}
	cmd := &cobra.Command{
		Use:   "forget ADDRESS",
		Short: "Release an environment from the stack without touching it",
		Long: `Forget stops terrarium managing an environment and leaves the environment as
it is: it removes the stack's ownership keys from the live object (nothing
else changes) and records the release in the state log, under the lock.
The next plan no longer sees it.

Remove the environment's block from the configuration too (or replace it
with removed { from = ADDRESS  lifecycle { destroy = false } }, which does
the same at the next apply): a block left in place makes the next plan
want to create the environment again, and its name is taken.`,
		Example: `  terrarium forget environment.legacy
  terrarium forget 'environment.team["data"]' --lock-timeout 30s`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Address = args[0]
			return runForget(cmd, d, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.Vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable)")
	f.StringArrayVar(&opts.VarFiles, "var-file", nil, "read variables from `FILE` (repeatable)")
	f.DurationVar(&opts.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the state lock")
	f.BoolVar(&opts.AcceptOrigin, "accept-origin", false, acceptOriginUsage)
	return cmd
}

func runForget(cmd *cobra.Command, d *Deps, opts *ForgetOptions) error {
	if _, _, err := schema.ParseAddress(opts.Address); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	cfg, err := loadConfig(d, opts.Dir, opts.Vars, opts.VarFiles, nil)
	if err != nil {
		return err
	}
	stack := cfg.Settings.Stack.Value
	if stack == "" {
		stack = "default"
	}
	ws := ""
	if cfg.Settings.WorkspaceID != nil {
		ws = cfg.Settings.WorkspaceID.Value
	}
	log, err := openStateWriter(cmd.Context(), d, opts.Dir, cfg, stack, false)
	if err != nil {
		return err
	}
	if log == nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("no state log in %s: stack %q manages nothing yet", stateDir(d, opts.Dir), stack)}
	}
	defer log.Close()
	if err := sensitiveOf(cmd.Context(), d, log); err != nil { // the debug log's, from this opening
		return &ExitError{Code: ExitFailure, Err: err}
	}
	client, closeClient, err := newClient(cmd.Context(), d, opts.Dir, ws)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	defer closeClient()
	res, err := apply.Forget(cmd.Context(), apply.ForgetRequest{Stack: stack, Address: opts.Address}, client, log,
		apply.Options{Lock: lockInfo(d, "forget"), LockTimeout: opts.LockTimeout, Actor: state.Actor(d.Getenv), AcceptOrigin: opts.AcceptOrigin})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	out := d.IO.Out
	if res.Note != "" {
		escape.Fterm(out, "Forgot %s (%s): %s.\n", opts.Address, res.EnvID, res.Note)
	} else {
		escape.Fterm(out, "Forgot %s: %s keeps running as it is, without the ownership keys of stack %s.\n", opts.Address, res.EnvID, stack)
	}
	if cfg.Environment(opts.Address) != nil {
		escape.Fterm(out, "Its block is still in the configuration: remove it (or replace it with a removed block with destroy = false), or the next plan wants to create it again. To manage it again instead, run: %s\n", commandLine(d, "import", opts.Address, res.EnvID))
	}
	return nil
}
