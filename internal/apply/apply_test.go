package apply

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

type fixture struct {
	api    *plantest.API
	log    *plantest.Log
	mu     sync.Mutex
	events []Event
}

func newFixture() *fixture {
	return &fixture{api: plantest.NewAPI(), log: plantest.NewLog("platform", "lin-1")}
}

func (f *fixture) plan(t *testing.T, cfg *schema.Config) *plan.Plan {
	t.Helper()
	live, err := plan.Refresh(context.Background(), f.api)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	p, diags := plan.Compute(plan.Input{Config: cfg, Live: live, Snapshot: f.log.Snapshot()})
	if diags.HasErrors() {
		t.Fatalf("plan: %v %v", err, diags)
	}
	return p
}

func (f *fixture) apply(t *testing.T, ctx context.Context, p *plan.Plan) *Summary {
	t.Helper()
	sum, err := Run(ctx, p, f.api, f.log, Options{Parallelism: 4, Emit: func(e Event) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.events = append(f.events, e)
	}})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return sum
}

func (f *fixture) converged(t *testing.T, cfg *schema.Config) {
	t.Helper()
	if p := f.plan(t, cfg); !p.Empty() {
		t.Fatalf("rerun plan is not empty: %+v", p.Changes)
	}
}

func TestApplyCreatesJournalsAndConverges(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a", plantest.Limited(false, true, "https://a.example")), plantest.Env("b"))
	sum := f.apply(t, context.Background(), f.plan(t, cfg))
	if !sum.OK() || sum.Counts[plan.ActionCreate] != 2 || sum.Serial != 1 {
		t.Fatalf("summary %+v", sum)
	}
	for _, e := range f.api.Envs() {
		if st, addr := e.Owner(); st != "platform" || !strings.HasPrefix(addr, "environment.") {
			t.Errorf("create without ownership keys: %+v", e.Metadata)
		}
	}
	snap := f.log.Snapshot()
	if len(snap.Resources) != 2 || len(snap.Pending) != 0 || snap.Serial != 1 {
		t.Fatalf("snapshot %+v", snap)
	}
	var kinds []state.Kind
	for _, r := range f.log.All() {
		kinds = append(kinds, r.Kind)
	}
	if kinds[1] != state.KindApplyStart || kinds[len(kinds)-1] != state.KindApplyEnd || kinds[2] != state.KindIntent {
		t.Fatalf("journal order %v", kinds)
	}
	if _, ok := f.events[len(f.events)-1].(*Summary); !ok {
		t.Fatal("the last event must be the summary")
	}
	f.converged(t, cfg)
	assertJournalOrder(t, f.log.All())

	cfg.Environments[0] = plantest.Env("a", plantest.Desc("now described"), plantest.Limited(true, false))
	sum = f.apply(t, context.Background(), f.plan(t, cfg))
	if sum.Counts[plan.ActionUpdate] != 1 || sum.Serial != 2 {
		t.Fatalf("summary %+v", sum)
	}
	f.converged(t, cfg)
}

func TestStalePlanRefused(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a"))
	f.apply(t, context.Background(), f.plan(t, cfg))
	cfg.Environments[0] = plantest.Env("a", plantest.Desc("x"))
	p := f.plan(t, cfg)
	live := f.api.Envs()[0]
	live.Config.Networking = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{"https://evil.example"}}
	f.api.Put(live)
	_, err := Run(context.Background(), p, f.api, f.log, Options{})
	var stale *StaleError
	if !errors.As(err, &stale) || !strings.Contains(err.Error(), "environment.a ("+live.ID+"): changed since the plan: config.networking.type, config.networking.allowed_hosts") {
		t.Fatalf("err = %v", err)
	}
	if f.log.Locked() {
		t.Fatal("lock left held")
	}
	p = f.plan(t, cfg)
	f.apply(t, context.Background(), f.plan(t, cfg)) // serial moves
	if _, err := Run(context.Background(), p, f.api, f.log, Options{}); !errors.As(err, &stale) || !strings.Contains(err.Error(), "serial moved") {
		t.Fatalf("err = %v", err)
	}
}

