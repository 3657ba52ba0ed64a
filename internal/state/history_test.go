package state_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

func TestAddressHistory(t *testing.T) {
	dir := fixtureDir(t)
	h, err := state.ReadHistory(context.Background(), filepath.Join(dir, state.LogFile), statetest.PythonDev)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, v := range h.Versions {
		events = append(events, v.Event)
	}
	if want := []string{"create", "update", "refresh", "update"}; !reflect.DeepEqual(events, want) {
		t.Fatalf("events %v, want %v", events, want)
	}
	if h.Latest() != 4 || h.Versions[0].Apply == nil || h.Versions[0].Apply.Actor != "alice@laptop" || h.Versions[2].Apply != nil {
		t.Fatalf("versions %+v", h.Versions)
	}
	v2 := h.Version(2)
	if want := (change.Egress{{Kind: change.EgressHostAdded, Host: "https://pypi.org", Widening: true}}); !reflect.DeepEqual(v2.Egress, want) {
		t.Errorf("v2 egress %+v, want %+v", v2.Egress, want)
	}
	v4 := h.Version(4)
	want := change.Egress{
		{Kind: change.EgressHostAdded, Host: "https://files.pythonhosted.org", Widening: true},
		{Kind: change.EgressHostRemoved, Host: "https://api.corp.example"},
		{Kind: change.EgressMCPGranted, Widening: true},
	}
	if !reflect.DeepEqual(v4.Egress, want) {
		t.Errorf("v4 egress %+v, want %+v", v4.Egress, want)
	}
	if !v4.Egress.Widens() {
		t.Errorf("v4 should widen egress")
	}
	if len(h.Version(3).Changes) != 1 || h.Version(3).Changes[0].Path != "description" {
		t.Errorf("v3 changes %+v", h.Version(3).Changes)
	}
	d, err := h.Diff(1, 4)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range d.Changes {
		paths = append(paths, c.Path)
	}
	wantPaths := []string{"description", "config.packages.pip", "config.networking.allowed_hosts", "config.networking.allow_mcp_servers"}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("diff paths %v, want %v", paths, wantPaths)
	}
	if _, err := h.Diff(1, 9); err == nil {
		t.Errorf("diff to a missing version accepted")
	}
	l := open(t, dir, state.Options{})
	if got := l.Snapshot().Resources[statetest.PythonDev].Version; got != h.Latest() {
		t.Errorf("snapshot version %d, history %d", got, h.Latest())
	}
}

func TestAddressHistoryRemovalAndMove(t *testing.T) {
	dir := fixtureDir(t)
	path := filepath.Join(dir, state.LogFile)
	h, err := state.ReadHistory(context.Background(), path, statetest.Web)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Versions) != 2 || h.Versions[1].Event != "archive" || !h.Versions[1].Removed {
		t.Fatalf("web %+v", h.Versions)
	}
	l := open(t, dir, state.Options{})
	l.Append(context.Background(), state.Record{Kind: state.KindMove, Env: &state.EnvRecord{From: statetest.PythonDev, Address: "environment.py"}})
	h, err = state.ReadHistory(context.Background(), path, "environment.py")
	if err != nil {
		t.Fatal(err)
	}
	if h.Latest() != 4 || len(h.Versions) != 4 {
		t.Fatalf("moved history %+v", h.Versions)
	}
	if got := l.Snapshot().Resources["environment.py"].Version; got != 4 {
		t.Errorf("moved version %d", got)
	}
}

func TestStackHistory(t *testing.T) {
	dir := fixtureDir(t)
	es, err := state.ReadStackHistory(context.Background(), filepath.Join(dir, state.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind)
	}
	if want := []string{"import", "apply", "refresh", "apply", "apply"}; !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	a2 := es[3]
	if a2.Serial != 2 || a2.Actor != "bob@desk" || a2.End == nil || len(a2.Steps) != 2 || a2.Steps[1].Status != "error" || a2.Steps[1].Error.Code != "environment_update_disabled" {
		t.Fatalf("apply 2 %+v", a2)
	}
}

// recordsOnly hides the *Local type so History and StackHistory take the
// path other backends take.
type recordsOnly struct{ state.Log }

func TestHistoryOverAnyBackendMatchesFastPath(t *testing.T) {
	dir := fixtureDir(t)
	l := open(t, dir, state.Options{})
	ctx := context.Background()
	l.Append(ctx, state.Record{Kind: state.KindMove, Env: &state.EnvRecord{From: statetest.PythonDev, Address: "environment.py"}})
	for _, addr := range []string{statetest.PythonDev, statetest.Web, statetest.Legacy, "environment.py"} {
		fast, err := state.History(ctx, l, addr)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := state.History(ctx, recordsOnly{l}, addr)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(fast, slow) {
			t.Errorf("%s: generic history differs from the file's", addr)
		}
	}
	fast, _ := state.StackHistory(ctx, l)
	slow, err := state.StackHistory(ctx, recordsOnly{l})
	if err != nil || !sameJSON(fast, slow) {
		t.Errorf("generic stack history differs (%v)", err)
	}
}

// memLog is a Log whose results carry no address, as another writer might
// leave them.
type memLog struct {
	state.Log
	recs []state.Record
}

func (m memLog) Records(ctx context.Context, fn func(state.Record) error) error {
	for _, r := range m.recs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func TestGenericHistoryWithoutResultAddresses(t *testing.T) {
	l := open(t, fixtureDir(t), state.Options{})
	ctx := context.Background()
	var recs []state.Record
	l.Records(ctx, func(r state.Record) error {
		if r.Result != nil {
			res := *r.Result
			res.Op, res.Address = "", ""
			r.Result = &res
		}
		recs = append(recs, r)
		return nil
	})
	want, _ := state.History(ctx, l, statetest.PythonDev)
	got, err := state.History(ctx, memLog{recs: recs}, statetest.PythonDev)
	if err != nil || !sameJSON(got, want) {
		t.Errorf("history without result addresses differs (%v)", err)
	}
}
