package state_test

import (
	"context"
	"reflect"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/state"
	"terrarium/schema"
)

// swapEnv is environment.one (env_1) named name.
func swapEnv(name string) *schema.LiveEnv {
	l := &schema.LiveEnv{ID: "env_1"}
	l.Name = name
	l.Metadata = map[string]string{schema.MetaStack: "platform", schema.MetaAddress: "environment.one"}
	l.Config.Type = schema.ConfigCloud
	return l
}

func swapIntent(id, name string) state.Record {
	spec := swapEnv(name).EnvSpec
	return state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: id, Op: state.OpUpdate, Address: "environment.one", EnvID: "env_1", Spec: &spec}}
}

func swapResult(id, name string) state.Record {
	return state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: id, Op: state.OpUpdate, Address: "environment.one",
		Outcome: state.OutcomeLanded, OK: true, Live: swapEnv(name)}}
}

// A name swap's temporary rename and final rename are two updates of one
// environment. A writer that queues results (an apply whose workers do
// not wait for their result to be durable, a backend that batches) can
// put the final rename's intent before the temporary rename's result. The
// older result must not take the newer intent for a superseded one: the
// final rename is the last version, in the state and in the history, and
// the history's last version shows the plan's change (alpha to beta). An
// update intent older than the result, left pending by a run that died,
// is still superseded.
func TestAnOlderResultLeavesANewerIntentOfTheSameEnvironmentPending(t *testing.T) {
	ctx := context.Background()
	l := open(t, t.TempDir(), state.Options{Stack: "platform", Create: true})
	create := state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: "c", Op: state.OpCreate, Address: "environment.one", Spec: &swapEnv("alpha").EnvSpec}}
	for _, recs := range [][]state.Record{
		{{Kind: state.KindApplyStart, Apply: &state.Apply{}}, create},
		{{Kind: state.KindResult, Result: &state.Result{IntentID: "c", Outcome: state.OutcomeLanded, OK: true, Live: swapEnv("alpha")}},
			{Kind: state.KindApplyEnd, Apply: &state.Apply{}}},
		{{Kind: state.KindApplyStart, Apply: &state.Apply{}}, swapIntent("died", "gamma")}, // no result, no apply_end
		{{Kind: state.KindApplyStart, Apply: &state.Apply{}}, swapIntent("temp", "alpha-swap-1")},
		{swapIntent("final", "beta")}, // before the temporary rename's result
		{swapResult("temp", "alpha-swap-1")},
		{swapResult("final", "beta"), {Kind: state.KindApplyEnd, Apply: &state.Apply{}}},
	} {
		if err := l.Append(ctx, recs...); err != nil {
			t.Fatal(err)
		}
	}
	snap := l.Snapshot()
	if r := snap.Resources["environment.one"]; r == nil || r.Live.Name != "beta" || r.Version != 3 {
		t.Fatalf("state has %+v, want environment.one v3 named beta", r)
	}
	if len(snap.Pending) != 0 {
		t.Errorf("pending after the renames: %+v", snap.Pending)
	}
	h, err := state.ReadHistory(ctx, l.Path(), "environment.one")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range h.Versions {
		got = append(got, v.Live.Name)
	}
	if want := []string{"alpha", "alpha-swap-1", "beta"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("history names %v, want %v", got, want)
	}
	last := h.Versions[2]
	want := []change.Field{{Path: schema.PathName, Before: "alpha", After: "beta"}}
	if !h.Versions[1].Step || last.Step || !reflect.DeepEqual(last.Changes, want) {
		t.Errorf("history %+v: want v2 a step and v3 the change %+v", h.Versions, want)
	}
}