// A plan made by the run that applies it (apply DIR) saved nothing: its
// stale error says to run apply again, not plan, and keeps every reason.
func TestUnsavedStaleSaysRunApplyAgain(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a"))
	p := f.plan(t, cfg)
	f.apply(t, context.Background(), f.plan(t, cfg)) // another run applies first
	_, err := Run(context.Background(), p, f.api, f.log, Options{})
	var stale *StaleError
	if !errors.As(err, &stale) {
		t.Fatalf("err = %v", err)
	}
	u := stale.Unsaved()
	if msg := u.Error(); !strings.HasPrefix(msg, "the stack changed while this apply waited for approval; run apply again:") ||
		strings.Contains(msg, "run plan again") || !strings.Contains(msg, "serial moved") {
		t.Fatalf("unsaved error = %q", msg)
	}
	if len(u.Diags) != len(stale.Diags) || len(u.Diags) == 0 {
		t.Fatalf("unsaved diags %d, want %d", len(u.Diags), len(stale.Diags))
	}
	for i, d := range u.Diags {
		if d.Summary != UnsavedSummary || d.Detail != stale.Diags[i].Detail {
			t.Errorf("diag %d = %q / %q", i, d.Summary, d.Detail)
		}
		if stale.Diags[i].Summary != StaleSummary {
			t.Errorf("Unsaved changed the original's diag %d", i)
		}
	}
}

func TestLockHeld(t *testing.T) {
	f := newFixture()
	u, _ := f.log.Lock(context.Background(), state.LockInfo{}, 0)
	defer u.Unlock()
	if _, err := Run(context.Background(), f.plan(t, plantest.Config(plantest.Env("a"))), f.api, f.log, Options{}); !errors.Is(err, plantest.ErrLocked) {
		t.Fatalf("err = %v", err)
	}
}

func TestPartialFailureContinuesIndependents(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a"), plantest.Env("b"), plantest.Env("c"))
	f.api.Fail = func(op, name string) error {
		if op == "create" && name == "b" {
			return &api.Error{Op: op, Env: name, StatusCode: 400, Code: api.CodeInvalidConfigTypeChange, Message: "no", RequestID: "req_42"}
		}
		return nil
	}
	sum := f.apply(t, context.Background(), f.plan(t, cfg))
	if sum.Counts[plan.ActionCreate] != 2 || len(sum.Failed) != 1 || sum.Failed[0].Code != api.CodeInvalidConfigTypeChange || sum.Failed[0].RequestID != "req_42" {
		t.Fatalf("summary %+v", sum)
	}
	f.api.Fail = nil
	p := f.plan(t, cfg)
	if len(p.Changes) != 1 || p.Changes[0].Address != "environment.b" {
		t.Fatalf("rerun must plan only the remaining work: %+v", p.Changes)
	}
	f.apply(t, context.Background(), p)
	f.converged(t, cfg)
}

func TestDependentsSkippedWhenNameNotFreed(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("old", plantest.Name("web")))))
	f.api.Fail = func(op, name string) error {
		if op == "archive" {
			return &api.Error{Op: op, StatusCode: 500, Type: "api_error", Message: "boom", RequestID: "req_9"}
		}
		return nil
	}
	sum := f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("web"))))
	if len(sum.Failed) != 1 || len(sum.NotAttempted) != 1 || sum.NotAttempted[0].Address != "environment.web" {
		t.Fatalf("summary %+v", sum)
	}
	if f.api.Calls["create"] != 1 {
		t.Fatalf("the create must not be sent: %v", f.api.Calls)
	}
}

