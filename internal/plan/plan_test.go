package plan

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"terrarium/internal/change"
	"terrarium/internal/state"
	"terrarium/schema"
)

func mustPlan(t *testing.T, cfg *schema.Config, live []schema.LiveEnv, snap *state.Snapshot, opts Options) *Plan {
	t.Helper()
	p, diags := compute(cfg, live, snap, opts)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	return p
}

func onlyChange(t *testing.T, p *Plan) Change {
	t.Helper()
	if len(p.Changes) != 1 {
		t.Fatalf("want 1 change, got %d: %+v", len(p.Changes), p.Changes)
	}
	return p.Changes[0]
}

func paths(fs []change.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return out
}

func TestCreateCarriesOwnershipAndWidens(t *testing.T) {
	e := cfgEnv("web", withLimited(true, false, "https://b.example", "https://a.example"))
	p := mustPlan(t, config(e), nil, nil, Options{})
	c := onlyChange(t, p)
	if c.Action != ActionCreate || c.After.Metadata[schema.MetaStack] != "platform" || c.After.Metadata[schema.MetaAddress] != "environment.web" {
		t.Fatalf("bad create: %+v", c)
	}
	if !p.DriftUnavailable {
		t.Error("no snapshot: drift attribution must be unavailable")
	}
	if len(p.Egress) != 1 {
		t.Fatalf("egress: %+v", p.Egress)
	}
	var kinds []string
	for _, it := range p.Egress[0].Items {
		if !it.Widening {
			t.Errorf("create item %+v must widen", it)
		}
		kinds = append(kinds, it.Kind+" "+it.Host)
	}
	want := []string{"host_added https://a.example", "host_added https://b.example", "mcp_granted "}
	if !slices.Equal(kinds, want) {
		t.Errorf("egress items %q, want %q", kinds, want)
	}
}

func TestNoNetworkingBlockIsUnrestricted(t *testing.T) {
	p := mustPlan(t, config(cfgEnv("web")), nil, nil, Options{})
	if len(p.Egress) != 1 || p.Egress[0].Items[0].Kind != change.EgressUnrestricted || !p.Egress[0].Items[0].Widening {
		t.Fatalf("egress: %+v", p.Egress)
	}
}

func TestOrderNeverDiffs(t *testing.T) {
	e := cfgEnv("web", withPip("numpy", "pandas"), withLimited(false, true, "https://a.example", "https://b.example"))
	live := liveOf("env_1", e)
	live.Config.Networking.AllowedHosts = []string{"https://b.example", "https://a.example"}
	live.Config.Packages.Pip = []string{"pandas", "numpy"}
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{})
	if len(p.Changes) != 0 || p.Unchanged != 1 || !p.Empty() {
		t.Fatalf("want no changes, got %+v", p.Changes)
	}
}

func TestDescriptionNullEqualsEmpty(t *testing.T) {
	e := cfgEnv("web", withDesc(""))
	live := liveOf("env_1", cfgEnv("web"))
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{})
	if len(p.Changes) != 0 {
		t.Fatalf("null vs \"\" must not diff: %+v", p.Changes)
	}
}

func TestUpdateFieldByField(t *testing.T) {
	old := cfgEnv("web", withDesc("old"), withMeta("team", "a", "gone", "x"), withLimited(false, false, "https://a.example"))
	e := cfgEnv("web", withDesc("new"), withMeta("team", "b"), withLimited(true, false, "https://c.example"))
	live := liveOf("env_1", old)
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{})
	c := onlyChange(t, p)
	if c.Action != ActionUpdate || c.EnvID != "env_1" || c.Fingerprint != Fingerprint(&live) {
		t.Fatalf("bad update: %+v", c)
	}
	want := []string{"description", "metadata.gone", "metadata.team", schema.PathAllowedHosts, schema.PathAllowMCPServers}
	if got := paths(c.Fields); !slices.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	if !slices.Equal(c.RemoveMetadata, []string{"gone"}) {
		t.Errorf("remove metadata %q", c.RemoveMetadata)
	}
	for _, f := range c.Fields {
		if f.Path == schema.PathAllowedHosts && (!slices.Equal(f.Added, []string{"https://c.example"}) || !slices.Equal(f.Removed, []string{"https://a.example"})) {
			t.Errorf("hosts diff %+v", f)
		}
	}
	var kinds []string
	for _, it := range p.Egress[0].Items {
		kinds = append(kinds, it.Kind)
	}
	if !slices.Equal(kinds, []string{change.EgressHostAdded, change.EgressHostRemoved, change.EgressMCPGranted}) {
		t.Errorf("egress %q", kinds)
	}
}

