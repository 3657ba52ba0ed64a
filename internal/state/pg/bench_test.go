package pgstate

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// BenchmarkAppend1000From10Workers is the journal's load in a parallel
// apply: 10 workers, 100 durable appends each (one record per call, as an
// intent or result is written). One op is all 1,000 appends.
func BenchmarkAppend1000From10Workers(b *testing.B) { benchAppend(b, false) }

// BenchmarkAppend1000From10WorkersLocked is the same under the stack's
// lock, as apply runs: every transaction also checks the lock is held.
func BenchmarkAppend1000From10WorkersLocked(b *testing.B) { benchAppend(b, true) }

func benchAppend(b *testing.B, locked bool) {
	cfg := testConfig(b)
	ctx := context.Background()
	l, err := Open(ctx, cfg, state.Options{Stack: "bench", Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	if locked {
		u, err := l.Lock(ctx, state.LockInfo{Operation: "bench"}, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer u.Unlock()
	}
	start := l.Stats().Transactions
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 100 {
					in := &state.Intent{ID: fmt.Sprintf("w%d-%d", w, i), Op: state.OpUpdate, Address: fmt.Sprintf("environment.e%d", w)}
					if err := l.Append(ctx, state.Record{Kind: state.KindIntent, Intent: in}); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(l.Stats().Transactions-start)/float64(b.N), "tx/op")
}

// BenchmarkLoad100k opens a stack whose log holds 100,000 records (100
// environments, checkpoints every 500 records): connect, check the schema,
// read the latest checkpoint and the tail.
func BenchmarkLoad100k(b *testing.B) {
	cfg := testConfig(b)
	ctx := context.Background()
	fill100k(b, cfg)
	b.ResetTimer()
	for b.Loop() {
		l, err := Open(ctx, cfg, state.Options{Stack: "big"})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(l.Snapshot().Resources); n != 100 {
			b.Fatalf("%d resources", n)
		}
		l.Close()
	}
}

// BenchmarkLoad100kWarm is the same load on an open connection: what a
// command that already connected pays to read the current state.
func BenchmarkLoad100kWarm(b *testing.B) {
	cfg := testConfig(b)
	ctx := context.Background()
	fill100k(b, cfg)
	l, err := Open(ctx, cfg, state.Options{Stack: "big"})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	b.ResetTimer()
	for b.Loop() {
		if err := l.load(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// fill100k writes 100,000 records: applies updating 100 environments.
func fill100k(b *testing.B, cfg Config) {
	b.Helper()
	ctx := context.Background()
	l, err := Open(ctx, cfg, statetest.Options("big", 0))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	at := statetest.Epoch
	var batch []state.Record
	for n := 1; l.Head().Seq+int64(len(batch)) < 100_000; n++ {
		addr := fmt.Sprintf("environment.e%03d", n%100)
		env := statetest.Env{ID: fmt.Sprintf("env_%03d", n%100), Name: fmt.Sprintf("e%03d", n%100),
			Hosts: []string{"https://pypi.org", fmt.Sprintf("https://h%d.example", n)}, Pip: []string{"pandas==2.2.0"}}
		live := env.Live("big", addr, at.Add(time.Duration(n)*time.Second))
		id := fmt.Sprintf("i%d", n)
		batch = append(batch,
			state.Record{Kind: state.KindIntent, Intent: &state.Intent{ID: id, Op: state.OpUpdate, Address: addr, EnvID: live.ID, Spec: &live.EnvSpec}},
			state.Record{Kind: state.KindResult, Result: &state.Result{IntentID: id, OK: true, Live: live}})
		if len(batch) >= 200 {
			if err := l.Append(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = nil
		}
	}
	if err := l.Append(ctx, batch...); err != nil {
		b.Fatal(err)
	}
	if h := l.Head().Seq; h < 100_000 {
		b.Fatalf("only %d records", h)
	}
}