func TestAmbiguousCreateIsAdoptedNeverResent(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a"))
	f.api.Fail = func(op, name string) error {
		if op == "create" {
			return &api.AmbiguousError{Op: op, Env: name, Err: errors.New("connection reset")}
		}
		return nil
	}
	sum := f.apply(t, context.Background(), f.plan(t, cfg))
	if len(sum.Failed) != 1 || sum.Failed[0].Code != "ambiguous" {
		t.Fatalf("summary %+v", sum)
	}
	if len(f.log.Snapshot().Pending) != 1 {
		t.Fatal("the ambiguous intent must stay pending")
	}
	f.api.Fail = nil
	// The rerun's plan settles the pending create against the live
	// environment carrying its keys: nothing is left to do, and the apply
	// records the settlement.
	p := f.plan(t, cfg)
	if len(p.Changes) != 0 || len(p.Drift) != 0 {
		t.Fatalf("rerun must settle the create, not change anything: %+v %+v", p.Changes, p.Drift)
	}
	f.apply(t, context.Background(), p)
	if n := len(f.log.Snapshot().Pending); n != 0 {
		t.Fatalf("%d intent(s) pending after the apply", n)
	}
	if f.api.Calls["create"] != 1 || len(f.api.Envs()) != 1 {
		t.Fatalf("create resent: %v", f.api.Calls)
	}
	if r := f.log.Snapshot().Resources["environment.a"]; r == nil || r.Version != 1 {
		t.Fatalf("adopted resource %+v", r)
	}
	f.converged(t, cfg)
}

func TestCreateConflictWithUnmanagedReported(t *testing.T) {
	f := newFixture()
	p := f.plan(t, plantest.Config(plantest.Env("a")))
	f.api.Put(schema.LiveEnv{ID: "env_x", EnvSpec: schema.EnvSpec{Name: "a", Metadata: map[string]string{}, Config: schema.EnvConfig{Type: schema.ConfigCloud}}})
	sum := f.apply(t, context.Background(), p)
	if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Message, "terrarium import environment.a env_x") {
		t.Fatalf("summary %+v", sum)
	}
}

func TestCreateConflictWithOursAdopts(t *testing.T) {
	f := newFixture()
	p := f.plan(t, plantest.Config(plantest.Env("a")))
	ours := schema.LiveEnv{ID: "env_x", EnvSpec: *p.Changes[0].After}
	f.api.Put(ours)
	r := newRunner(p, f.api, f.log, Options{})
	id, err := r.create(context.Background(), &p.Changes[0])
	if jerr := r.j.close(); jerr != nil {
		t.Fatal(jerr)
	}
	if err != nil || id != "env_x" || f.log.Snapshot().Resources["environment.a"] == nil {
		t.Fatalf("id=%q err=%v", id, err)
	}
}

func TestNameSwap(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("a", plantest.Name("blue")), plantest.Env("b", plantest.Name("green")))))
	cfg := plantest.Config(plantest.Env("a", plantest.Name("green")), plantest.Env("b", plantest.Name("blue")))
	sum := f.apply(t, context.Background(), f.plan(t, cfg))
	if !sum.OK() || sum.Counts[plan.ActionUpdate] != 2 {
		t.Fatalf("summary %+v", sum)
	}
	names := map[string]string{}
	for _, e := range f.api.Envs() {
		names[e.Metadata[schema.MetaAddress]] = e.Name
	}
	if names["environment.a"] != "green" || names["environment.b"] != "blue" {
		t.Fatalf("names %v", names)
	}
	assertJournalOrder(t, f.log.All())
	f.converged(t, cfg)
}

