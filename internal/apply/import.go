package apply

import (
	"context"
	"fmt"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// ImportRequest asks to adopt one existing environment into a stack.
type ImportRequest struct {
	Stack   string
	Address string
	ID      string
}

// Import adopts an environment: under the state lock it writes the stack's
// ownership keys on it (changing nothing else) and records the result as
// the address's first version, inside an apply_start/apply_end pair so that
// plans made before it are stale.
func Import(ctx context.Context, req ImportRequest, c api.Client, log state.Log, opts Options) (*schema.LiveEnv, error) {
	unlock, err := log.Lock(ctx, opts.Lock, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	defer unlock.Unlock()
	// Settle what earlier runs left pending first, as apply does.
	if _, err := settleLocked(ctx, c, log); err != nil {
		return nil, err
	}
	live, err := c.Get(ctx, req.ID)
	if err != nil {
		return nil, err
	}
	if err := importable(req, &live, log.Snapshot()); err != nil {
		return nil, err
	}
	change := plan.Change{
		Address: req.Address, Action: plan.ActionAdopt, EnvID: live.ID, Before: &live,
		After: plan.OwnedSpec(live.EnvSpec, req.Stack, req.Address),
	}
	p := &plan.Plan{ID: "import", Stack: req.Stack, Changes: []plan.Change{change}}
	r := newRunner(p, c, log, opts)
	r.sum.Serial = log.Snapshot().Serial + 1
	r.j.head = []state.Record{{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: r.sum.Serial, Actor: opts.Actor,
		Host: opts.Host, GitCommit: opts.GitCommit, GitBranch: opts.GitBranch, PlanID: p.ID}}}
	_, err = r.update(context.WithoutCancel(ctx), &change, state.OpAdopt, change.After, nil)
	if err == nil {
		r.sum.Counts[plan.ActionAdopt]++
	}
	if jerr := r.j.close(r.endRecord(err)); err == nil {
		err = jerr
	}
	if err != nil {
		return nil, err
	}
	snap := log.Snapshot()
	if res := snap.Resources[req.Address]; res != nil {
		return &res.Live, nil
	}
	return &live, nil
}

func importable(req ImportRequest, live *schema.LiveEnv, snap *state.Snapshot) error {
	if live.Archived() {
		return fmt.Errorf("%s is archived; an archived environment cannot be updated, so it cannot be imported", live.ID)
	}
	if snap != nil && snap.Resources[req.Address] != nil {
		return fmt.Errorf("%s is already managed (%s); forget it first", req.Address, snap.Resources[req.Address].ID)
	}
	stack, addr := live.Owner()
	switch {
	case stack == req.Stack && addr != "":
		return fmt.Errorf("%s is already managed by this stack as %s", live.ID, addr)
	case stack != "":
		return fmt.Errorf("%s belongs to stack %q (%s); a stack never takes another stack's environments", live.ID, stack, addr)
	}
	return nil
}
