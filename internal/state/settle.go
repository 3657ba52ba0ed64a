package state

import (
	"context"
	"fmt"

	"terrarium/internal/change"
	"terrarium/schema"
)

// Settlement is what a refresh decided about one pending intent.
type Settlement struct {
	Intent  Intent
	Outcome Outcome
	// Live is the object the decision was made on; nil when the
	// environment is gone (or, for a create, none carries its keys).
	Live *schema.LiveEnv
}

// Settle decides every pending intent of snap against live (every
// environment the API lists, archived ones included) and returns the
// settlements with the result records that close the intents, in log
// order. It does no I/O.
//
// The intents of one environment (of one address, for creates) are judged
// together, newest first: the newest whose requested object the live one
// is has landed, the older ones are superseded and the newer ones were not
// applied. When none matches, the live object equal to the before-state
// (the version the state log has) means that none was applied; anything
// else was changed outside terrarium, and is recorded as such on the
// newest intent. An archive has landed when the environment is archived,
// a delete when it is gone; a create when an environment carries the
// stack's ownership keys for the address (and is not the one the state
// log already has there).
func Settle(snap *Snapshot, live []schema.LiveEnv) ([]Settlement, []Record) {
	if len(snap.Pending) == 0 {
		return nil, nil
	}
	byID := make(map[string]*schema.LiveEnv, len(live))
	for i := range live {
		byID[live[i].ID] = &live[i]
	}
	// Group the intents; groups keep the order of their first intent.
	var keys []string
	groups := map[string][]Intent{}
	for _, in := range snap.Pending {
		k := "env " + in.EnvID
		if in.Op == OpCreate || in.EnvID == "" {
			k = "create " + in.Address
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], in)
	}
	decided := map[string]Settlement{}
	for _, k := range keys {
		g := groups[k]
		var l *schema.LiveEnv
		if g[0].Op == OpCreate || g[0].EnvID == "" {
			l = createdAt(snap, live, g[0].Address)
		} else {
			l = byID[g[0].EnvID]
		}
		for _, st := range settleGroup(snap, g, l) {
			decided[st.Intent.ID] = st
		}
	}
	out := make([]Settlement, 0, len(snap.Pending))
	recs := make([]Record, 0, len(snap.Pending))
	for _, in := range snap.Pending {
		st := decided[in.ID]
		out = append(out, st)
		res := &Result{IntentID: in.ID, Op: in.Op, Address: in.Address, Settled: true, Outcome: st.Outcome, OK: st.Outcome == OutcomeLanded}
		if st.Outcome == OutcomeLanded || st.Outcome == OutcomeOutside {
			res.Live = st.Live
		}
		if msg := settleMessage(st); msg != "" {
			res.Error = &ErrorInfo{Message: msg}
		}
		recs = append(recs, Record{Kind: KindResult, Result: res})
	}
	return out, recs
}

// settleGroup decides the intents g of one environment, in log order,
// against its live object l (nil: gone, or no create found).
func settleGroup(snap *Snapshot, g []Intent, l *schema.LiveEnv) []Settlement {
	out := make([]Settlement, len(g))
	k := -1
	for i := len(g) - 1; i >= 0; i-- {
		if landed(g[i], l) {
			k = i
			break
		}
	}
	last := len(g) - 1
	for i, in := range g {
		st := Settlement{Intent: in, Live: l}
		switch {
		case k >= 0 && i < k, k < 0 && i < last:
			st.Outcome = OutcomeSuperseded
		case i == k:
			st.Outcome = OutcomeLanded
		case k >= 0, l == nil, in.Spec == nil, unchanged(snap, in, l):
			// Newer than the one that landed; gone; an archive or delete
			// that did not happen; or the before-state is still live.
			st.Outcome = OutcomeNotApplied
		default:
			st.Outcome = OutcomeOutside
		}
		out[i] = st
	}
	return out
}

// landed reports whether l shows in's change made.
func landed(in Intent, l *schema.LiveEnv) bool {
	switch in.Op {
	case OpDelete:
		return l == nil
	case OpArchive:
		return l != nil && l.Archived()
	}
	return l != nil && !l.Archived() && in.Spec != nil && len(change.Verify(in.Spec, l)) == 0
}

// unchanged reports whether l is the version the state log has of in's
// environment: the before-state of an update. A create has none.
func unchanged(snap *Snapshot, in Intent, l *schema.LiveEnv) bool {
	for _, addr := range []string{in.Address, in.From} {
		if r := snap.Resources[addr]; addr != "" && r != nil && r.ID == l.ID {
			return len(change.LiveWithReserved(&r.Live, l)) == 0
		}
	}
	return false
}

// createdAt finds the environment a create at address made: one not
// archived that carries the stack's ownership keys for address and is not
// the environment the state log already has there.
func createdAt(snap *Snapshot, live []schema.LiveEnv, address string) *schema.LiveEnv {
	for i := range live {
		l := &live[i]
		if stack, addr := l.Owner(); stack != snap.Stack || addr != address || l.Archived() {
			continue
		}
		if r := snap.Resources[address]; r != nil && r.ID == l.ID {
			continue
		}
		return l
	}
	return nil
}

// settleMessage explains an outcome that is not a landing, for history.
func settleMessage(st Settlement) string {
	switch st.Outcome {
	case OutcomeSuperseded:
		return "superseded: a later change of the same environment decides what is live"
	case OutcomeNotApplied:
		if st.Live == nil && st.Intent.Op != OpCreate {
			return "not applied: the environment no longer exists"
		}
		return "not applied: the live environment is as it was before the call"
	case OutcomeOutside:
		return "the live environment is neither what terrarium asked nor what it was: changed outside terrarium"
	}
	return ""
}

// Settled returns snap with its pending intents settled against live, in
// memory, and the settlements: what a read-only command (plan) shows, and
// what the next writer (apply, state refresh) records. snap is not
// modified; with nothing pending it is returned as is.
func Settled(snap *Snapshot, live []schema.LiveEnv) (*Snapshot, []Settlement) {
	sts, recs := Settle(snap, live)
	if len(recs) == 0 {
		return snap, nil
	}
	r := ReplayFrom(snap)
	for i := range recs {
		r.Apply(&recs[i])
	}
	return r.Snapshot(), sts
}

// SettlePending settles the pending intents of l against live and appends
// the records in one durable write. The caller holds l's lock: an apply in
// progress has intents in flight that only it may close. It returns the
// settlements written (none when nothing was pending).
func SettlePending(ctx context.Context, l Log, live []schema.LiveEnv) ([]Settlement, error) {
	sts, recs := Settle(l.Snapshot(), live)
	if len(recs) == 0 {
		return nil, nil
	}
	if err := l.Append(ctx, recs...); err != nil {
		return nil, fmt.Errorf("settling %d pending change(s) in the state log: %w; nothing was recorded: free space for the state log (or fix its storage), then run terrarium state refresh", len(recs), err)
	}
	return sts, nil
}