func TestCancelStopsNewCalls(t *testing.T) {
	f := newFixture()
	var envs []*schema.Environment
	for _, n := range []string{"a", "b", "c", "d"} {
		envs = append(envs, plantest.Env(n))
	}
	cfg := plantest.Config(envs...)
	p := f.plan(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	sum, err := Run(ctx, p, f.api, f.log, Options{Parallelism: 1, Emit: func(e Event) {
		if _, ok := e.(ChangeStarted); ok {
			cancel() // the first call is in flight: it must finish and be recorded
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Interrupted || sum.Counts[plan.ActionCreate] != 1 || len(sum.NotAttempted) != 3 {
		t.Fatalf("summary %+v", sum)
	}
	if len(f.log.Snapshot().Resources) != 1 || len(f.log.Snapshot().Pending) != 0 {
		t.Fatal("the in-flight call was not recorded, or an unsent intent was left pending")
	}
	assertJournalOrder(t, f.log.All())
	f.apply(t, context.Background(), f.plan(t, cfg))
	f.converged(t, cfg)
}

// lossy drops allow_mcp_servers from what update returns.
type lossy struct{ *plantest.API }

func (l lossy) Update(ctx context.Context, id string, u api.Update) (schema.LiveEnv, error) {
	e, err := l.API.Update(ctx, id, u)
	if e.Config.Networking != nil {
		e.Config.Networking.AllowMCPServers = false
	}
	return e, err
}

func TestVerifyMismatchNamesField(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("a", plantest.Limited(false, false)))))
	p := f.plan(t, plantest.Config(plantest.Env("a", plantest.Limited(true, false))))
	sum, err := Run(context.Background(), p, lossy{f.api}, f.log, Options{})
	if err != nil || len(sum.Failed) != 1 || sum.Failed[0].Code != "verify" || !strings.Contains(sum.Failed[0].Message, "allow_mcp_servers") {
		t.Fatalf("summary %+v err %v", sum, err)
	}
}

func TestRefreshOnlyAcceptsDrift(t *testing.T) {
	f := newFixture()
	cfg := plantest.Config(plantest.Env("a"))
	f.apply(t, context.Background(), f.plan(t, cfg))
	live := f.api.Envs()[0]
	d := "edited in the console"
	live.Description = &d
	f.api.Put(live)
	refreshed, err := plan.Refresh(context.Background(), f.api)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	p, _ := plan.Compute(plan.Input{Config: cfg, Live: refreshed, Snapshot: f.log.Snapshot(), Options: plan.Options{RefreshOnly: true}})
	sum := f.apply(t, context.Background(), p)
	if sum.Refreshed != 1 || f.api.Calls["update"] != 0 {
		t.Fatalf("summary %+v calls %v", sum, f.api.Calls)
	}
	if r := f.log.Snapshot().Resources["environment.a"]; *r.Live.Description != d || r.Version != 2 {
		t.Fatalf("resource %+v", r)
	}
}

func TestMoveAndForgetAndDestroy(t *testing.T) {
	f := newFixture()
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("old"), plantest.Env("keep"), plantest.Env("gone"))))
	cfg := plantest.Config(plantest.Env("new", plantest.Name("old")))
	cfg.Moved = []*schema.Moved{{From: plantest.Str("environment.old"), To: plantest.Str("environment.new")}}
	cfg.Removed = []*schema.Removed{{From: plantest.Str("environment.keep")}}
	p := f.plan(t, cfg)
	var acts []string
	for _, c := range p.Changes {
		acts = append(acts, c.Address+" "+string(c.Action))
	}
	want := []string{"environment.gone archive", "environment.keep forget", "environment.new move"}
	if !slices.Equal(acts, want) {
		t.Fatalf("actions %q", acts)
	}
	if sum := f.apply(t, context.Background(), p); !sum.OK() {
		t.Fatalf("summary %+v", sum)
	}
	snap := f.log.Snapshot()
	if snap.Resources["environment.new"] == nil || snap.Resources["environment.old"] != nil || snap.Resources["environment.keep"] != nil || len(snap.Resources) != 1 {
		t.Fatalf("resources %v", snap.Resources)
	}
	f.converged(t, cfg)
}

