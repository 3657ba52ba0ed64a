package plan

import (
	"bytes"
	"testing"

	"terrarium/schema"
)

// FuzzUnmarshal feeds arbitrary bytes to the plan file reader. It must never
// panic, and a plan it accepts must encode again and read back the same:
// apply trusts what Unmarshal returns.
func FuzzUnmarshal(f *testing.F) {
	old := liveOf("env_1", cfgEnv("web", withDesc("old")))
	for _, p := range []*Plan{
		{FormatVersion: FormatVersion},
		mustPlanTB(f, config(cfgEnv("web", withDesc("new"), withLimited(false, true, "https://a.example"))), []schema.LiveEnv{old}),
		mustPlanTB(f, config(cfgEnv("api"), cfgEnv("web")), nil),
		mustPlanTB(f, config(), []schema.LiveEnv{old}),
	} {
		b, err := Marshal(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"format_version": 99}`))
	f.Add([]byte(`{"format_version": 1, "changes": [null, {}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Unmarshal(data)
		if err != nil {
			return
		}
		_ = p.Empty()
		_ = p.Counts()
		for _, c := range p.Changes {
			_ = p.Change(c.Address)
		}
		b, err := Marshal(p)
		if err != nil {
			t.Fatalf("accepted plan does not encode: %v", err)
		}
		q, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("re-encoded plan does not decode: %v\n%s", err, b)
		}
		b2, _ := Marshal(q)
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the plan:\n%s\n%s", b, b2)
		}
	})
}

// mustPlanTB is mustPlan for a fuzz target's seed corpus.
func mustPlanTB(tb testing.TB, cfg *schema.Config, live []schema.LiveEnv) *Plan {
	tb.Helper()
	p, diags := compute(cfg, live, nil, Options{})
	if diags.HasErrors() {
		tb.Fatalf("unexpected diagnostics: %v", diags)
	}
	return p
}
