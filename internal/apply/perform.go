package apply

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"terrarium/internal/api"
	"terrarium/internal/change"
	"terrarium/internal/failpoint"
	"terrarium/internal/ids"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// VerifyError reports a live object that does not match what was asked.
type VerifyError struct {
	Address string
	Fields  []change.Field
}

// Error lists each field that differs, with what was asked and what came back.
func (e *VerifyError) Error() string {
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, fmt.Sprintf("%s (asked %v, got %v)", f.Path, f.Before, f.After))
	}
	return fmt.Sprintf("%s: the API returned an environment that differs from what was asked: %s", e.Address, strings.Join(parts, "; "))
}

// perform makes the API calls of one step and returns the environment id.
// Calls run on a context that is not cancelled, so that a call that has
// started finishes and is recorded.
func (r *runner) perform(ctx context.Context, s *step) (string, error) {
	nc := context.WithoutCancel(ctx)
	c := s.c
	if s.temp {
		spec := plan.CloneSpec(c.Before.EnvSpec)
		spec.Name = c.TempName
		return r.update(nc, c, state.OpUpdate, &spec, nil)
	}
	switch c.Action {
	case plan.ActionCreate:
		return r.create(nc, c)
	case plan.ActionReplace:
		if c.DestroyMode != "" && !c.Before.Archived() {
			if err := r.destroy(nc, c, c.DestroyMode); err != nil {
				return "", err
			}
		}
		return r.create(nc, c)
	case plan.ActionUpdate:
		op := state.OpUpdate
		if c.PrevAddress != "" {
			op = state.OpMove
		}
		return r.update(nc, c, op, c.After, c.RemoveMetadata)
	case plan.ActionMove:
		return r.update(nc, c, state.OpMove, c.After, c.RemoveMetadata)
	case plan.ActionAdopt:
		if len(c.Fields) == 0 && len(c.RemoveMetadata) == 0 && len(change.Verify(c.After, c.Before)) == 0 {
			return c.EnvID, r.recordImport(nc, c.Address, c.Before, c.PreventDestroy)
		}
		return r.update(nc, c, state.OpAdopt, c.After, c.RemoveMetadata)
	case plan.ActionForget:
		return r.update(nc, c, state.OpForget, c.After, c.RemoveMetadata)
	case plan.ActionArchive:
		return c.EnvID, r.destroy(nc, c, "archive")
	case plan.ActionDelete:
		return c.EnvID, r.destroy(nc, c, "delete")
	}
	return "", fmt.Errorf("%s: no way to apply action %q", c.Address, c.Action)
}

// journal records an intent durably (or uses the one prewritten for this
// call), makes the call, and queues its result (see resultOf). An
// ambiguous result leaves the intent pending until a refresh settles it.
func (r *runner) journal(ctx context.Context, c *plan.Change, in state.Intent, do func() (*schema.LiveEnv, error)) (*schema.LiveEnv, error) {
	if id, ok := r.j.take(c, in); ok {
		in.ID = id
	} else {
		in.ID = ids.New("int_")
		if err := r.j.append(ctx, state.Record{Kind: state.KindIntent, Intent: &in}); err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
	}
	live, err := call(ctx, do)
	failpoint.Hit(failpoint.ApplyAfterResponse)
	res := resultOf(in.ID, live, err)
	res.Op, res.Address = in.Op, in.Address
	if res.Error != nil {
		res.Error.Message = plan.HideSensitive(c, res.Error.Message)
	}
	jerr := r.j.result(res)
	switch {
	case err != nil:
		return nil, err
	case jerr != nil:
		return nil, fmt.Errorf("the API made the change, and the state log could not record it (the next plan, apply or state refresh settles it): journal: %w", jerr)
	}
	return live, nil
}

// resultOf is the recorded outcome of a call: landed with its answer; not
// sent when it never reached the transport; failed only on an API answer
// that proves nothing changed (a 4xx to the only attempt, see
// api.Error.Definite, which the client leaves unwrapped); ambiguous for
// everything else (a timeout, a dropped connection, a 5xx, 529 or 429
// after the request may have reached the API), whatever later retries
// answered.
func resultOf(intentID string, live *schema.LiveEnv, err error) *state.Result {
	res := &state.Result{IntentID: intentID}
	var e *api.Error
	switch {
	case err == nil:
		res.OK, res.Outcome, res.Live = true, state.OutcomeLanded, live
		return res
	case api.IsAmbiguous(err):
		res.Outcome = state.OutcomeAmbiguous
	case errors.As(err, &e):
		res.Outcome = state.OutcomeFailed
	default:
		res.Outcome = state.OutcomeNotSent
	}
	res.Error = errorInfo(err)
	return res
}

func (r *runner) create(ctx context.Context, c *plan.Change) (string, error) {
	in := state.Intent{Op: state.OpCreate, Address: c.Address, Spec: c.After, PreventDestroy: c.PreventDestroy, Sensitive: c.Sensitive}
	live, err := r.journal(ctx, c, in, func() (*schema.LiveEnv, error) {
		l, err := r.c.Create(ctx, *c.After)
		if err != nil && api.IsNameTaken(err) {
			// A retry after a lost answer finds the create's own result
			// holding the name: the create landed.
			if h := r.ownCreation(ctx, c); h != nil {
				return h, nil
			}
		}
		return &l, err
	})
	if err != nil && api.IsNameTaken(err) {
		return r.resolveConflict(ctx, c, err)
	}
	if err != nil {
		return "", err
	}
	return live.ID, verify(c.Address, c.After, live)
}

