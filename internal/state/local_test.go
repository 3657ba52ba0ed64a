package state_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// fixtureDir writes the standard fixture into a fresh state directory.
func fixtureDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ".terrarium")
	if err := statetest.Fixture(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func open(t testing.TB, dir string, opts state.Options) *state.Local {
	t.Helper()
	l, err := state.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// fullReplay derives the snapshot from every record, ignoring checkpoints.
func fullReplay(t testing.TB, l *state.Local) *state.Snapshot {
	t.Helper()
	r := state.NewReplay()
	err := l.Records(context.Background(), func(rec state.Record) error {
		if rec.Kind != state.KindCheckpoint {
			r.Apply(&rec)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.Snapshot()
}

func TestFixtureSnapshot(t *testing.T) {
	dir := fixtureDir(t)
	l := open(t, dir, state.Options{Stack: "platform"})
	s := l.Snapshot()
	if s.Stack != "platform" || s.Lineage == "" || s.Serial != 3 {
		t.Fatalf("stack %q lineage %q serial %d", s.Stack, s.Lineage, s.Serial)
	}
	py := s.Resources[statetest.PythonDev]
	if py == nil || py.Version != 4 || py.ID != "env_01PY" {
		t.Fatalf("python_dev = %+v", py)
	}
	if _, ok := s.Resources[statetest.Web]; ok {
		t.Errorf("archived web still managed")
	}
	if s.Retired[statetest.Web] != 1 {
		t.Errorf("web retired at %d, want 1", s.Retired[statetest.Web])
	}
	if lg := s.Resources[statetest.Legacy]; lg == nil || !lg.PreventDestroy || lg.Version != 1 {
		t.Errorf("legacy = %+v", lg)
	}
	if len(s.Pending) != 0 {
		t.Errorf("pending = %+v", s.Pending)
	}
	if !sameJSON(s, fullReplay(t, l)) {
		t.Errorf("loaded snapshot differs from a full replay")
	}
	for name, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, state.LogFile): 0o600} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode %v, want %v", name, got, want)
		}
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := state.Open(filepath.Join(t.TempDir(), "none"), state.Options{})
	if err == nil || !strings.Contains(err.Error(), "no state log") {
		t.Fatalf("err = %v", err)
	}
}

func TestStackMismatch(t *testing.T) {
	dir := fixtureDir(t)
	_, err := state.Open(dir, state.Options{Stack: "other"})
	if err == nil || !strings.Contains(err.Error(), `belongs to stack "platform", not "other"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckpointLoadMatchesFullReplay(t *testing.T) {
	for _, every := range []int{1, 2, 3, 7, -1} {
		dir := filepath.Join(t.TempDir(), "s")
		l, err := state.Open(dir, statetest.Options("platform", every))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			_ = i
			err := statetest.Apply(context.Background(), l, statetest.Epoch, state.Apply{Actor: "a"},
				statetest.Change{Op: state.OpUpdate, Address: statetest.PythonDev, Env: statetest.Env{ID: "env_1", Name: "py"}},
				statetest.Change{Op: state.OpCreate, Address: statetest.Web, Env: statetest.Env{ID: "env_2", Name: "web"}})
			if err != nil {
				t.Fatal(err)
			}
		}
		want := l.Snapshot()
		l.Close()
		l2 := open(t, dir, state.Options{CheckpointEvery: every})
		if got := l2.Snapshot(); !sameJSON(got, want) {
			t.Errorf("every=%d: reloaded %+v, want %+v", every, got, want)
		}
		if got := fullReplay(t, l2); !sameJSON(got, want) {
			t.Errorf("every=%d: full replay differs", every)
		}
		if got := want.Resources[statetest.PythonDev].Version; got != 5 {
			t.Errorf("every=%d: version %d, want 5", every, got)
		}
	}
}

func TestFutureFormatVersionRefused(t *testing.T) {
	dir := fixtureDir(t)
	path := filepath.Join(dir, state.LogFile)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"format_version":7,"seq":99,"kind":"hologram"}` + "\n")
	f.Close()
	_, err = state.Open(dir, state.Options{})
	if err == nil || !strings.Contains(err.Error(), "format_version 7") {
		t.Fatalf("err = %v", err)
	}
}

func TestAppendFillsResultAndSerial(t *testing.T) {
	dir := fixtureDir(t)
	l := open(t, dir, state.Options{})
	ctx := context.Background()
	recs := []state.Record{
		{Kind: state.KindApplyStart, Apply: &state.Apply{Actor: "x"}},
		{Kind: state.KindIntent, Intent: &state.Intent{ID: "i1", Op: state.OpDelete, Address: statetest.Legacy, EnvID: "env_03OLD"}},
	}
	if err := l.Append(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	if recs[0].Apply.Serial != 4 || recs[1].Seq != recs[0].Seq+1 {
		t.Fatalf("serial %d seqs %d %d", recs[0].Apply.Serial, recs[0].Seq, recs[1].Seq)
	}
	if got := l.Snapshot().Pending; len(got) != 1 || got[0].ID != "i1" {
		t.Fatalf("pending %+v", got)
	}
	res := state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: "i1", OK: true}}
	if err := l.Append(ctx, res); err != nil {
		t.Fatal(err)
	}
	var last state.Record
	l.Records(ctx, func(r state.Record) error { last = r; return nil })
	if last.Result == nil || last.Result.Address != statetest.Legacy || last.Result.Op != state.OpDelete {
		b, _ := json.Marshal(last)
		t.Fatalf("last record %s", b)
	}
	s := l.Snapshot()
	if _, ok := s.Resources[statetest.Legacy]; ok || len(s.Pending) != 0 {
		t.Fatalf("after delete: %+v", s)
	}
}

func TestAppendRejectsBadRecords(t *testing.T) {
	l := open(t, fixtureDir(t), state.Options{})
	for _, rec := range []state.Record{
		{Kind: "bogus"},
		{Kind: state.KindIntent},
		{Kind: state.KindInit, Init: &state.Init{Stack: "a", Lineage: "b"}},
	} {
		if err := l.Append(context.Background(), rec); err == nil {
			t.Errorf("%s accepted", rec.Kind)
		}
	}
}

// sameJSON compares values by their encoding: a snapshot read back from a
// checkpoint has nil where a replayed one has empty.
func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