func TestUnmanagedNameConflictSaysImport(t *testing.T) {
	_, diags := compute(config(cfgEnv("web")), []schema.LiveEnv{unmanaged("env_9", "web")}, nil, Options{})
	if !diags.HasErrors() || !strings.Contains(diags[0].Detail, "terrarium import environment.web env_9") {
		t.Fatalf("diags: %v", diags)
	}
}

func TestUnmanagedNeverTouched(t *testing.T) {
	p := mustPlan(t, config(), []schema.LiveEnv{unmanaged("env_9", "other")}, nil, Options{})
	if len(p.Changes) != 0 {
		t.Fatalf("unmanaged env touched: %+v", p.Changes)
	}
}

func TestTypeChangeReplaces(t *testing.T) {
	live := liveOf("env_1", cfgEnv("web"))
	p := mustPlan(t, config(cfgEnv("web", selfHosted())), []schema.LiveEnv{live}, nil, Options{})
	c := onlyChange(t, p)
	if c.Action != ActionReplace || c.DestroyMode != "archive" || !strings.Contains(c.Reason, "cloud to self_hosted") {
		t.Fatalf("bad replace: %+v", c)
	}
	_, diags := compute(config(cfgEnv("web", selfHosted(), preventDestroy())), []schema.LiveEnv{live}, nil, Options{})
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Start.Line != 9 {
		t.Fatalf("prevent_destroy must block a replace, at the lifecycle: %v", diags)
	}
}

func TestArchivedOutsideReplaces(t *testing.T) {
	live := liveOf("env_1", cfgEnv("web"))
	at := t0.Add(time.Hour)
	live.ArchivedAt = &at
	snapLive := liveOf("env_1", cfgEnv("web"))
	p := mustPlan(t, config(cfgEnv("web", withName("web-2"))), []schema.LiveEnv{live}, snapshotOf(snapLive), Options{})
	c := onlyChange(t, p)
	if c.Action != ActionReplace || !strings.Contains(c.Reason, "archived outside terrarium") {
		t.Fatalf("bad: %+v", c)
	}
	if len(p.Drift) != 1 || p.Drift[0].Reason != "archived outside terrarium" {
		t.Fatalf("drift: %+v", p.Drift)
	}
}