func TestImport(t *testing.T) {
	f := newFixture()
	f.api.Put(schema.LiveEnv{ID: "env_x", EnvSpec: schema.EnvSpec{Name: "a", Metadata: map[string]string{"team": "t"}, Config: schema.EnvConfig{Type: schema.ConfigCloud}}})
	live, err := Import(context.Background(), ImportRequest{Stack: "platform", Address: "environment.a", ID: "env_x"}, f.api, f.log, Options{})
	if err != nil || live.Metadata[schema.MetaAddress] != "environment.a" || live.Metadata["team"] != "t" {
		t.Fatalf("live %+v err %v", live, err)
	}
	if r := f.log.Snapshot().Resources["environment.a"]; r == nil || r.Version != 1 {
		t.Fatalf("resource %+v", r)
	}
	f.converged(t, plantest.Config(plantest.Env("a", plantest.Meta("team", "t"))))
	if _, err := Import(context.Background(), ImportRequest{Stack: "platform", Address: "environment.b", ID: "env_x"}, f.api, f.log, Options{}); err == nil {
		t.Fatal("importing a managed environment must fail")
	}
}

func TestArchivedNamesParkedBeforeReuse(t *testing.T) {
	f := newFixture()
	f.api.ArchivedHoldNames = true
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("old", plantest.Name("web")), plantest.Env("worker"))))
	cfg := plantest.Config(plantest.Env("web"), plantest.Env("worker", plantest.SelfHosted()))
	p := f.plan(t, cfg)
	if p.Change("environment.old").ParkName == "" || p.Change("environment.worker").ParkName == "" {
		t.Fatalf("archives whose names are reused must be parked: %+v", p.Changes)
	}
	if sum := f.apply(t, context.Background(), p); !sum.OK() {
		t.Fatalf("summary %+v", sum)
	}
	f.converged(t, cfg)
}

// assertJournalOrder checks that every result follows its intent, every
// intent is closed by a result, and an address's next intent follows the
// result of its previous one: the steps of one change (a swap's temporary
// and final renames, a replace's archive and create) are logged one call
// after the other, as the state replay folds them.
func assertJournalOrder(t *testing.T, recs []state.Record) {
	t.Helper()
	open := map[string]bool{}
	openAt := map[string]string{} // address -> its open intent
	for _, r := range recs {
		switch r.Kind {
		case state.KindIntent:
			if id, ok := openAt[r.Intent.Address]; ok {
				t.Fatalf("intent %s for %s logged before the result of %s", r.Intent.ID, r.Intent.Address, id)
			}
			open[r.Intent.ID] = true
			openAt[r.Intent.Address] = r.Intent.ID
		case state.KindResult:
			if !open[r.Result.IntentID] {
				t.Fatalf("result for %s before its intent", r.Result.IntentID)
			}
			delete(open, r.Result.IntentID)
			for a, id := range openAt {
				if id == r.Result.IntentID {
					delete(openAt, a)
				}
			}
		}
	}
	if len(open) > 0 {
		t.Fatalf("%d intents without a result", len(open))
	}
}

func TestReplaceFailingAfterArchiveConverges(t *testing.T) {
	f := newFixture()
	f.api.ArchivedHoldNames = true
	f.apply(t, context.Background(), f.plan(t, plantest.Config(plantest.Env("w"))))
	cfg := plantest.Config(plantest.Env("w", plantest.SelfHosted()))
	f.api.Fail = func(op, name string) error {
		if op == "create" {
			return &api.Error{Op: op, StatusCode: 403, Code: api.CodeEnvironmentCreateDisable, Message: "disabled", RequestID: "req_7"}
		}
		return nil
	}
	if sum := f.apply(t, context.Background(), f.plan(t, cfg)); len(sum.Failed) != 1 {
		t.Fatalf("summary %+v", sum)
	}
	f.api.Fail = nil
	p := f.plan(t, cfg)
	if c := onlyChangeOf(t, p); c.Action != plan.ActionReplace || !strings.Contains(c.Reason, "did not finish") {
		t.Fatalf("rerun: %+v", c)
	}
	if sum := f.apply(t, context.Background(), p); !sum.OK() {
		t.Fatalf("summary %+v", sum)
	}
	f.converged(t, cfg)
}

func onlyChangeOf(t *testing.T, p *plan.Plan) plan.Change {
	t.Helper()
	if len(p.Changes) != 1 {
		t.Fatalf("want 1 change, got %+v", p.Changes)
	}
	return p.Changes[0]
}
