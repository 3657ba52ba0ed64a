package apply

import (
	"context"
	"errors"
	"strings"
	"testing"

	"terrarium/internal/plan/plantest"
	"terrarium/schema"
)

// A create at the address a move frees is not a stale plan: before the
// apply, the environment being moved still carries the old address.
func TestCreateAtAddressFreedByMoveIsNotStale(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("old"))))
	cfg := plantest.Config(plantest.Env("new", plantest.Name("old")), plantest.Env("old", plantest.Name("fresh")))
	cfg.Moved = []*schema.Moved{{From: plantest.Str("environment.old"), To: plantest.Str("environment.new")}}
	p := f.plan(t, cfg)
	if sum := f.apply(t, context.Background(), p); !sum.OK() {
		t.Fatalf("summary %+v", sum)
	}
	f.converged(t, cfg)
}

// An environment the plan never saw, created since with the stack's keys
// at the address of a planned create, makes the plan stale.
func TestCreateAtAddressTakenSinceThePlanIsStale(t *testing.T) {
	f := newFixture()
	p := f.plan(t, plantest.Config(plantest.Env("b")))
	other, err := f.api.Create(context.Background(), schema.EnvSpec{Name: "elsewhere", Config: schema.EnvConfig{Type: schema.ConfigSelfHosted},
		Metadata: map[string]string{schema.MetaStack: "platform", schema.MetaAddress: "environment.b"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), p, f.api, f.log, Options{})
	var stale *StaleError
	if !errors.As(err, &stale) || !strings.Contains(err.Error(), "environment.b: "+other.ID+" was created at this address since the plan") {
		t.Fatalf("err = %v", err)
	}
}
