package render

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
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
		"    + environment.x            create (no result recorded: outcome unknown)\n",
		"    ~ environment.longer_name  update\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