// An archived environment keeps its name and cannot be renamed, so a
// name one holds fails the plan, whoever holds it: the address's own old
// environment, another block's archived one, or an unmanaged one.
func TestArchivedHolderFailsThePlan(t *testing.T) {
	at := t0.Add(time.Hour)
	own := liveOf("env_1", cfgEnv("web"))
	own.ArchivedAt = &at
	other := liveOf("env_2", cfgEnv("old", withName("api")))
	other.ArchivedAt = &at
	stray := unmanaged("env_3", "db")
	stray.ArchivedAt = &at
	mover := liveOf("env_4", cfgEnv("mover", withName("m")))
	live := []schema.LiveEnv{own, other, stray, mover}
	cfg := config(cfgEnv("web"), cfgEnv("api"), cfgEnv("db"), cfgEnv("free", withName("old")), cfgEnv("mover", withName("api")))
	_, diags := compute(cfg, live, snapshotOf(own, other, mover), Options{})
	want := []string{
		`environment.api wants the name "api", which the archived environment env_2 (environment.old of this stack) still holds`,
		`environment.db wants the name "db", which the archived environment env_3 (not managed by terrarium) still holds`,
		`environment.mover wants the name "api", which the archived environment env_2 (environment.old of this stack) still holds`,
		`environment.web wants the name "web", which the archived environment env_1 (environment.web of this stack) still holds`,
	}
	if len(diags) != len(want) {
		t.Fatalf("want %d diagnostics, got %v", len(want), diags)
	}
	got := make([]string, 0, len(diags))
	for _, d := range diags {
		if d.Summary != "Name held by an archived environment" || !strings.Contains(d.Detail, `on_destroy = "delete"`) {
			t.Fatalf("diagnostic: %s: %s", d.Summary, d.Detail)
		}
		got = append(got, d.Detail)
	}
	sort.Strings(got)
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("diagnostic %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestReplaceArchiveParksTheOldName(t *testing.T) {
	live := liveOf("env_1", cfgEnv("w", withName("a")))
	p := mustPlan(t, config(cfgEnv("w", withName("f"), selfHosted())), []schema.LiveEnv{live}, snapshotOf(live), Options{})
	if c := onlyChange(t, p); c.Action != ActionReplace || !strings.HasPrefix(c.ParkName, "a-archived-") {
		t.Fatalf("a replace that archives must park the old name: %+v", c)
	}
	cfg := config(cfgEnv("w", withName("f"), selfHosted()))
	cfg.Settings.OnDestroy = str("delete")
	if c := onlyChange(t, mustPlan(t, cfg, []schema.LiveEnv{live}, snapshotOf(live), Options{})); c.ParkName != "" {
		t.Fatalf("a replace that deletes needs no park: %+v", c)
	}
}

func TestOrphanArchiveDeleteAndPreventDestroy(t *testing.T) {
	live := liveOf("env_1", cfgEnv("old"))
	p := mustPlan(t, config(), []schema.LiveEnv{live}, nil, Options{})
	if c := onlyChange(t, p); c.Action != ActionArchive {
		t.Fatalf("want archive: %+v", c)
	}
	cfg := config()
	cfg.Settings.OnDestroy = str("delete")
	p = mustPlan(t, cfg, []schema.LiveEnv{live}, nil, Options{})
	if c := onlyChange(t, p); c.Action != ActionDelete {
		t.Fatalf("want delete: %+v", c)
	}
	snap := snapshotOf(live)
	snap.Resources["environment.old"].PreventDestroy = true
	if _, diags := compute(config(), []schema.LiveEnv{live}, snap, Options{}); !diags.HasErrors() {
		t.Fatal("prevent_destroy remembered in the state log must block")
	}
}

func TestRemovedForget(t *testing.T) {
	live := liveOf("env_1", cfgEnv("old", withMeta("team", "a")))
	cfg := config()
	cfg.Removed = []*schema.Removed{{From: str("environment.old"), Destroy: false}}
	c := onlyChange(t, mustPlan(t, cfg, []schema.LiveEnv{live}, nil, Options{}))
	if c.Action != ActionForget || c.After.Metadata[schema.MetaStack] != "" || c.After.Metadata["team"] != "a" || len(c.RemoveMetadata) != 2 {
		t.Fatalf("bad forget: %+v", c)
	}
}

func TestMoved(t *testing.T) {
	live := liveOf("env_1", cfgEnv("old", withName("web")))
	cfg := config(cfgEnv("new", withName("web")))
	cfg.Moved = []*schema.Moved{{From: str("environment.old"), To: str("environment.new")}}
	c := onlyChange(t, mustPlan(t, cfg, []schema.LiveEnv{live}, snapshotOf(live), Options{}))
	if c.Action != ActionMove || c.PrevAddress != "environment.old" || c.After.Metadata[schema.MetaAddress] != "environment.new" || len(c.Fields) != 0 {
		t.Fatalf("bad move: %+v", c)
	}
	cfg.Environments[0] = cfgEnv("new", withName("web"), withDesc("d"))
	c = onlyChange(t, mustPlan(t, cfg, []schema.LiveEnv{live}, snapshotOf(live), Options{}))
	if c.Action != ActionUpdate || c.PrevAddress != "environment.old" {
		t.Fatalf("move+update: %+v", c)
	}
}

func TestImportAdopts(t *testing.T) {
	cfg := config(cfgEnv("web", withDesc("mine")))
	cfg.Imports = []*schema.Import{{To: str("environment.web"), ID: str("env_9")}}
	c := onlyChange(t, mustPlan(t, cfg, []schema.LiveEnv{unmanaged("env_9", "web")}, nil, Options{}))
	if c.Action != ActionAdopt || c.EnvID != "env_9" || c.After.Metadata[schema.MetaAddress] != "environment.web" {
		t.Fatalf("bad adopt: %+v", c)
	}
	if !slices.Equal(c.RemoveMetadata, []string{"owner"}) || !slices.Contains(paths(c.Fields), "description") {
		t.Fatalf("adopt diff: %+v", c)
	}
	cfg.Imports[0].ID = str("env_missing")
	if _, diags := compute(cfg, nil, nil, Options{}); !diags.HasErrors() {
		t.Fatal("import of a missing id must fail")
	}
}

func TestPendingCreateSettles(t *testing.T) {
	e := cfgEnv("web")
	live := liveOf("env_1", e)
	snap := snapshotOf()
	snap.Pending = []state.Intent{{ID: "i1", Op: state.OpCreate, Address: "environment.web", Spec: withOwner(e.Spec(), "platform", "environment.web", false)}}
	// The create's answer was lost and it landed: the plan settles it in
	// memory, so there is nothing to do and nothing is drift.
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, snap, Options{})
	if len(p.Changes) != 0 || len(p.Drift) != 0 {
		t.Fatalf("a landed create must settle: changes %+v, drift %+v", p.Changes, p.Drift)
	}
	// An environment carrying the keys with no intent for it is adopted.
	c := onlyChange(t, mustPlan(t, config(e), []schema.LiveEnv{live}, snapshotOf(), Options{}))
	if c.Action != ActionAdopt || len(c.Fields) != 0 || !strings.Contains(c.Reason, "found by its ownership keys") {
		t.Fatalf("bad adopt: %+v", c)
	}
}

