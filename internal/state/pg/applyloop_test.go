package pgstate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"terrarium/internal/apply"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

// planApply plans cfg against the log's state and applies it under the lock.
func planApply(t *testing.T, ctx context.Context, api *plantest.API, l *Log, cfg *schema.Config, lock state.LockInfo) (*apply.Summary, *plan.Plan) {
	t.Helper()
	live, err := plan.Refresh(ctx, api)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	p, diags := plan.Compute(plan.Input{Config: cfg, Live: live, Snapshot: l.Snapshot()})
	if diags.HasErrors() {
		t.Fatalf("plan: %v %v", err, diags)
	}
	sum, err := apply.Run(ctx, p, api, l, apply.Options{Parallelism: 10, Lock: lock})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if !sum.OK() {
		t.Fatalf("apply failed: %+v", sum)
	}
	return sum, p
}

// TestPlanApplyLoopOnPostgres runs the whole loop on the shared backend:
// two runners apply in turn, each sees the other's state, a third is
// refused while one holds the lock, and the log pulled back is a valid
// local log with the same state.
func TestPlanApplyLoopOnPostgres(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	api := plantest.NewAPI()
	r1 := openLog(t, cfg, "platform")
	r2 := openLog(t, cfg, "platform")

	v1 := plantest.Config(
		plantest.Env("a", plantest.Limited(false, true, "https://a.example")),
		plantest.Env("b"),
		plantest.Env("c", plantest.Desc("third")))
	sum, _ := planApply(t, ctx, api, r1, v1, state.LockInfo{Who: "runner-1"})
	if sum.Serial != 1 || sum.Counts[plan.ActionCreate] != 3 {
		t.Fatalf("first apply: %+v", sum)
	}

	// Runner 2 takes the lock, reads runner 1's records and applies an edit.
	v2 := plantest.Config(
		plantest.Env("a", plantest.Limited(false, true, "https://a.example", "https://pypi.org")),
		plantest.Env("b"),
		plantest.Env("c", plantest.Desc("third, edited")))
	if err := r2.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	sum, _ = planApply(t, ctx, api, r2, v2, state.LockInfo{Who: "runner-2"})
	if sum.Serial != 2 || sum.Counts[plan.ActionUpdate] != 2 {
		t.Fatalf("second apply: %+v", sum)
	}
	if r := r2.Snapshot().Resources["environment.a"]; r == nil || r.Version != 2 {
		t.Fatalf("environment.a = %+v, want version 2", r)
	}

	// Converged: a fresh runner plans nothing.
	r3 := openLog(t, cfg, "platform")
	live, err := plan.Refresh(ctx, api)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	p, _ := plan.Compute(plan.Input{Config: v2, Live: live, Snapshot: r3.Snapshot()})
	if !p.Empty() {
		t.Fatalf("rerun plan: %+v", p)
	}

	// While one runner holds the lock, another apply fails fast with it.
	u, err := r1.Lock(ctx, state.LockInfo{Who: "runner-1", Operation: "apply"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = apply.Run(ctx, p, api, r3, apply.Options{})
	var le *state.LockedError
	if !errors.As(err, &le) || le.Info.Who != "runner-1" {
		t.Fatalf("concurrent apply: %v", err)
	}
	_ = u.Unlock()

	// The pulled log is a valid local log with the same state.
	var buf bytes.Buffer
	if _, err := r3.WriteJSONL(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, state.LogFile), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := state.Verify(ctx, filepath.Join(dir, state.LogFile))
	if err != nil || rep.Bad != nil {
		t.Fatalf("local verify of the pulled log: %+v %v", rep, err)
	}
	local, err := state.Open(dir, state.Options{Stack: "platform"})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	if !reflect.DeepEqual(local.Snapshot(), r3.Snapshot()) {
		t.Fatalf("local state differs:\n%+v\n%+v", local.Snapshot(), r3.Snapshot())
	}
}