func (r *runner) update(ctx context.Context, c *plan.Change, op state.Op, spec *schema.EnvSpec, remove []string) (string, error) {
	in := state.Intent{Op: op, Address: c.Address, EnvID: c.EnvID, Spec: spec, From: c.PrevAddress, PreventDestroy: c.PreventDestroy, Sensitive: c.Sensitive}
	if op != state.OpMove {
		in.From = ""
	}
	live, err := r.journal(ctx, c, in, func() (*schema.LiveEnv, error) {
		l, err := r.c.Update(ctx, c.EnvID, api.Update{Spec: *spec, RemoveMetadata: remove})
		return &l, err
	})
	if err != nil {
		return "", err
	}
	return live.ID, verify(c.Address, spec, live)
}

func (r *runner) destroy(ctx context.Context, c *plan.Change, mode string) error {
	if c.ParkName != "" && mode == "archive" {
		spec := plan.CloneSpec(c.Before.EnvSpec)
		spec.Name = c.ParkName
		if _, err := r.update(ctx, c, state.OpUpdate, &spec, nil); err != nil {
			return err
		}
	}
	op := state.OpArchive
	if mode == "delete" {
		op = state.OpDelete
	}
	_, err := r.journal(ctx, c, state.Intent{Op: op, Address: c.Address, EnvID: c.EnvID}, func() (*schema.LiveEnv, error) {
		if op == state.OpDelete {
			return nil, r.c.Delete(ctx, c.EnvID)
		}
		l, err := r.c.Archive(ctx, c.EnvID)
		return &l, err
	})
	return err
}

func (r *runner) recordImport(ctx context.Context, address string, live *schema.LiveEnv, pd bool) error {
	rec := state.Record{Kind: state.KindImport, Env: &state.EnvRecord{Address: address, Live: live, PreventDestroy: pd}}
	if err := r.j.append(ctx, rec); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// ownCreation returns the environment holding c's name when it carries this
// stack's keys for c's address and is what c asked for: the environment
// c's own create made, its answer lost. nil when there is none, or the
// list fails (resolveConflict then reports).
func (r *runner) ownCreation(ctx context.Context, c *plan.Change) *schema.LiveEnv {
	all, err := r.c.List(ctx, api.ListOptions{})
	if err != nil {
		return nil
	}
	for i := range all {
		h := &all[i]
		if stack, addr := h.Owner(); h.Name == c.After.Name && !h.Archived() && stack == r.p.Stack && addr == c.Address && len(change.Verify(c.After, h)) == 0 {
			return h
		}
	}
	return nil
}

// resolveConflict handles a create refused because the name is taken: an
// environment carrying this stack's keys for this address is one an
// earlier create made, and is adopted; any other holder is reported.
func (r *runner) resolveConflict(ctx context.Context, c *plan.Change, cause error) (string, error) {
	all, err := call(ctx, func() ([]schema.LiveEnv, error) { return r.c.List(ctx, api.ListOptions{IncludeArchived: true}) })
	if err != nil {
		return "", fmt.Errorf("%w (and listing to find the holder failed: %v)", cause, err)
	}
	var archived *schema.LiveEnv
	for i := range all {
		h := &all[i]
		if h.Name != c.After.Name {
			continue
		}
		if h.Archived() {
			archived = h
			continue
		}
		if stack, addr := h.Owner(); stack != r.p.Stack || addr != c.Address {
			return "", fmt.Errorf("%s: the name %q is held by %s, which this stack does not manage; to manage it, run: terrarium import %s %s: %w",
				c.Address, c.After.Name, h.ID, c.Address, h.ID, cause)
		}
		adopt := *c
		adopt.Before, adopt.EnvID = h, h.ID
		if len(change.Verify(c.After, h)) == 0 {
			return h.ID, r.recordImport(ctx, c.Address, h, c.PreventDestroy)
		}
		adopt.RemoveMetadata = nil
		return r.update(ctx, &adopt, state.OpAdopt, c.After, nil)
	}
	if archived != nil {
		// An archived environment cannot be renamed, so its name stays
		// taken until it is deleted; a rerun would fail the same way.
		return "", fmt.Errorf("%s: the name %q is still held by the archived environment %s, which cannot be renamed; "+
			"delete it, or give %s another name, then apply again: %w", c.Address, c.After.Name, archived.ID, c.Address, cause)
	}
	return "", cause
}

func verify(address string, asked *schema.EnvSpec, got *schema.LiveEnv) error {
	if d := change.Verify(asked, got); len(d) > 0 {
		return &VerifyError{Address: address, Fields: d}
	}
	return nil
}

func errorInfo(err error) *state.ErrorInfo {
	var e *api.Error
	if errors.As(err, &e) {
		return &state.ErrorInfo{Code: e.Code, Message: e.Message, RequestID: e.RequestID}
	}
	return &state.ErrorInfo{Message: err.Error()}
}

func failureOf(c *plan.Change, err error) Failure {
	f := Failure{Address: c.Address, Action: c.Action, Message: plan.HideSensitive(c, err.Error())}
	var e *api.Error
	var v *VerifyError
	switch {
	case api.IsAmbiguous(err):
		f.Code = "ambiguous"
		f.Message += "; recorded as ambiguous: the next plan, apply or state refresh settles it against the live environment"
	case errors.As(err, &v):
		f.Code = "verify"
	case errors.As(err, &e):
		f.Code, f.RequestID = e.Code, e.RequestID
		if f.Code == "" {
			f.Code = e.Type
		}
	}
	return f
}
