package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"

	"terrarium/internal/api"
	"terrarium/internal/apply"
	"terrarium/internal/plan"
	"terrarium/internal/render"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
)

// ApplyOptions are the inputs of terrarium apply.
type ApplyOptions struct {
	Deps        *Deps
	Arg         string // a saved plan file or a configuration directory
	AutoApprove bool
	Parallelism int
	JSON        bool
	In          planInputs

	trustLive bool
	// lock is the apply's state lock holder info; lockDir is the local
	// state directory once known, so that a hard stop can release it.
	lock    state.LockInfo
	lockDir atomic.Pointer[string]
	// events is the JSON event stream of --json, diagnostics included.
	events *render.ApplyJSON
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// NewCmdApply applies a saved plan, or plans and applies after confirmation.
func NewCmdApply(d *Deps) *cobra.Command {
	opts := &ApplyOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "apply [PLANFILE | DIR]",
		Short: "Apply a saved plan, or plan and apply after confirmation",
		Long: `Apply makes the live environments match the configuration. Given a saved
plan (terrarium plan --out FILE) it applies exactly that plan, and refuses it
when anything it was computed from has changed since. Given a directory (or
nothing) it plans, shows the plan and asks for "yes"; without a terminal it
refuses unless --auto-approve.

The state lock is held throughout; every API call is journaled in the state
log before it is sent. On Ctrl-C no new call starts and calls in flight
finish and are recorded; a second Ctrl-C stops at once.`,
		Example: `  terrarium apply --emulator --auto-approve examples/quickstart
  terrarium apply plan.tfplan
  terrarium apply --json --auto-approve --parallelism 20`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Arg = args[0]
			}
			return runApply(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.AutoApprove, "auto-approve", false, "apply without asking for confirmation")
	f.IntVar(&opts.Parallelism, "parallelism", apply.DefaultParallelism, "run at most `N` API calls at once")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON event per line (implies no prompt: needs --auto-approve or a saved plan)")
	addPlanInputFlags(cmd, &opts.In)
	return cmd
}

func runApply(cmd *cobra.Command, opts *ApplyOptions) error {
	d := opts.Deps
	if opts.Parallelism < 1 {
		return &ExitError{Code: ExitFailure, Err: errors.New("--parallelism must be at least 1")}
	}
	if err := checkPlanInputs(d, opts.In); err != nil {
		return err // a saved plan is applied under the lock too
	}
	if opts.JSON {
		opts.events = render.NewApplyJSON(d.IO.Out)
		useJSONEvents(d, opts.events.Diagnostics)
	}
	opts.lock = lockInfo(d, "apply")
	d.Globals.progressJSON = opts.JSON
	ctx, stop := interruptible(cmd.Context(), d, func() { releaseOwnLock(opts) })
	defer stop()
	pl, err := planForApply(ctx, d, opts)
	if err != nil && ctx.Err() != nil {
		// Planning makes no change; say so rather than "context canceled".
		return &ExitError{Code: ExitFailure, Err: errors.New("interrupted while planning: nothing was changed")}
	}
	if err != nil {
		return err
	}
	if pl == nil || pl.Plan.Empty() {
		return noChanges(d, opts, pl)
	}
	p := pl.Plan
	// A plan made moments ago in this run, applied without waiting for a
	// human, need not re-read the live environments (the state serial is
	// still checked); a saved or confirmed plan is checked in full.
	opts.trustLive = opts.AutoApprove && !isFile(opts.Arg)
	defer pl.Close()
	dir := stateDir(d, p.ConfigDir)
	opts.lockDir.Store(&dir)
	// A plan made from a state log must find that log: creating a new one
	// (a saved plan applied from another directory) would fork the history.
	log, err := openBackend(ctx, d, pl.Backend, pl.Files, state.Options{Stack: p.Stack, Create: p.Lineage == ""})
	if err != nil {
		return err
	}
	if log == nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"the plan was made from the state log with lineage %s, and there is no state log in %s: apply it from the directory plan ran in (the plan's configuration directory is %q), or use --chdir",
			p.Lineage, dir, p.ConfigDir)}
	}
	defer log.Close()
	return executePlan(ctx, d, opts, p, pl.Client, log)
}

// planForApply loads a saved plan (without its configuration), or plans
// afresh and asks for approval. A nil result with a nil error means there
// is nothing to do.
func planForApply(ctx context.Context, d *Deps, opts *ApplyOptions) (*planned, error) {
	if isFile(opts.Arg) {
		return savedPlan(ctx, d, opts.Arg)
	}
	if !opts.AutoApprove && (!canPrompt(d) || opts.JSON) {
		reason := noPromptReason(d)
		if opts.JSON && canPrompt(d) {
			reason = "--json never asks"
		}
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("apply needs confirmation, and %s: pass --auto-approve, or apply a saved plan (terrarium plan --out FILE)", reason)}
	}
	pl, err := buildPlan(ctx, d, opts.Arg, opts.In)
	if err != nil {
		return nil, err
	}
	if !opts.JSON {
		if err := render.PlanText(d.IO.Out, pl.Plan, d.IO.Color); err != nil {
			pl.Close()
			return nil, err
		}
	}
	if pl.Plan.Empty() {
		if err := recordSettled(ctx, d, opts, pl); err != nil {
			pl.Close()
			return nil, err
		}
		if opts.JSON {
			return pl, nil // noChanges' summary event carries the plan's serial
		}
		pl.Close()
		return nil, nil
	}
	if !opts.AutoApprove && !confirm(d) {
		pl.Close()
		return nil, &ExitError{Code: ExitFailure, Err: errors.New("apply cancelled")}
	}
	return pl, nil
}

