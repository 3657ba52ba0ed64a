package state_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"terrarium/internal/childproc"
	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

var big struct {
	once sync.Once
	dir  string
	addr string
	err  error
}

// bigLog builds the 100,000-record log once per test binary run.
func bigLog(b *testing.B) (dir, addr string) {
	big.once.Do(func() {
		tmp, err := os.MkdirTemp("", "state-bench-")
		if err != nil {
			big.err = err
			return
		}
		big.dir = filepath.Join(tmp, ".terrarium")
		big.addr, big.err = statetest.BigLog(big.dir, 100_000, 1000)
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.dir, big.addr
}

func TestMain(m *testing.M) {
	// The lock tests start this binary as a second lock holder.
	if err := childproc.QuickRaceExit(); err != nil {
		panic(err)
	}
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(filepath.Dir(big.dir))
	}
	os.Exit(code)
}

func BenchmarkOpenLoad100k(b *testing.B) {
	dir, _ := bigLog(b)
	for b.Loop() {
		l, err := state.Open(dir, state.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Snapshot().Resources) != 1000 {
			b.Fatal("wrong snapshot")
		}
		l.Close()
	}
}

func BenchmarkHistoryAddress100k(b *testing.B) {
	dir, addr := bigLog(b)
	for b.Loop() {
		h, err := state.ReadHistory(context.Background(), filepath.Join(dir, state.LogFile), addr)
		if err != nil || len(h.Versions) < 40 {
			b.Fatal(err, len(h.Versions))
		}
	}
}

func BenchmarkStackHistory100k(b *testing.B) {
	dir, _ := bigLog(b)
	for b.Loop() {
		if _, err := state.ReadStackHistory(context.Background(), filepath.Join(dir, state.LogFile)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify100k(b *testing.B) {
	dir, _ := bigLog(b)
	for b.Loop() {
		rep, err := state.Verify(context.Background(), filepath.Join(dir, state.LogFile))
		if err != nil || rep.Bad != nil || rep.Records < 100_000 {
			b.Fatal(err, rep.Bad, rep.Records)
		}
	}
}

// BenchmarkGroupCommit measures 1,000 appends from 10 concurrent writers and
// reports the fsyncs they took.
func BenchmarkGroupCommit(b *testing.B) {
	var syncs int64
	for b.Loop() {
		l := appendConcurrently(b, 10, 100)
		syncs += l.Fsyncs() - 1 // the init record's own sync
		l.Close()
	}
	b.ReportMetric(float64(syncs)/float64(b.N), "fsyncs/1000appends")
}
