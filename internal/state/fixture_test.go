package state_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"terrarium/internal/golden"
	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// TestFixtureFiles keeps the committed fixture logs equal to what
// statetest generates: testdata/fixture.jsonl and the log sections of the
// CLI's state and history scripts. Run with -update after changing them.
func TestFixtureFiles(t *testing.T) {
	variants, err := statetest.FixtureVariants(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/fixture.jsonl", variants[".terrarium/state.jsonl"])
	cpDir := filepath.Join(t.TempDir(), "cp")
	if err := statetest.FixtureWith(cpDir, 4); err != nil {
		t.Fatal(err)
	}
	cp, _ := os.ReadFile(filepath.Join(cpDir, state.LogFile))
	golden.Check(t, "testdata/checkpoints.jsonl", cp)
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, name := range scripts {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		changed := false
		for i, f := range ar.Files {
			want, ok := variants[f.Name]
			if !ok || bytes.Equal(f.Data, want) {
				continue
			}
			if !golden.Update() {
				t.Errorf("%s: section %s is out of date; run go test ./internal/state -run TestFixtureFiles -update", name, f.Name)
				continue
			}
			ar.Files[i].Data, changed = want, true
		}
		if changed {
			if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRoundTrip decodes every committed log and seals its records again
// with a fresh chain: the bytes must come out the same, so the encoding is
// stable across releases of the same format_version.
func TestRoundTrip(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.jsonl")
	if len(names) == 0 {
		t.Fatal("no testdata/*.jsonl")
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		var chain state.Chain
		err = state.ScanFile(context.Background(), name, func(line []byte, rec state.Record) error {
			rec.Seq, rec.Prev = 0, ""
			again, err := chain.Seal(&rec, time.Time{})
			out.Write(again)
			out.WriteByte('\n')
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Errorf("%s does not round-trip", name)
		}
	}
}

// TestCheckpointedFixtureLoadsTheSameState loads the committed fixture with
// and without checkpoints: the state must be the same.
func TestCheckpointedFixtureLoadsTheSameState(t *testing.T) {
	load := func(name string) *state.Snapshot {
		dir := t.TempDir()
		data, _ := os.ReadFile(name)
		os.WriteFile(filepath.Join(dir, state.LogFile), data, 0o600)
		return open(t, dir, state.Options{}).Snapshot()
	}
	plain, cp := load("testdata/fixture.jsonl"), load("testdata/checkpoints.jsonl")
	if !sameJSON(plain, cp) {
		t.Errorf("checkpointed fixture loads %+v, plain %+v", cp, plain)
	}
	if rep, err := state.Verify(context.Background(), "testdata/checkpoints.jsonl"); err != nil || rep.Checkpoints < 4 {
		t.Errorf("checkpoints: %+v %v", rep, err)
	}
}
