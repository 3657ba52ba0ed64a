package pgstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"terrarium/internal/state"
)

func TestAppendReloadRoundTrip(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	l := openLog(t, cfg, "prod")
	for s := int64(1); s <= 3; s++ {
		if err := l.Append(ctx, applyRecords(s, fmt.Sprintf("e%d", s))...); err != nil {
			t.Fatal(err)
		}
	}
	want := l.Snapshot()
	if want.Serial != 3 || len(want.Resources) != 3 || want.Stack != "prod" || want.Lineage == "" {
		t.Fatalf("snapshot = %+v", want)
	}
	if r := want.Resources["environment.e2"]; r == nil || r.ID != "env_e2" || r.Version != 1 {
		t.Fatalf("environment.e2 = %+v", r)
	}
	l.Close()

	l2 := openLog(t, cfg, "prod")
	if got := l2.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Fatalf("reloaded snapshot differs:\n got %+v\nwant %+v", got, want)
	}
	if got := replayAll(t, l2); !reflect.DeepEqual(got, want) {
		t.Fatalf("replayed snapshot differs:\n got %+v\nwant %+v", got, want)
	}
	if h := l2.Head(); h.Seq != 13 {
		t.Fatalf("head = %d, want 13 (init + 3×4)", h.Seq)
	}
	// The result records carry the intent's op and address.
	var results int
	_ = l2.Records(ctx, func(r state.Record) error {
		if r.Kind == state.KindResult {
			results++
			if r.Result.Op != state.OpCreate || !strings.HasPrefix(r.Result.Address, "environment.") {
				t.Errorf("result %d not filled in: %+v", r.Seq, r.Result)
			}
		}
		return nil
	})
	if results != 3 {
		t.Fatalf("%d results", results)
	}
}

func TestOpenMissingStack(t *testing.T) {
	cfg := testConfig(t)
	_, err := Open(context.Background(), cfg, state.Options{Stack: "nope"})
	if !errors.Is(err, ErrNoState) {
		t.Fatalf("err = %v, want ErrNoState", err)
	}
}

func TestStacksAreSeparate(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	a, b := openLog(t, cfg, "a"), openLog(t, cfg, "b")
	if err := a.Append(ctx, applyRecords(1, "x")...); err != nil {
		t.Fatal(err)
	}
	if b.Head().Seq != 1 || len(b.Snapshot().Resources) != 0 {
		t.Fatal("stack b sees stack a's records")
	}
	if a.Snapshot().Lineage == b.Snapshot().Lineage {
		t.Fatal("two stacks share a lineage")
	}
}

func TestCheckpointsLoadTail(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	every := func(o *state.Options) { o.CheckpointEvery = 10 }
	l := openLog(t, cfg, "s", every)
	for s := int64(1); s <= 9; s++ {
		if err := l.Append(ctx, applyRecords(s, fmt.Sprintf("e%d", s%4))...); err != nil {
			t.Fatal(err)
		}
	}
	var cps int
	_ = l.Records(ctx, func(r state.Record) error {
		if r.Kind == state.KindCheckpoint {
			cps++
		}
		return nil
	})
	if cps < 3 {
		t.Fatalf("%d checkpoints in %d records, want at least 3", cps, l.Head().Seq)
	}
	want := replayAll(t, l)
	l2 := openLog(t, cfg, "s", every)
	if l2.Checkpoints.Seq == 0 {
		t.Fatal("reload did not start from a checkpoint")
	}
	if got := l2.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Fatalf("state from checkpoint + tail differs from full replay:\n got %+v\nwant %+v", got, want)
	}
	if r := want.Resources["environment.e1"]; r == nil || r.Version != 3 {
		t.Fatalf("environment.e1 = %+v, want version 3", r)
	}
}

func TestGroupCommitLosesNothing(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	l := openLog(t, cfg, "g", func(o *state.Options) { o.CheckpointEvery = -1 })
	const workers, each = 10, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rec := state.Record{Kind: state.KindRefresh, Env: &state.EnvRecord{Address: fmt.Sprintf("environment.w%d_%d", w, i)}}
				if err := l.Append(ctx, rec); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	n, err := l.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != workers*each+1 {
		t.Fatalf("%d records, want %d", n, workers*each+1)
	}
	st := l.Stats()
	t.Logf("%d appends in %d transactions", workers*each, st.Transactions)
	if st.Transactions >= workers*each {
		t.Fatalf("%d transactions for %d appends: no group commit", st.Transactions, workers*each)
	}
}

