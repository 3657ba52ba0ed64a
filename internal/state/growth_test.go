package state_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// checkpointShare splits a log file's bytes into checkpoint lines and the rest.
func checkpointShare(t *testing.T, dir string) (records, checkpoints, cps int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, state.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	for line := range bytes.Lines(b) {
		if bytes.Contains(line, []byte(`"kind":"checkpoint","checkpoint":`)) {
			checkpoints += len(line)
			cps++
		} else {
			records += len(line)
		}
	}
	return records, checkpoints, cps
}

// TestLogGrowsLinearly is issue 22's example: with a full checkpoint every
// 500 records, the log of an apply of N creates grew with N² (10
// checkpoints were 78 % of a 5,000-create log). Checkpoints are now paid
// for by the records before them, so the log stays within twice its
// records, and it still loads from a checkpoint to the same state as a
// replay of every record.
func TestLogGrowsLinearly(t *testing.T) {
	t.Parallel() // its own directories; mostly waits on fsync
	sizes := []int{100, 1_000, 5_000, 10_000}
	if testing.Short() {
		sizes = sizes[:2]
	}
	for _, n := range sizes {
		dir := filepath.Join(t.TempDir(), ".terrarium")
		l := open(t, dir, statetest.Options("big", 0))
		// n creates in appends of ten, as the group commits of an apply
		// at parallelism 10 come: a checkpoint can follow any of them.
		if _, err := statetest.GrowLog(l, 22*n/10+1, n, 10); err != nil {
			t.Fatal(err)
		}
		want := l.Snapshot()
		l.Close()
		recs, cpBytes, cps := checkpointShare(t, dir)
		t.Logf("%d creates: %d bytes of records, %d checkpoints of %d bytes, log %.2f× its records", n, recs, cps, cpBytes, float64(recs+cpBytes)/float64(recs))
		if n >= 1_000 && cps == 0 {
			t.Fatalf("%d creates: no checkpoint in the log: loading would replay every record", n)
		}
		if total := recs + cpBytes; total > 2*recs {
			t.Errorf("%d creates: log is %d bytes for %d bytes of records (%d checkpoints of %d bytes): more than twice", n, total, recs, cps, cpBytes)
		}
		l2 := open(t, dir, state.Options{ReadOnly: true})
		if got := l2.Snapshot(); !sameJSON(got, want) || len(got.Resources) != n {
			t.Errorf("%d creates: reloaded state differs (%d resources)", n, len(got.Resources))
		}
		if got := fullReplay(t, l2); !sameJSON(got, want) {
			t.Errorf("%d creates: full replay differs from the state loaded from the last checkpoint", n)
		}
	}
}

// TestCheckpointBytesBounded checks the bound over random histories: any
// least interval, applies of any size, creates then updates, reopened
// between applies (which reads the checkpoint accounting back from the
// file). Every checkpoint costs at most the records before it, and a
// reload equals a full replay.
func TestCheckpointBytesBounded(t *testing.T) {
	t.Parallel() // its own directories
	rng := rand.New(rand.NewPCG(22, 1))
	for round := range 12 {
		every := []int{1, 2, 7, 50, 500}[rng.IntN(5)]
		dir := filepath.Join(t.TempDir(), ".terrarium")
		envs := 1 + rng.IntN(300)
		target := int64(0)
		for range 1 + rng.IntN(6) {
			l := open(t, dir, statetest.Options("p", every))
			target = l.Head().Seq + int64(20+rng.IntN(600))
			if _, err := statetest.GrowLog(l, int(target), envs, 1+rng.IntN(40)); err != nil {
				t.Fatal(err)
			}
			l.Close()
		}
		recs, cpBytes, cps := checkpointShare(t, dir)
		if cpBytes > recs {
			t.Errorf("round %d (every %d, %d envs): %d checkpoints take %d bytes, more than the records' %d", round, every, envs, cps, cpBytes, recs)
		}
		l := open(t, dir, state.Options{CheckpointEvery: every})
		if !sameJSON(l.Snapshot(), fullReplay(t, l)) {
			t.Errorf("round %d: state loaded from the checkpoint differs from a full replay", round)
		}
		if rep, err := state.Verify(t.Context(), filepath.Join(dir, state.LogFile)); err != nil || rep.Bad != nil || rep.Checkpoints != cps {
			t.Errorf("round %d: verify %+v %v, want intact with %d checkpoints", round, rep, err, cps)
		}
	}
}
