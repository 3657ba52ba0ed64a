// Package statetest builds deterministic state logs for tests, benchmarks
// and the committed CLI fixtures, through the same Append that apply uses.
package statetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"terrarium/internal/state"
	"terrarium/schema"
)

// Epoch is the first instant of every generated log.
var Epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// Clock returns a clock that starts at Epoch and advances by step per call.
func Clock(step time.Duration) func() time.Time {
	t := Epoch.Add(-step)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

// Options returns log options with a fixed clock and ids, for reproducible
// bytes.
func Options(stack string, checkpointEvery int) state.Options {
	return state.Options{
		Stack:           stack,
		Create:          true,
		CheckpointEvery: checkpointEvery,
		Now:             Clock(time.Minute),
		NewID:           func() string { return "00000000-0000-4000-8000-000000000001" },
	}
}

// Env is a compact description of an environment version.
type Env struct {
	ID, Name, Description string
	Hosts                 []string
	Pip                   []string
	Networking            string // limited (default) or unrestricted
	MCP, PackageManagers  bool
	Meta                  map[string]string
}

// Live returns the environment as the API would report it, with the
// stack's ownership keys for address.
func (e Env) Live(stack, address string, at time.Time) *schema.LiveEnv {
	meta := map[string]string{schema.MetaStack: stack, schema.MetaAddress: address}
	maps.Copy(meta, e.Meta)
	var desc *string
	if e.Description != "" {
		desc = &e.Description
	}
	nw := &schema.Networking{Type: schema.NetworkingUnrestricted}
	if e.Networking != schema.NetworkingUnrestricted {
		nw = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: slices.Clone(e.Hosts), AllowMCPServers: e.MCP, AllowPackageManagers: e.PackageManagers}
	}
	return &schema.LiveEnv{
		ID: e.ID,
		EnvSpec: schema.EnvSpec{
			Name: e.Name, Description: desc, Metadata: meta, Scope: schema.ScopeOrganization,
			Config: schema.EnvConfig{
				Type:       schema.ConfigCloud,
				Packages:   &schema.Packages{Apt: []string{}, Cargo: []string{}, Gem: []string{}, Go: []string{}, Npm: []string{}, Pip: nonNil(e.Pip)},
				Networking: nw,
			},
		},
		CreatedAt: at, UpdatedAt: at,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}

// Change is one step of an apply.
type Change struct {
	Op      state.Op
	Address string
	Env     Env
	// Err makes the step fail with this API error.
	Err *state.ErrorInfo
}

// Apply appends one whole apply: apply_start, an intent and a result per
// change (each its own Append, as apply workers do), and apply_end.
func Apply(ctx context.Context, l *state.Local, at time.Time, meta state.Apply, changes ...Change) error {
	snap := l.Snapshot()
	stack := snap.Stack
	if meta.Serial == 0 {
		meta.Serial = snap.Serial + 1
	}
	if err := l.Append(ctx, state.Record{Kind: state.KindApplyStart, Apply: &meta}); err != nil {
		return err
	}
	summary := map[string]int{}
	for i, c := range changes {
		in := &state.Intent{ID: fmt.Sprintf("%s-s%d-%d", stack, meta.Serial, i+1), Op: c.Op, Address: c.Address, EnvID: c.Env.ID}
		live := c.Env.Live(stack, c.Address, at)
		if c.Op == state.OpCreate || c.Op == state.OpUpdate {
			spec := live.EnvSpec
			in.Spec = &spec
		}
		if c.Op == state.OpCreate {
			in.EnvID = ""
		}
		if c.Op == state.OpArchive {
			live.ArchivedAt = &at
		}
		res := &state.Result{IntentID: in.ID, OK: c.Err == nil, Error: c.Err}
		if c.Err == nil && c.Op != state.OpDelete {
			res.Live = live
		}
		if err := l.Append(ctx, state.Record{Kind: state.KindIntent, Intent: in}); err != nil {
			return err
		}
		if err := l.Append(ctx, state.Record{Kind: state.KindResult, Result: res}); err != nil {
			return err
		}
		summary[string(c.Op)]++
	}
	end := meta
	end.Summary = summary
	return l.Append(ctx, state.Record{Kind: state.KindApplyEnd, Apply: &end})
}