func TestInvalidRecordFailsAlone(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	l := openLog(t, cfg, "v")
	if err := l.Append(ctx, state.Record{Kind: "bogus"}); err == nil {
		t.Fatal("a record of unknown kind was accepted")
	}
	if err := l.Append(ctx, applyRecords(1, "a")...); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRacingAppendRefusedByConstraint(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	a := openLog(t, cfg, "race")
	b := openLog(t, cfg, "race") // both at the same head, neither locked

	// One after the other: b reads a's records before it appends, as the
	// local log does, so the chain stays linear.
	if err := a.Append(ctx, applyRecords(1, "a")...); err != nil {
		t.Fatal(err)
	}
	if err := b.Append(ctx, applyRecords(2, "b")...); err != nil {
		t.Fatal(err)
	}

	// At the same moment: a writes between b's read of the head and b's
	// insert. The unique (stack, seq) key refuses b; nothing forks.
	var once sync.Once
	testHookBeforeInsert = func(l *Log) {
		if l == b {
			once.Do(func() {
				if err := a.Append(ctx, applyRecords(3, "a2")...); err != nil {
					t.Error(err)
				}
			})
		}
	}
	t.Cleanup(func() { testHookBeforeInsert = nil })
	err := b.Append(ctx, applyRecords(3, "b2")...)
	testHookBeforeInsert = nil
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Seq != 10 {
		t.Fatalf("err = %v, want a conflict at record 10", err)
	}
	var fe *state.ForkError
	if want := `postgres backend: record 10 of stack "` + ce.Stack + `" was written by another writer at the same moment; refusing to fork the log (was the lock taken?)`; !errors.As(err, &fe) || err.Error() != want {
		t.Fatalf("err = %v, want a fork saying %q", err, want)
	}
	// b reloaded the truth: a's records, not its own.
	if got, want := b.Snapshot(), a.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Fatalf("b after the conflict:\n got %+v\nwant %+v", got, want)
	}
	if _, ok := b.Snapshot().Resources["environment.b2"]; ok {
		t.Fatal("the refused records are in the state")
	}
	if n, err := a.Verify(ctx); err != nil || n != 13 {
		t.Fatalf("verify: %d, %v", n, err)
	}

	// Many writers without the lock: whatever interleaving, each either
	// lands on the chain or is refused; the log verifies.
	logs := make([]*Log, 8)
	for i := range logs {
		logs[i] = openLog(t, cfg, "race")
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i, l := range logs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := l.Append(ctx, applyRecords(0, fmt.Sprintf("w%d", i))...)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case !errors.As(err, &ce):
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if n, err := a.Verify(ctx); err != nil || n != int64(13+4*wins) {
		t.Fatalf("verify: %d records, %v; want %d", n, err, 13+4*wins)
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	s := `"` + cfg.SchemaName + `"`
	cases := []struct {
		stack, q, want string
	}{
		{"altered", `UPDATE ` + s + `.records SET line = replace(line, '"actor":"ci"', '"actor":"eve"') WHERE stack = 'altered' AND seq = 2`, "record 3: prev hash"},
		{"deleted", `DELETE FROM ` + s + `.records WHERE stack = 'deleted' AND seq = 4`, "record 4: missing"},
		{"garbled", `UPDATE ` + s + `.records SET line = '{"format_version":1,' WHERE stack = 'garbled' AND seq = 5`, "record 5: not a valid record"},
		{"future", `UPDATE ` + s + `.records SET line = replace(line, '"format_version":1', '"format_version":7') WHERE stack = 'future' AND seq = 6`, "format_version 7"},
	}
	for _, c := range cases {
		l := openLog(t, cfg, c.stack)
		for s := int64(1); s <= 2; s++ {
			if err := l.Append(ctx, applyRecords(s, "e")...); err != nil {
				t.Fatal(err)
			}
		}
		sql(t, cfg, c.q)
		_, err := l.Verify(ctx)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: err = %v, want %q", c.stack, err, c.want)
		}
		rep, err := l.VerifyReport(ctx)
		if err != nil || rep.Bad == nil || !strings.Contains(rep.Bad.Error(), c.want[len("record N"):]) {
			t.Fatalf("%s: report %+v, %v", c.stack, rep, err)
		}
		if _, err := Open(ctx, cfg, state.Options{Stack: c.stack}); err == nil && c.stack != "altered" {
			t.Fatalf("%s: Open accepted a broken log", c.stack)
		}
	}
}

func TestPullIsByteIdentical(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	l := openLog(t, cfg, "p")
	if err := l.Append(ctx, applyRecords(1, "e")...); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := l.WriteJSONL(ctx, &buf)
	if err != nil || n != 5 {
		t.Fatalf("%d, %v", n, err)
	}
	lines := bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
	var chain state.Chain
	for i, line := range lines {
		rec, err := state.Decode(line, int64(i+1))
		if err == nil {
			err = chain.Link(line, &rec)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if chain.Hash != l.Head().Hash {
		t.Fatal("pulled lines do not hash to the log's head")
	}
}
