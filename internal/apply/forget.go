package apply

import (
	"context"
	"fmt"

	"terrarium/internal/api"
	"terrarium/internal/change"
	"terrarium/internal/ids"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// ForgetRequest asks to release one environment from a stack.
type ForgetRequest struct {
	Stack   string
	Address string
}

// ForgetResult is what Forget did.
type ForgetResult struct {
	// EnvID is the released environment's id.
	EnvID string
	// Live is the environment after its ownership keys were removed; nil
	// when it was gone or archived and only the state log changed.
	Live *schema.LiveEnv
	// Note says why the API was not called, or "".
	Note string
}

// Forget releases address from the stack without touching the environment
// otherwise: under the state lock it removes the ownership keys from the
// live object (a journalled update, op forget, that leaves every other
// field as it is) and the address leaves the state log. An environment
// already deleted, or archived (the API refuses to update it), is only
// recorded as forgotten (a forget record). Like import it runs inside an
// apply_start/apply_end pair, so plans made before it are stale.
func Forget(ctx context.Context, req ForgetRequest, c api.Client, log state.Log, opts Options) (*ForgetResult, error) {
	unlock, err := log.Lock(ctx, opts.Lock, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	defer unlock.Unlock()
	all, err := c.List(ctx, api.ListOptions{IncludeArchived: true})
	if err != nil {
		return nil, err
	}
	// Settle what earlier runs left pending first, as apply does: the
	// address's version must be what is live before it leaves the stack.
	if _, err := state.SettlePending(ctx, log, all); err != nil {
		return nil, err
	}
	res := log.Snapshot().Resources[req.Address]
	live := owned(all, req, res)
	if res == nil && live == nil {
		return nil, fmt.Errorf("%s is not managed by stack %q: the state log has no such address and no environment carries its ownership keys (terrarium state list shows the managed addresses)", req.Address, req.Stack)
	}
	f := &forgetter{c: c, log: log, opts: opts}
	serial := log.Snapshot().Serial + 1
	nc := context.WithoutCancel(ctx)
	begin := state.Record{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: serial, Actor: opts.Actor, Host: opts.Host,
		GitCommit: opts.GitCommit, GitBranch: opts.GitBranch, PlanID: "forget"}}
	if err := log.Append(nc, begin); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	out, err := f.forget(nc, req.Address, res, live)
	end := &state.Apply{Serial: serial, PlanID: "forget", Summary: map[string]int{string(plan.ActionForget): 1}}
	if err != nil {
		end.Summary, end.Error = map[string]int{"failed": 1}, err.Error()
	}
	if endErr := log.Append(nc, state.Record{Kind: state.KindApplyEnd, Apply: end}); endErr != nil && err == nil {
		err = fmt.Errorf("journal: %w", endErr)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forgetter makes forget's one journalled call. It writes the log through
// state.Log alone, so it does not depend on how apply batches its writes.
type forgetter struct {
	c    api.Client
	log  state.Log
	opts Options
}

func (f *forgetter) forget(ctx context.Context, address string, res *state.Resource, live *schema.LiveEnv) (*ForgetResult, error) {
	if live == nil || live.Archived() {
		out := &ForgetResult{Note: "it no longer exists, so only the state log changes"}
		if res != nil {
			out.EnvID = res.ID
		}
		if live != nil {
			out.EnvID, out.Note = live.ID, "it is archived and the API refuses to update it, so its ownership keys stay and only the state log changes"
		}
		rec := state.Record{Kind: state.KindForget, Env: &state.EnvRecord{Address: address, Live: live}}
		if err := f.log.Append(ctx, rec); err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
		return out, nil
	}
	after := plan.CloneSpec(live.EnvSpec)
	delete(after.Metadata, schema.MetaStack)
	delete(after.Metadata, schema.MetaAddress)
	remove := []string{schema.MetaAddress, schema.MetaStack}
	// The intent is durable before the call; an ambiguous call leaves it
	// pending until a refresh settles it, as apply's steps do.
	in := state.Intent{ID: ids.New("int_"), Op: state.OpForget, Address: address, EnvID: live.ID, Spec: &after}
	if err := f.log.Append(ctx, state.Record{Kind: state.KindIntent, Intent: &in}); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	got, err := f.c.Update(ctx, live.ID, api.Update{Spec: after, RemoveMetadata: remove})
	result := resultOf(in.ID, &got, err)
	if jerr := f.log.Append(ctx, state.Record{Kind: state.KindResult, Result: result}); jerr != nil && err == nil {
		err = fmt.Errorf("journal: %w", jerr)
	}
	if err != nil {
		return nil, err
	}
	if d := change.Verify(&after, &got); len(d) > 0 {
		return nil, &VerifyError{Address: address, Fields: d}
	}
	return &ForgetResult{EnvID: live.ID, Live: &got}, nil
}

// owned finds the environment that carries the stack's keys for the
// address (the one not archived first), else the one the state log names.
func owned(all []schema.LiveEnv, req ForgetRequest, res *state.Resource) *schema.LiveEnv {
	var found *schema.LiveEnv
	for i := range all {
		l := &all[i]
		if stack, addr := l.Owner(); stack == req.Stack && addr == req.Address && (found == nil || found.Archived()) {
			found = l
		}
	}
	if found != nil && !found.Archived() {
		return found
	}
	if res != nil {
		for i := range all {
			if all[i].ID == res.ID {
				return &all[i]
			}
		}
	}
	return found
}
