package state_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
	"terrarium/schema"
)

// The values recorded at paths sensitive when recorded are what the API
// may still answer after the configuration changed them: the intent's,
// its result's, and a later refresh's at the paths last sensitive for the
// address (a key of a map sensitive as a whole included); a path never
// sensitive gives none.
func TestRecordedSensitiveValues(t *testing.T) {
	ctx := context.Background()
	l, err := state.Open(t.TempDir(), statetest.Options("s", 0))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	env := statetest.Env{ID: "env_1", Name: "web", Description: "hush-one", Meta: map[string]string{"hushkey": "hushval"}}
	live := env.Live("s", "environment.web", at)
	spec := live.EnvSpec
	sensitive := []string{schema.PathDescription, schema.PathMetadata}
	later := *live
	d := "hush-two"
	later.Description = &d
	recs := []state.Record{
		{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: 1}},
		{Kind: state.KindIntent, Intent: &state.Intent{ID: "i1", Op: state.OpCreate, Address: "environment.web", Spec: &spec, Sensitive: sensitive}},
		{Kind: state.KindResult, Result: &state.Result{IntentID: "i1", OK: true, Live: live}},
		{Kind: state.KindApplyEnd, Apply: &state.Apply{Serial: 1}},
		{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: "environment.web", Live: &later}},
	}
	for _, r := range recs {
		if err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := state.RecordedSensitiveValues(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hush-one", "hush-two", "hushkey", "hushval"} {
		if !slices.Contains(got, want) {
			t.Errorf("RecordedSensitiveValues = %q, want %q among them", got, want)
		}
	}
	for _, not := range []string{"web", "s", "environment.web"} {
		if slices.Contains(got, not) {
			t.Errorf("RecordedSensitiveValues = %q holds %q, which was never sensitive", got, not)
		}
	}
}