func TestDrift(t *testing.T) {
	e := cfgEnv("web", withLimited(false, false, "https://a.example"))
	last := liveOf("env_1", e)
	live := liveOf("env_1", e)
	live.Config.Networking = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{"https://a.example", "https://evil.example"}}
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, snapshotOf(last), Options{})
	if len(p.Drift) != 1 || !slices.Equal(paths(p.Drift[0].Fields), []string{schema.PathAllowedHosts}) {
		t.Fatalf("drift: %+v", p.Drift)
	}
	c := onlyChange(t, p)
	if c.Action != ActionUpdate || c.Fields[0].Removed[0] != "https://evil.example" {
		t.Fatalf("update must revert drift: %+v", c)
	}
	p = mustPlan(t, config(e), []schema.LiveEnv{live}, snapshotOf(last), Options{RefreshOnly: true})
	if len(p.Changes) != 0 || len(p.Drift) != 1 || p.Empty() {
		t.Fatalf("refresh-only: %+v", p)
	}
}

func TestIgnoreChanges(t *testing.T) {
	live := liveOf("env_1", cfgEnv("web", withDesc("live"), withMeta("team", "ops")))
	e := cfgEnv("web", withDesc("cfg"), withMeta("team", "dev"), ignoring("description", "metadata.team"))
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{})
	if len(p.Changes) != 0 {
		t.Fatalf("ignored attributes diffed: %+v", p.Changes)
	}
}

// ignore_changes = all and = [config] keep whatever is live, a config type
// change included; the environment is still created when it is missing.
func TestIgnoreChangesAllAndConfig(t *testing.T) {
	live := liveOf("env_1", cfgEnv("web", withDesc("live"), withMeta("team", "ops"), withLimited(false, false, "https://a.example")))
	selfHosted := func(e *schema.Environment) { e.Config = &schema.EnvConfigBlock{Type: str(schema.ConfigSelfHosted)} }
	for _, ignore := range [][]string{{"all"}, {"config", "description", "metadata"}} {
		e := cfgEnv("web", withDesc("cfg"), withMeta("team", "dev"), withLimited(true, true, "https://b.example"), ignoring(ignore...))
		if p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{}); len(p.Changes) != 0 {
			t.Fatalf("ignore_changes = %v diffed: %+v", ignore, p.Changes)
		}
		e = cfgEnv("web", selfHosted, ignoring(ignore...))
		if p := mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{}); len(p.Changes) != 0 {
			t.Fatalf("ignore_changes = %v replaced on a type change: %+v", ignore, p.Changes)
		}
	}
	e := cfgEnv("web", ignoring("all"))
	if c := onlyChange(t, mustPlan(t, config(e), nil, nil, Options{})); c.Action != ActionCreate {
		t.Fatalf("a missing environment is still created: %+v", c)
	}
	e = cfgEnv("web", selfHosted)
	if c := onlyChange(t, mustPlan(t, config(e), []schema.LiveEnv{live}, nil, Options{})); c.Action != ActionReplace {
		t.Fatalf("without ignore_changes a type change replaces: %+v", c)
	}
}

