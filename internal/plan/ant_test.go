package plan

import (
	"strings"
	"testing"

	"terrarium/internal/antfiles"
	"terrarium/schema"
)

// ant apply sends null for the metadata keys its file does not declare:
// both ownership keys go. The state log still has the id at its address,
// so the plan reports drift and writes the keys back; it never creates.
func TestOwnershipKeysRemovedAreRestored(t *testing.T) {
	e := cfgEnv("web", withLimited(false, false))
	last := liveOf("env_1", e)
	live := liveOf("env_1", e)
	live.Metadata = map[string]string{}
	p := mustPlan(t, config(e), []schema.LiveEnv{live}, snapshotOf(last), Options{})
	if len(p.Drift) != 1 || p.Drift[0].Reason != "ownership keys removed outside terrarium" || len(p.Drift[0].Fields) != 2 {
		t.Fatalf("drift: %+v", p.Drift)
	}
	c := onlyChange(t, p)
	if c.Action != ActionUpdate || c.EnvID != "env_1" || c.After.Metadata[schema.MetaStack] != "platform" || c.After.Metadata[schema.MetaAddress] != "environment.web" {
		t.Fatalf("change: %+v", c)
	}
	// An import block cannot adopt it a second time at another address.
	other := cfgEnv("web2", withLimited(false, false))
	cfg := config(e, other)
	cfg.Imports = []*schema.Import{{To: str("environment.web2"), ID: str("env_1")}}
	_, diags := compute(cfg, []schema.LiveEnv{live}, snapshotOf(last), Options{})
	if !diags.HasErrors() || !strings.Contains(diags[0].Detail, "already managed by this stack as environment.web") {
		t.Fatalf("second adoption: %v", diags)
	}
	// Without a state log there is no proof it was terrarium's: a name clash.
	_, diags = compute(config(e), []schema.LiveEnv{live}, nil, Options{})
	if !diags.HasErrors() {
		t.Fatal("an environment without keys and without a state log record was taken")
	}
	// Another stack's keys are that stack's, record or not.
	live.Metadata = map[string]string{schema.MetaStack: "other", schema.MetaAddress: "environment.web"}
	_, diags = compute(config(e), []schema.LiveEnv{live}, snapshotOf(last), Options{})
	if !diags.HasErrors() {
		t.Fatal("another stack's environment was taken")
	}
}

func TestAntConflicts(t *testing.T) {
	ant := &antfiles.Owned{IDs: map[string]string{"env_ant": "./environments/web.yaml"}}
	e := cfgEnv("web", withLimited(false, false))
	in := Input{Config: config(e), Now: t0, ID: "plan_test", Ant: ant}

	// A name held by an environment ant manages.
	in.Live = []schema.LiveEnv{unmanaged("env_ant", "web")}
	_, diags := Compute(in)
	if !diags.HasErrors() || diags[0].Summary != "Name held by an environment ant apply manages" {
		t.Fatalf("name conflict: %v", diags)
	}

	// Managed by this stack and in ant's lock: an error.
	in.Live = []schema.LiveEnv{liveOf("env_ant", e)}
	in.Snapshot = snapshotOf(in.Live[0])
	_, diags = Compute(in)
	if !diags.HasErrors() || diags[0].Summary != "Environment managed by both terrarium and ant apply" ||
		!strings.Contains(diags[0].Detail, "./environments/web.yaml") {
		t.Fatalf("both: %v", diags)
	}

	// An import block of one is a handover: a warning, and the adoption.
	in.Snapshot = nil
	in.Live = []schema.LiveEnv{unmanaged("env_ant", "web")}
	in.Config.Imports = []*schema.Import{{To: str("environment.web"), ID: str("env_ant")}}
	p, diags := Compute(in)
	if diags.HasErrors() || len(diags) != 1 || diags[0].Summary != "Taking over an environment from ant apply" {
		t.Fatalf("import: %v", diags)
	}
	if c := onlyChange(t, p); c.Action != ActionAdopt {
		t.Fatalf("import: %+v", c)
	}
}
