package pgstate

import (
	"terrarium/internal/state"

	"context"
	"strings"
	"sync"
	"testing"
)

func TestMigrateIdempotentAndConcurrent(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	pool, schema, err := cfg.connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	// Eight processes' worth of upgrades at once on an empty database.
	var wg sync.WaitGroup
	applied := make([]int, 8)
	errs := make([]error, 8)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = Migrate(ctx, pool, schema)
		}()
	}
	wg.Wait()
	total := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		total += applied[i]
	}
	if total != SchemaVersion {
		t.Fatalf("%d versions applied in all, want %d exactly once", total, SchemaVersion)
	}
	if n, err := Migrate(ctx, pool, schema); err != nil || n != 0 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	var rows int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM "`+schema+`".migrations`).Scan(&rows); err != nil || rows != SchemaVersion {
		t.Fatalf("migrations rows = %d, %v", rows, err)
	}

	// A database upgraded by a newer terrarium is refused with a message.
	sql(t, cfg, `INSERT INTO "`+schema+`".migrations (version) VALUES (99)`)
	_, err = Open(ctx, cfg, state.Options{Stack: "x", Create: true})
	if err == nil || !strings.Contains(err.Error(), "version 99, written by a newer terrarium") {
		t.Fatalf("err = %v", err)
	}
}

func TestOpenCreatesOnce(t *testing.T) {
	// Two processes opening a new stack at once agree on one lineage.
	cfg := testConfig(t)
	var wg sync.WaitGroup
	logs := make([]*Log, 6)
	for i := range logs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			logs[i] = openLog(t, cfg, "new")
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, l := range logs[1:] {
		if l.Snapshot().Lineage != logs[0].Snapshot().Lineage {
			t.Fatal("two lineages for one stack")
		}
	}
	inits := 0
	n, err := logs[0].Verify(context.Background())
	_ = logs[0].Records(context.Background(), func(r state.Record) error {
		if r.Kind == state.KindInit {
			inits++
		}
		return nil
	})
	if err != nil || n != 1 || inits != 1 {
		t.Fatalf("%d records, %d inits, %v; want one init", n, inits, err)
	}
}

func TestInitAfterAnotherCreatedTheStack(t *testing.T) {
	// b loaded an empty stack, then a created it before b's init commits:
	// b keeps a's init instead of writing a second one at record 2.
	cfg := testConfig(t)
	ctx := context.Background()
	a := openLog(t, cfg, "h")
	b := openLog(t, cfg, "other")
	b.stack = "h"
	b.Mu.Lock()
	b.Reset(0)
	b.Mu.Unlock()
	init := state.Record{Kind: state.KindInit, Init: &state.Init{Stack: "h", Lineage: "late"}}
	if err := b.appends.Enqueue([]state.Record{init}); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Verify(ctx); err != nil || n != 1 {
		t.Fatalf("%d records, %v; want a's init alone", n, err)
	}
	if b.Snapshot().Lineage != a.Snapshot().Lineage {
		t.Fatal("b has another lineage")
	}
}