func TestNameSwapUsesTempName(t *testing.T) {
	a := liveOf("env_a", cfgEnv("a", withName("blue")))
	b := liveOf("env_b", cfgEnv("b", withName("green")))
	cfg := config(cfgEnv("a", withName("green")), cfgEnv("b", withName("blue")))
	p := mustPlan(t, cfg, []schema.LiveEnv{a, b}, nil, Options{})
	ca, cb := p.Change("environment.a"), p.Change("environment.b")
	if ca.TempName == "" || !strings.HasPrefix(ca.TempName, "blue-swap-") {
		t.Fatalf("a must be parked: %+v", ca)
	}
	if !slices.Equal(cb.DependsOn, []string{"environment.a#temp"}) || !slices.Equal(ca.DependsOn, []string{"environment.b"}) {
		t.Fatalf("deps a=%v b=%v", ca.DependsOn, cb.DependsOn)
	}
}

func TestCreateWaitsForArchiveOfName(t *testing.T) {
	old := liveOf("env_1", cfgEnv("old", withName("web")))
	p := mustPlan(t, config(cfgEnv("web")), []schema.LiveEnv{old}, nil, Options{})
	c := p.Change("environment.web")
	if c == nil || !slices.Equal(c.DependsOn, []string{"environment.old"}) {
		t.Fatalf("create must wait for archive: %+v", p.Changes)
	}
}

func TestTargets(t *testing.T) {
	cfg := config(cfgEnv("a"), cfgEnv("b"))
	p := mustPlan(t, cfg, nil, nil, Options{Targets: []string{"environment.b"}})
	if c := onlyChange(t, p); c.Address != "environment.b" {
		t.Fatalf("target: %+v", c)
	}
}

func TestDestroyPlan(t *testing.T) {
	e := cfgEnv("web")
	p := mustPlan(t, config(e), []schema.LiveEnv{liveOf("env_1", e)}, nil, Options{Destroy: true})
	if c := onlyChange(t, p); c.Action != ActionArchive || c.Reason != "destroy plan" {
		t.Fatalf("destroy: %+v", c)
	}
}

func TestLandedPendingUpdateIsNotDrift(t *testing.T) {
	old := liveOf("env_1", cfgEnv("web"))
	e := cfgEnv("web", withDesc("new"))
	live := liveOf("env_1", e)
	snap := snapshotOf(old)
	snap.Pending = []state.Intent{{ID: "i1", Op: state.OpUpdate, Address: "environment.web", EnvID: "env_1", Spec: withOwner(e.Spec(), "platform", "environment.web", false)}}
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, snap, Options{})
	if len(p.Drift) != 0 {
		t.Fatalf("own change shown as drift: %+v", p.Drift)
	}
	// Settled in memory as terrarium's own update: nothing to do; apply
	// records the settlement.
	if len(p.Changes) != 0 {
		t.Fatalf("a landed update must settle, not be changed again: %+v", p.Changes)
	}
}

// Removing an environment, or replacing a cloud one with a self-hosted one,
// changes reach too: the egress delta says so, narrowing and widening.
func TestEgressOfRemovalAndSelfHosted(t *testing.T) {
	live := liveOf("env_1", cfgEnv("web", withLimited(false, false, "https://a.example")))
	p := mustPlan(t, config(), []schema.LiveEnv{live}, nil, Options{})
	if len(p.Egress) != 1 || len(p.Egress[0].Items) != 1 || p.Egress[0].Items[0] != (change.EgressItem{Kind: change.EgressRemoved}) || p.Egress[0].Name != live.Name {
		t.Fatalf("archive: egress %+v", p.Egress)
	}
	selfHosted := func(e *schema.Environment) { e.Config = &schema.EnvConfigBlock{Type: str(schema.ConfigSelfHosted)} }
	p = mustPlan(t, config(cfgEnv("web", selfHosted)), []schema.LiveEnv{live}, nil, Options{})
	if len(p.Egress) != 1 || p.Egress[0].Items[0] != (change.EgressItem{Kind: change.EgressSelfHosted, Widening: true}) {
		t.Fatalf("replace by self-hosted: egress %+v", p.Egress)
	}
}
