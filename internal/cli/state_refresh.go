package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"terrarium/internal/apply"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
)

// StateRefreshOptions are the inputs of state refresh.
type StateRefreshOptions struct {
	LockTimeout time.Duration
}

// NewCmdStateRefresh settles the pending changes of the state log.
func NewCmdStateRefresh(d *Deps) *cobra.Command {
	opts := &StateRefreshOptions{}
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Settle changes whose outcome an earlier apply could not know",
		Long: `Refresh reads the live environments and settles every pending change of the
state log: a call whose answer was lost (a timeout, a dropped connection, a
5xx or 429 after the request was sent) or whose run died. Each is compared
with what terrarium asked and with the version the log had before:

  - the live environment is what was asked: the change is terrarium's,
    recorded as a settled version with its egress change;
  - it is the version before: recorded as not applied;
  - anything else: recorded as a change made outside terrarium.

plan and apply settle the same way before they compute anything; this
command does only that, and changes nothing live.`,
		Example: `  terrarium state refresh --emulator
  terrarium state refresh && terrarium state list --json | jq '.pending'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStateRefresh(cmd.Context(), d, opts) },
	}
	cmd.Flags().DurationVar(&opts.LockTimeout, "lock-timeout", 0, "wait up to `DURATION` for the state lock")
	return cmd
}

func runStateRefresh(ctx context.Context, d *Deps, opts *StateRefreshOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	settings, _, err := stateSettings(d, ".", nil)
	if err != nil {
		return err
	}
	l, err := openStateWriter(ctx, d, ".", nil, "", false)
	if err != nil {
		return err
	}
	if l == nil {
		return errNoState(d, ".")
	}
	defer l.Close()
	ws := ""
	if settings.WorkspaceID != nil {
		ws = settings.WorkspaceID.Value
	}
	if err := sensitiveOf(ctx, d, l); err != nil { // the debug log's, from this opening
		return &ExitError{Code: ExitFailure, Err: err}
	}
	client, closeClient, err := newClient(ctx, d, ".", ws)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	defer closeClient()
	sts, err := apply.Settle(ctx, client, l, apply.Options{Lock: lockInfo(d, "state refresh"), LockTimeout: opts.LockTimeout})
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	printSettlements(d, sts)
	if len(sts) == 0 {
		fmt.Fprintln(d.IO.Out, "No pending changes: every change in the state log has its outcome.")
		return nil
	}
	fmt.Fprintf(d.IO.Out, "Settled %d pending change(s); the state log has none pending.\n", len(sts))
	return nil
}

// printSettlements says, on stderr, what each settled change turned out
// to be.
func printSettlements(d *Deps, sts []state.Settlement) {
	for _, st := range sts {
		fmt.Fprintf(d.IO.ErrOut, "terrarium: settled %s\n", escape.Line(settlementText(st)))
	}
}

// settlementText says what a settlement found, in one line.
func settlementText(st state.Settlement) string {
	in := st.Intent
	what := fmt.Sprintf("%s: the %s of an earlier apply (%s)", in.Address, in.Op, in.ID)
	switch st.Outcome {
	case state.OutcomeLanded:
		return what + " landed: terrarium's change"
	case state.OutcomeNotApplied:
		return what + " did not happen: not applied"
	case state.OutcomeOutside:
		return what + ": the live environment is neither what was asked nor what it was: changed outside terrarium"
	}
	return what + " is superseded by a later change of the environment"
}
