package render

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
	"terrarium/schema"
)

// fixtureLog opens the standard fixture log.
func fixtureLog(t *testing.T) *state.Local {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ".terrarium")
	if err := statetest.Fixture(dir); err != nil {
		t.Fatal(err)
	}
	l, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestStateJSONMatchesSchema(t *testing.T) {
	l := fixtureLog(t)
	s := l.Snapshot()
	var b bytes.Buffer
	StateListAsJSON(&b, s)
	validateJSON(t, "state.schema.json", b.Bytes())
	for _, addr := range []string{statetest.PythonDev, statetest.Legacy} {
		b.Reset()
		StateShowAsJSON(&b, s.Resources[addr])
		validateJSON(t, "state.schema.json", b.Bytes())
	}
	rep, err := state.Verify(context.Background(), l.Path())
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	StateVerifyAsJSON(&b, rep)
	validateJSON(t, "state.schema.json", b.Bytes())
	rep.Bad = &state.RecordError{Seq: 3, Reason: "x"}
	b.Reset()
	StateVerifyAsJSON(&b, rep)
	validateJSON(t, "state.schema.json", b.Bytes())
}

func TestHistoryJSONMatchesSchema(t *testing.T) {
	l := fixtureLog(t)
	ctx := context.Background()
	entries, err := state.ReadStackHistory(ctx, l.Path())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	StackHistoryAsJSON(&b, l.Snapshot(), entries)
	validateJSON(t, "history.schema.json", b.Bytes())
	for _, addr := range []string{statetest.PythonDev, statetest.Web, statetest.Legacy} {
		h, err := state.ReadHistory(ctx, l.Path(), addr)
		if err != nil {
			t.Fatal(err)
		}
		b.Reset()
		AddressHistoryAsJSON(&b, h)
		validateJSON(t, "history.schema.json", b.Bytes())
		b.Reset()
		VersionAsJSON(&b, addr, h.Version(1))
		validateJSON(t, "history.schema.json", b.Bytes())
		d, err := h.Diff(1, h.Latest())
		if err != nil {
			t.Fatal(err)
		}
		b.Reset()
		VersionDiffAsJSON(&b, d)
		validateJSON(t, "history.schema.json", b.Bytes())
	}
}

func TestHistoryColour(t *testing.T) {
	l := fixtureLog(t)
	h, _ := state.ReadHistory(context.Background(), l.Path(), statetest.PythonDev)
	var plain, colour bytes.Buffer
	AddressHistory(&plain, h, false)
	AddressHistory(&colour, h, true)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("colour without colour on")
	}
	if !strings.Contains(colour.String(), "\x1b[32m+ host added: https://pypi.org") {
		t.Errorf("no green addition:\n%s", colour.String())
	}
}

func TestStackHistoryMarksUnfinishedAndPending(t *testing.T) {
	entries := []state.Entry{{Kind: "apply", Serial: 7, Actor: "a", Steps: []state.Step{
		{Address: "environment.x", Op: "create", Status: "pending"},
		{Address: "environment.longer_name", Op: "update", Status: "ok"},
	}}}
	var b bytes.Buffer
	StackHistory(&b, entries, false)
	out := b.String()
	for _, want := range []string{
		"apply #7\n",
		"Status: did not finish",
		"    + environment.x            create (no result recorded yet: the next plan, apply or state refresh settles it)\n",
		"    ~ environment.longer_name  update\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// A replace folds its steps into one version: steps, the replace event, set
// and scalar fields and egress items all match the history schema.
func TestHistoryJSONOfAReplaceMatchesSchema(t *testing.T) {
	live := &schema.LiveEnv{ID: "env_2", EnvSpec: schema.EnvSpec{Name: "runner", Metadata: map[string]string{}, Scope: schema.ScopeOrganization,
		Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}}}
	h := &state.AddressHistory{Address: "environment.runner", Versions: []state.Version{
		{N: 2, Address: "environment.runner", Event: "update", Step: true, Seq: 5, Live: live},
		{N: 2, Address: "environment.runner", Event: "archive", Removed: true, Step: true, Seq: 7},
		{N: 3, Address: "environment.runner", Event: "replace", Seq: 9, Live: live,
			Changes: []change.Field{
				{Path: schema.PathConfigType, Before: schema.ConfigCloud, After: schema.ConfigSelfHosted},
				{Path: schema.PathAllowedHosts, Set: true, Before: []string{"https://a.example"}, After: []string{}, Removed: []string{"https://a.example"}},
			},
			Egress: change.Egress{{Kind: change.EgressSelfHosted, Widening: true}}},
	}}
	var b bytes.Buffer
	AddressHistoryAsJSON(&b, h)
	validateJSON(t, "history.schema.json", b.Bytes())
	for _, want := range []string{`"step": true`, `"event": "replace"`, `"kind": "self_hosted"`, `"egress": []`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %s in\n%s", want, b.String())
		}
	}
}

// A metadata map sensitive as a whole is one "(sensitive value)" in the
// JSON of state show, not a map with a hidden key, names none of its keys,
// and the document still matches the state schema; state show's HCL
// writes metadata = (sensitive value).
func TestStateShowOfAMapSensitiveAsAWhole(t *testing.T) {
	l := fixtureLog(t)
	r := *l.Snapshot().Resources[statetest.PythonDev]
	r.Live.Metadata = map[string]string{"hushkey": "hushval", schema.MetaStack: "s"}
	r.Sensitive = []string{schema.PathMetadata}
	var b bytes.Buffer
	if err := StateShowAsJSON(&b, &r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, `"metadata": "(sensitive value)"`) || strings.Contains(out, "hush") || strings.Contains(out, "sensitive-map") {
		t.Errorf("state show --json:\n%s\nwant \"metadata\": \"(sensitive value)\" and no key", out)
	}
	validateJSON(t, "state.schema.json", b.Bytes())
	b.Reset()
	if err := StateShow(&b, &r, false); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !regexp.MustCompile(`\n  metadata += \(sensitive value\)\n`).MatchString(out) || strings.Contains(out, "hush") {
		t.Errorf("state show:\n%s\nwant metadata = (sensitive value)", out)
	}
}
