package apply

import (
	"context"
	"strings"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

func TestForgetReleasesAndPlanNoLongerSeesIt(t *testing.T) {
	f := newFixture()
	both := plantest.Config(plantest.Env("a", plantest.Meta("team", "t"), plantest.Limited(true, false, "https://a.example")), plantest.Env("b"))
	f.apply(t, context.Background(), f.plan(t, both))
	before := findEnv(t, f.api.Envs(), "a")
	res, err := Forget(context.Background(), ForgetRequest{Stack: "platform", Address: "environment.a"}, f.api, f.log, Options{})
	if err != nil || res.EnvID != before.ID || res.Live == nil {
		t.Fatalf("Forget = %+v, %v", res, err)
	}
	after := findEnv(t, f.api.Envs(), "a")
	if stack, addr := after.Owner(); stack != "" || addr != "" {
		t.Errorf("ownership keys left: %v", after.Metadata)
	}
	if d := change.Specs(&before.EnvSpec, &after.EnvSpec); len(d) > 0 {
		t.Errorf("forget changed the environment: %+v", d)
	}
	if f.log.Snapshot().Resources["environment.a"] != nil {
		t.Error("the state log still has environment.a")
	}
	if f.log.Locked() {
		t.Error("lock left held")
	}
	// Without its block the plan does not see it; with the block it would
	// create it again, and the name is held by the released environment.
	f.converged(t, plantest.Config(plantest.Env("b")))
	live, err := plan.Refresh(context.Background(), f.api)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if _, diags := plan.Compute(plan.Input{Config: both, Live: live, Snapshot: f.log.Snapshot()}); !diags.HasErrors() || !strings.Contains(diags.Error(), "Name held by an unmanaged environment") {
		t.Errorf("plan with the block still there: %v", diags)
	}
	if _, err := Forget(context.Background(), ForgetRequest{Stack: "platform", Address: "environment.a"}, f.api, f.log, Options{}); err == nil || !strings.Contains(err.Error(), "not managed") {
		t.Errorf("second forget: %v", err)
	}
}

func TestForgetGoneOrArchivedOnlyRecords(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("a"), plantest.Env("b"))))
	a, b := findEnv(t, f.api.Envs(), "a"), findEnv(t, f.api.Envs(), "b")
	if err := f.api.Delete(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.api.Archive(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"environment.a", "environment.b"} {
		res, err := Forget(context.Background(), ForgetRequest{Stack: "platform", Address: addr}, f.api, f.log, Options{})
		if err != nil || res.Note == "" || res.Live != nil {
			t.Fatalf("Forget(%s) = %+v, %v", addr, res, err)
		}
	}
	if n := len(f.log.Snapshot().Resources); n != 0 {
		t.Errorf("%d resources left", n)
	}
	var forgets int
	for _, r := range f.log.All() {
		if r.Kind == state.KindForget {
			forgets++
		}
	}
	if forgets != 2 {
		t.Errorf("%d forget records, want 2", forgets)
	}
}

func findEnv(t *testing.T, envs []schema.LiveEnv, name string) schema.LiveEnv {
	t.Helper()
	for _, e := range envs {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no environment %q", name)
	return schema.LiveEnv{}
}