// savedPlan loads a saved plan and reopens what it was computed against:
// the workspace and the state backend it records, without reading the
// configuration.
func savedPlan(ctx context.Context, d *Deps, path string) (*planned, error) {
	p, err := plan.Load(path)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	if p.Backend == nil {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s records no state backend (it was made by terrarium %s): run terrarium plan --out %s again, then apply the new plan", path, p.ToolVersion, path)}
	}
	spec, err := backend.FromRecord(p.Backend.Type, p.Backend.Config, stateDir(d, p.ConfigDir), d.Getenv)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s: %w", path, err)}
	}
	spec.Dir = p.ConfigDir
	client, closeClient, err := newClient(ctx, d, p.ConfigDir, p.WorkspaceID)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	return &planned{Plan: p, Backend: spec, Client: client, Close: closeClient}, nil
}

// recordSettled records, for a plan with nothing to apply, the outcomes
// of the pending changes it settled in memory (an apply with changes
// records them first thing).
func recordSettled(ctx context.Context, d *Deps, opts *ApplyOptions, pl *planned) error {
	if pl == nil || len(pl.Settled) == 0 {
		return nil
	}
	log, err := openBackend(ctx, d, pl.Backend, pl.Files, state.Options{Stack: pl.Plan.Stack})
	if err != nil || log == nil {
		return err
	}
	defer log.Close()
	if _, err := apply.Settle(ctx, pl.Client, log, apply.Options{Lock: opts.lock, LockTimeout: opts.In.LockTimeout}); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	return nil
}

// noChanges ends an apply with nothing to do: the text view says so, the
// JSON stream ends with an empty summary.
func noChanges(d *Deps, opts *ApplyOptions, pl *planned) error {
	serial := int64(0)
	if pl != nil {
		defer pl.Close()
		serial = pl.Plan.Serial
	}
	if opts.events != nil {
		opts.events.Event(&apply.Summary{Counts: map[plan.Action]int{}, Serial: serial})
		return nil
	}
	if pl != nil {
		fmt.Fprintln(d.IO.Out, render.NoChanges)
	}
	return nil
}

func confirm(d *Deps) bool {
	fmt.Fprint(d.IO.Out, "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
	line, _ := bufio.NewReader(d.IO.In).ReadString('\n')
	fmt.Fprintln(d.IO.Out)
	return strings.TrimSpace(line) == "yes"
}

func executePlan(ctx context.Context, d *Deps, opts *ApplyOptions, p *plan.Plan, client api.Client, log state.Log) error {
	emit := render.NewApplyText(d.IO.Out, d.IO.Color, d.IO.OutTTY).Event
	if opts.events != nil {
		emit = opts.events.Event
	}
	git := state.Git(ctx, p.ConfigDir)
	host, _ := os.Hostname()
	_, heartbeat, err := progressTiming(d)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	sum, err := apply.Run(ctx, p, client, log, apply.Options{
		Parallelism: opts.Parallelism, Lock: opts.lock, LockTimeout: opts.In.LockTimeout,
		Actor: state.Actor(d.Getenv), Host: host, GitCommit: git.Commit, GitBranch: git.Branch, Emit: emit,
		TrustLive: opts.trustLive, Heartbeat: heartbeat,
	})
	if sum != nil && sum.Journal != nil {
		return errReported // the summary said what was and was not recorded
	}
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if !sum.OK() {
		return errReported
	}
	return nil
}

// interruptible returns a context cancelled by the first SIGINT or
// SIGTERM; a second one calls hardStop and exits at once (the journal lets
// the next run recover).
func interruptible(parent context.Context, d *Deps, hardStop func()) (context.Context, func()) {
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			fmt.Fprintln(d.IO.ErrOut, "\nInterrupt received: no new changes will start; waiting for the ones in flight. Press Ctrl-C again to stop now.")
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			hardStop()
			fmt.Fprintln(d.IO.ErrOut, "Stopping now. Run terrarium plan to see what remains; the state log recovers on the next run.")
			os.Exit(ExitFailure)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// releaseOwnLock removes the local lock holder info this apply wrote, on a
// hard stop: the run ends on purpose and its journal lets the next run
// recover, so the next run must not find a stale lock. The OS lock goes
// with the process; a shared backend's lock goes with its session.
func releaseOwnLock(opts *ApplyOptions) {
	dir := opts.lockDir.Load()
	if dir == nil {
		return
	}
	if held, err := state.ReadLockInfo(*dir); err == nil && held != nil && held.ID == opts.lock.ID {
		os.Remove(filepath.Join(*dir, state.LockFile))
	}
}
