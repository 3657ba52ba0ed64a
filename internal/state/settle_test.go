package state

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"terrarium/schema"
)

// settleEnv is a cloud environment of stack "s" at address with the given
// description and hosts.
func settleEnv(id, address, desc string, hosts ...string) *schema.LiveEnv {
	l := &schema.LiveEnv{ID: id}
	l.Name = id
	if desc != "" {
		l.Description = &desc
	}
	l.Metadata = map[string]string{schema.MetaStack: "s", schema.MetaAddress: address}
	l.Config.Type = schema.ConfigCloud
	l.Config.Networking = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: hosts}
	return l
}

// settleReplay is a log with environment.a (env_1, "v1", one host) applied.
func settleReplay(t *testing.T) *Replay {
	t.Helper()
	r := NewReplay()
	r.Apply(&Record{Kind: KindInit, Init: &Init{Stack: "s", Lineage: "l"}})
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "c", Op: OpCreate, Address: "environment.a"}})
	r.Apply(&Record{Kind: KindResult, Result: &Result{IntentID: "c", Outcome: OutcomeLanded, OK: true, Live: settleEnv("env_1", "environment.a", "v1", "https://a.example")}})
	return r
}

func intentUpdate(id, desc string, hosts ...string) *Record {
	spec := settleEnv("env_1", "environment.a", desc, hosts...).EnvSpec
	return &Record{Kind: KindIntent, Intent: &Intent{ID: id, Op: OpUpdate, Address: "environment.a", EnvID: "env_1", Spec: &spec}}
}

// settleOnce settles the replay's pending intents against live, applies
// the records, and returns the outcomes by intent id.
func settleOnce(t *testing.T, r *Replay, live ...schema.LiveEnv) map[string]Outcome {
	t.Helper()
	sts, recs := Settle(r.Snapshot(), live)
	if len(sts) != len(recs) {
		t.Fatalf("%d settlements, %d records", len(sts), len(recs))
	}
	out := map[string]Outcome{}
	for i := range recs {
		if !recs[i].Result.Settled || recs[i].Result.IntentID != sts[i].Intent.ID {
			t.Fatalf("record %d does not settle its intent: %+v", i, recs[i].Result)
		}
		out[sts[i].Intent.ID] = sts[i].Outcome
		r.Apply(&recs[i])
	}
	if p := r.Snapshot().Pending; len(p) != 0 {
		t.Fatalf("still pending after settling: %+v", p)
	}
	return out
}

// TestSettleAmbiguousUpdate: an update recorded as ambiguous stays pending;
// settling compares the live object with the request and the version
// before.
func TestSettleAmbiguousUpdate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		live    *schema.LiveEnv
		want    Outcome
		version int
		desc    string
	}{
		{"landed", settleEnv("env_1", "environment.a", "v2", "https://a.example", "https://b.example"), OutcomeLanded, 2, "v2"},
		{"not applied", settleEnv("env_1", "environment.a", "v1", "https://a.example"), OutcomeNotApplied, 1, "v1"},
		{"outside", settleEnv("env_1", "environment.a", "by hand", "https://a.example"), OutcomeOutside, 2, "by hand"},
		{"gone", nil, OutcomeNotApplied, 1, "v1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := settleReplay(t)
			r.Apply(intentUpdate("u", "v2", "https://a.example", "https://b.example"))
			r.Apply(&Record{Kind: KindResult, Result: &Result{IntentID: "u", Outcome: OutcomeAmbiguous, Error: &ErrorInfo{Message: "529"}}})
			if p := r.Snapshot().Pending; len(p) != 1 {
				t.Fatalf("an ambiguous result closed its intent: %+v", p)
			}
			var live []schema.LiveEnv
			if tc.live != nil {
				live = append(live, *tc.live)
			}
			if got := settleOnce(t, r, live...)["u"]; got != tc.want {
				t.Fatalf("outcome %s, want %s", got, tc.want)
			}
			res := r.Snapshot().Resources["environment.a"]
			if res.Version != tc.version || *res.Live.Description != tc.desc {
				t.Fatalf("environment.a is v%d %q, want v%d %q", res.Version, *res.Live.Description, tc.version, tc.desc)
			}
		})
	}
}

// TestSettleLaterIntentSupersedes: of several intents of one environment
// (reruns that died), the newest whose request is live landed; older ones
// are superseded and newer ones were not applied.
func TestSettleLaterIntentSupersedes(t *testing.T) {
	r := settleReplay(t)
	r.Apply(intentUpdate("u1", "v2", "https://a.example"))
	r.Apply(intentUpdate("u2", "v3", "https://a.example"))
	r.Apply(intentUpdate("u3", "v4", "https://a.example"))
	got := settleOnce(t, r, *settleEnv("env_1", "environment.a", "v3", "https://a.example"))
	want := map[string]Outcome{"u1": OutcomeSuperseded, "u2": OutcomeLanded, "u3": OutcomeNotApplied}
	for id, o := range want {
		if got[id] != o {
			t.Errorf("%s: %s, want %s", id, got[id], o)
		}
	}
}

// TestSettleReplace: the archive and the create of a replace settle each
// on its own, and the state ends with the new environment's id.
func TestSettleReplace(t *testing.T) {
	r := settleReplay(t)
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "ar", Op: OpArchive, Address: "environment.a", EnvID: "env_1"}})
	spec := settleEnv("", "environment.a", "v2").EnvSpec
	spec.Name = "new"
	spec.Config = schema.EnvConfig{Type: schema.ConfigSelfHosted}
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "cr", Op: OpCreate, Address: "environment.a", Spec: &spec}})
	old := settleEnv("env_1", "environment.a", "v1", "https://a.example")
	now := time.Now()
	old.ArchivedAt = &now
	created := schema.LiveEnv{ID: "env_2", EnvSpec: spec}
	got := settleOnce(t, r, *old, created)
	if got["ar"] != OutcomeLanded || got["cr"] != OutcomeLanded {
		t.Fatalf("outcomes %v, want both landed", got)
	}
	if res := r.Snapshot().Resources["environment.a"]; res == nil || res.ID != "env_2" || res.Version != 2 {
		t.Fatalf("environment.a is %+v, want env_2 as v2", res)
	}
}

