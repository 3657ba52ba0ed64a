package change_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/apply"
	"terrarium/internal/change"
	"terrarium/internal/emulator"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

const apiKey = "sk-ant-change-test"

// stack is a real apply engine against the in-process emulator, with the
// state log on disk: what a user's apply runs.
type stack struct {
	t   *testing.T
	ctx context.Context
	api api.Client
	log *state.Local

	mu       sync.Mutex
	requests []emulator.LogEntry // every API request the emulator answered, in order
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{t: t, ctx: context.Background()}
	emu, err := emulator.New(emulator.Options{APIKey: apiKey, Seed: 3, OnRequest: func(e emulator.LogEntry) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, e)
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: apiKey, UserAgentVersion: "v0.0.0-test", AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	l, err := state.Open(t.TempDir(), state.Options{Stack: "platform", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s.api, s.log = c, l
	return s
}

// requestCount is how many API requests the emulator has answered.
func (s *stack) requestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *stack) plan(cfg *schema.Config, opts plan.Options) *plan.Plan {
	s.t.Helper()
	live, err := plan.Refresh(s.ctx, s.api)
	if err != nil {
		s.t.Fatalf("refresh: %v", err)
	}
	p, diags := plan.Compute(plan.Input{Config: cfg, Live: live, Snapshot: s.log.Snapshot(), Options: opts})
	if diags.HasErrors() {
		s.t.Fatalf("plan: %v", diags)
	}
	return p
}

func (s *stack) history(address string) []state.Version {
	s.t.Helper()
	h, err := state.ReadHistory(s.ctx, s.log.Path(), address)
	if err != nil {
		s.t.Fatal(err)
	}
	return h.Versions
}

// applyAndCompare applies p and checks that every change of the plan shows
// in the history of its address as exactly one new version (steps aside)
// with the plan's fields and egress delta, and that no other address
// gained a version.
func (s *stack) applyAndCompare(step string, cfg *schema.Config, p *plan.Plan) {
	t := s.t
	t.Helper()
	addrs := map[string]bool{}
	for _, e := range cfg.Environments {
		addrs[e.Address] = true
	}
	for _, c := range p.Changes {
		addrs[c.Address] = true
	}
	before := map[string]int{}
	for a := range addrs {
		before[a] = len(s.history(a))
	}
	seq, reqs := s.log.Head().Seq, s.requestCount()
	var sum *apply.Summary
	failed := t.Failed()
	defer func() {
		if t.Failed() && !failed {
			s.explain(step, p, sum, addrs, before, seq, reqs)
		}
	}()
	sum, err := apply.Run(s.ctx, p, s.api, s.log, apply.Options{Parallelism: 4})
	if err != nil || !sum.OK() {
		t.Fatalf("%s: apply: %v %+v", step, err, sum)
	}
	for a := range addrs {
		c := p.Change(a)
		var finals []state.Version
		for _, v := range s.history(a)[before[a]:] {
			if !v.Step {
				finals = append(finals, v)
			}
		}
		if c == nil {
			if len(finals) > 0 {
				t.Errorf("%s: %s is not in the plan but history has %+v", step, a, finals)
			}
			continue
		}
		if len(finals) != 1 {
			t.Errorf("%s: %s %s: want one new version, history has %+v", step, a, c.Action, finals)
			continue
		}
		v := finals[0]
		if v.Event != string(c.Action) || v.Removed != c.Action.Destroys() {
			t.Errorf("%s: %s: history event %q (removed %v), plan action %q", step, a, v.Event, v.Removed, c.Action)
		}
		if !reflect.DeepEqual(v.Changes, c.Fields) {
			t.Errorf("%s: %s %s: history fields\n  %+v\nplan fields\n  %+v", step, a, c.Action, v.Changes, c.Fields)
		}
		if want := planEgress(p, a); !reflect.DeepEqual(v.Egress, want) {
			t.Errorf("%s: %s %s: history egress %+v, plan egress %+v", step, a, c.Action, v.Egress, want)
		}
	}
	if again := s.plan(cfg, p.Options); !again.Empty() {
		t.Fatalf("%s: the plan after the apply is not empty: %+v", step, again.Changes)
	}
}

// explain logs what a failed step compared, so that a rare failure
// explains itself: the plan's changes, the apply's summary, the history of
// every address from the version before the apply, the records the apply
// wrote and the API requests made since the apply began (a retried or
// late request shows there), each in order.
func (s *stack) explain(step string, p *plan.Plan, sum *apply.Summary, addrs map[string]bool, before map[string]int, seq int64, reqs int) {
	t := s.t
	t.Helper()
	if sum != nil {
		t.Logf("%s: the apply's summary: %+v", step, *sum)
	}
	t.Logf("%s: the plan:", step)
	for _, c := range p.Changes {
		t.Logf("  %s %s temp=%q park=%q depends=%v fields=%+v", c.Address, c.Action, c.TempName, c.ParkName, c.DependsOn, c.Fields)
	}
	t.Logf("%s: history from the version before the apply:", step)
	for _, a := range slices.Sorted(maps.Keys(addrs)) {
		h, err := state.ReadHistory(s.ctx, s.log.Path(), a)
		if err != nil {
			t.Logf("  %s: %v", a, err)
			continue
		}
		for _, v := range h.Versions[max(before[a]-1, 0):] {
			t.Logf("  %s v%d %s step=%v removed=%v seq=%d apply=%+v changes=%+v egress=%+v", a, v.N, v.Event, v.Step, v.Removed, v.Seq, v.Apply, v.Changes, v.Egress)
		}
	}
	t.Logf("%s: the records the apply wrote:", step)
	err := state.ScanFile(s.ctx, s.log.Path(), func(line []byte, rec state.Record) error {
		if rec.Seq > seq {
			t.Logf("  %s", line)
		}
		return nil
	})
	if err != nil {
		t.Logf("  reading the log: %v", err)
	}
	t.Logf("%s: the API requests since the apply began:", step)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.requests[reqs:] {
		t.Logf("  %s %s %s%s -> %d dropped=%v took %s %s", e.Time.Format(time.RFC3339Nano), e.RequestID, e.Method, e.Path, e.Status, e.Dropped, time.Duration(e.Duration), e.Body)
	}
}

// planEgress is the egress delta the plan shows for address, nil for none.
func planEgress(p *plan.Plan, address string) change.Egress {
	for _, d := range p.Egress {
		if d.Address == address {
			return d.Items
		}
	}
	return nil
}

// The test: apply plans with every kind of change, and each new
// history version shows exactly the field changes and egress delta the
// plan showed. The steps together must exercise every egress kind and
// every kind of field, so that a new kind cannot slip past.
func TestHistoryShowsWhatThePlanShowed(t *testing.T) {
	s := newStack(t)
	env, str := plantest.Env, plantest.Str
	seenFields, seenEgress, seenActions := map[string]bool{}, map[string]bool{}, map[plan.Action]bool{}
	run := func(step string, cfg *schema.Config, opts plan.Options) {
		t.Helper()
		p := s.plan(cfg, opts)
		for _, c := range p.Changes {
			seenActions[c.Action] = true
			for _, f := range c.Fields {
				seenFields[f.Path] = true
			}
		}
		for _, d := range p.Egress {
			for _, it := range d.Items {
				seenEgress[it.Kind] = true
			}
		}
		s.applyAndCompare(step, cfg, p)
	}

	// 1. Creates: limited with a grant, unrestricted, self-hosted.
	run("create", plantest.Config(
		env("web", plantest.Desc("data"), plantest.Meta("team", "data"), plantest.Packages("pip", "pandas==2.2.0"),
			plantest.Limited(false, true, "https://a.example")),
		env("open"),
		env("gone", plantest.Limited(false, false, "https://g.example")),
		env("runner", plantest.Limited(true, false, "https://r.example")),
		env("one", plantest.Name("alpha")),
		env("two", plantest.Name("beta")),
		env("plain", plantest.SelfHosted()),
	), plan.Options{})

	// 2. Updates: a host widening, a description cleared, metadata changed
	// and added, unrestricted to limited, cloud to self-hosted (a replace
	// through a parked name), a removal (archive), a name swap and a rename.
	run("update", plantest.Config(
		env("web", plantest.Meta("team", "ml", "cost", "1"), plantest.Packages("pip", "pandas==2.2.0"),
			plantest.Limited(false, true, "https://a.example", "https://c.example")),
		env("open", plantest.Limited(false, false, "https://o.example")),
		env("runner", plantest.SelfHosted()),
		env("one", plantest.Name("beta")),
		env("two", plantest.Name("alpha")),
		env("plain", plantest.SelfHosted(), plantest.Name("plain2")),
	), plan.Options{})

	// 3. A host narrowing, MCP granted, a description of "" where there
	// is none (no change), a metadata key removed, a package added, limited
	// to unrestricted, self-hosted back to cloud, and deletes rather than
	// archives (on_destroy = "delete").
	cfg := plantest.Config(
		env("web", plantest.Desc(""), plantest.Meta("team", "ml"), plantest.Packages("pip", "pandas==2.2.0", "numpy==2.1.0"),
			plantest.Limited(true, true, "https://c.example")),
		env("open"),
		env("runner", plantest.Limited(false, true, "https://r.example")),
		env("two", plantest.Name("alpha")),
		env("plain", plantest.SelfHosted(), plantest.Name("plain2")),
	)
	cfg.Settings.OnDestroy = str("delete")
	run("narrow", cfg, plan.Options{})

	// 4. A description set again, MCP and package managers revoked, then
	// everything archived.
	run("describe", plantest.Config(
		env("web", plantest.Desc("ml team"), plantest.Meta("team", "ml"), plantest.Packages("pip", "pandas==2.2.0", "numpy==2.1.0"),
			plantest.Limited(false, true, "https://c.example")),
		env("open"),
		env("runner", plantest.Limited(false, false, "https://r.example")),
		env("two", plantest.Name("alpha")),
		env("plain", plantest.SelfHosted(), plantest.Name("plain2")),
	), plan.Options{})
	run("destroy", plantest.Config(), plan.Options{Destroy: true})

	for _, a := range []plan.Action{plan.ActionCreate, plan.ActionUpdate, plan.ActionReplace, plan.ActionArchive, plan.ActionDelete} {
		if !seenActions[a] {
			t.Errorf("no step planned a %s", a)
		}
	}
	for _, k := range []string{change.EgressHostAdded, change.EgressHostRemoved, change.EgressUnrestricted, change.EgressLimited,
		change.EgressMCPGranted, change.EgressMCPRevoked, change.EgressPkgMgrsGranted, change.EgressPkgMgrsRevoked,
		change.EgressRemoved, change.EgressSelfHosted} {
		if !seenEgress[k] {
			t.Errorf("no step planned the egress item %s", k)
		}
	}
	for _, p := range []string{schema.PathName, schema.PathDescription, schema.MetadataPath("team"), schema.MetadataPath("cost"),
		schema.PathConfigType, schema.PackagesPath("pip"), schema.PathNetworkingType, schema.PathAllowedHosts,
		schema.PathAllowMCPServers, schema.PathAllowPackageManagers} {
		if !seenFields[p] {
			t.Errorf("no step planned a change of %s", p)
		}
	}
	if t.Failed() {
		for _, a := range []string{"environment.web", "environment.runner", "environment.one"} {
			for _, v := range s.history(a) {
				t.Logf("%s v%d %s step=%v removed=%v changes=%+v egress=%+v", a, v.N, v.Event, v.Step, v.Removed, v.Changes, v.Egress)
			}
		}
	}
}
