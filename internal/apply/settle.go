package apply

import (
	"context"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/state"
)

// Settle records the outcome of every pending change of log (calls whose
// answer was lost, or whose run died) as the live objects show it
// (state.Settle): under the state lock, in one durable write. It returns
// the settlements recorded, none when nothing was pending (then it lists
// nothing).
func Settle(ctx context.Context, c api.Client, log state.Log, opts Options) ([]state.Settlement, error) {
	unlock, err := lock(ctx, log, opts)
	if err != nil {
		return nil, err
	}
	defer unlock.Unlock()
	return settleLocked(ctx, c, log)
}

// settleLocked is Settle for a caller that holds the lock.
func settleLocked(ctx context.Context, c api.Client, log state.Log) ([]state.Settlement, error) {
	if len(log.Snapshot().Pending) == 0 {
		return nil, nil
	}
	live, err := plan.Refresh(ctx, c)
	if err != nil {
		return nil, err
	}
	return state.SettlePending(ctx, log, live)
}