// TestSettleCreate: a pending create landed when an environment carries the
// stack's keys for its address; none means it was not applied.
func TestSettleCreate(t *testing.T) {
	r := NewReplay()
	r.Apply(&Record{Kind: KindInit, Init: &Init{Stack: "s", Lineage: "l"}})
	spec := settleEnv("", "environment.b", "x", "https://a.example").EnvSpec
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "c1", Op: OpCreate, Address: "environment.b", Spec: &spec}})
	r.Apply(&Record{Kind: KindIntent, Intent: &Intent{ID: "c2", Op: OpCreate, Address: "environment.c", Spec: &spec}})
	got := settleOnce(t, r, schema.LiveEnv{ID: "env_9", EnvSpec: spec})
	if got["c1"] != OutcomeLanded || got["c2"] != OutcomeNotApplied {
		t.Fatalf("outcomes %v", got)
	}
	if res := r.Snapshot().Resources["environment.b"]; res == nil || res.ID != "env_9" {
		t.Fatalf("environment.b: %+v", res)
	}
}

// TestSettleNothingPending: no records when nothing is pending.
func TestSettleNothingPending(t *testing.T) {
	if sts, recs := Settle(settleReplay(t).Snapshot(), nil); sts != nil || recs != nil {
		t.Fatalf("settled %v %v", sts, recs)
	}
}

// TestSettleOutsideKeepsDriftBase: a change made outside terrarium that
// settling records is not accepted: the resource's DriftBase stays the
// version terrarium last made (through a second outside settlement, a
// move and a checkpoint), and a landed change clears it.
func TestSettleOutsideKeepsDriftBase(t *testing.T) {
	r := settleReplay(t)
	r.Apply(intentUpdate("u", "v2"))
	settleOnce(t, r, *settleEnv("env_1", "environment.a", "by hand", "https://a.example", "https://evil.example"))
	res := r.Snapshot().Resources["environment.a"]
	if got := res.DriftBase(); got.Description == nil || *got.Description != "v1" {
		t.Fatalf("drift base after an outside settlement = %+v, want v1", got)
	}
	if *res.Live.Description != "by hand" {
		t.Fatalf("live = %q, want the outside version", *res.Live.Description)
	}

	// A second lost update overtaken by another hand edit keeps the first base.
	r.Apply(intentUpdate("u2", "v3"))
	settleOnce(t, r, *settleEnv("env_1", "environment.a", "by hand again", "https://a.example"))
	if got := r.Snapshot().Resources["environment.a"].DriftBase(); *got.Description != "v1" {
		t.Fatalf("drift base after a second outside settlement = %q, want v1", *got.Description)
	}

	// Through a checkpoint, as the log stores it (JSON).
	b, err := json.Marshal(r.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var snap Snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		t.Fatal(err)
	}
	r2 := NewReplay()
	r2.Apply(&Record{Kind: KindCheckpoint, Checkpoint: &snap})
	if got := r2.Snapshot().Resources["environment.a"].DriftBase(); *got.Description != "v1" {
		t.Fatalf("drift base after a checkpoint = %q, want v1", *got.Description)
	}

	// A landed update (the revert) clears it.
	r.Apply(intentUpdate("u3", "v1", "https://a.example"))
	r.Apply(&Record{Kind: KindResult, Result: &Result{IntentID: "u3", Outcome: OutcomeLanded, OK: true, Live: settleEnv("env_1", "environment.a", "v1", "https://a.example")}})
	if res := r.Snapshot().Resources["environment.a"]; res.Baseline != nil {
		t.Fatalf("baseline after a landed update = %+v, want none", res.Baseline)
	}
}

// TestOutsideBase: attribute by attribute (hosts and metadata keys one by
// one), what live shares with the request is terrarium's; the rest is
// measured from the version before.
func TestOutsideBase(t *testing.T) {
	before := settleEnv("env_1", "environment.a", "v1", "https://a.example", "https://old.example")
	before.Metadata["team"] = "data"
	req := settleEnv("env_1", "environment.a", "v2", "https://a.example", "https://b.example").EnvSpec
	req.Metadata = map[string]string{schema.MetaStack: "s", schema.MetaAddress: "environment.a", "team": "risk"}
	// terrarium's change landed (v2, +b, -old, team=risk); by hand: +evil, team=ops.
	live := settleEnv("env_1", "environment.a", "v2", "https://a.example", "https://b.example", "https://evil.example")
	live.Metadata["team"] = "ops"
	base := outsideBase(before, &req, live)
	if *base.Description != "v2" {
		t.Errorf("description = %q, want terrarium's v2", *base.Description)
	}
	if got, want := base.Config.Networking.AllowedHosts, []string{"https://a.example", "https://b.example"}; !slices.Equal(got, want) {
		t.Errorf("hosts = %v, want %v (evil is the hand's)", got, want)
	}
	if base.Metadata["team"] != "data" {
		t.Errorf("team = %q, want data (the hand changed it from what terrarium asked)", base.Metadata["team"])
	}
	if base.ID != "env_1" {
		t.Errorf("id = %q", base.ID)
	}
}
