package pgstate

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"terrarium/internal/ids"
	"terrarium/internal/state"
	"terrarium/schema"
)

// testConn returns the test server's connection string. Locally a missing
// server skips; in CI (CI=true) it fails: the backend must be tested there.
func testConn(t testing.TB) string {
	t.Helper()
	c := os.Getenv("TERRARIUM_TEST_PG")
	if c != "" {
		return c
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("TERRARIUM_TEST_PG is not set but CI=true: the postgres backend must be tested against a real server (.ci/run starts one with .ci/pg-start)")
	}
	t.Skip("TERRARIUM_TEST_PG is not set: skipping the postgres backend tests (start a server with: eval \"$(.ci/pg-start)\")")
	return ""
}

// testConfig returns a config with a fresh schema, dropped after the test.
func testConfig(t testing.TB) Config {
	t.Helper()
	conn := testConn(t)
	cfg := Config{ConnString: conn, SchemaName: ids.New("t_")}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, conn)
		if err != nil {
			t.Logf("dropping test schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{cfg.SchemaName}.Sanitize()+` CASCADE`); err != nil {
			t.Logf("dropping test schema: %v", err)
		}
	})
	return cfg
}

// sql runs a statement against the test database, outside any Log.
func sql(t testing.TB, cfg Config, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, cfg.ConnString)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func openLog(t testing.TB, cfg Config, stack string, opts ...func(*state.Options)) *Log {
	t.Helper()
	o := state.Options{Stack: stack, Create: true}
	for _, f := range opts {
		f(&o)
	}
	l, err := Open(context.Background(), cfg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// applyRecords is one apply creating environment.NAME: start, intent,
// result, end.
func applyRecords(serial int64, name string) []state.Record {
	id := fmt.Sprintf("i-%d-%s", serial, name)
	spec := schema.EnvSpec{Name: name}
	live := &schema.LiveEnv{ID: "env_" + name, EnvSpec: spec}
	return []state.Record{
		{Kind: state.KindApplyStart, Apply: &state.Apply{Serial: serial, Actor: "ci"}},
		{Kind: state.KindIntent, Intent: &state.Intent{ID: id, Op: state.OpCreate, Address: "environment." + name, Spec: &spec}},
		{Kind: state.KindResult, Result: &state.Result{IntentID: id, OK: true, Live: live}},
		{Kind: state.KindApplyEnd, Apply: &state.Apply{Serial: serial}},
	}
}

// replayAll derives the state from every record, as a fresh reader would.
func replayAll(t testing.TB, l *Log) *state.Snapshot {
	t.Helper()
	r := state.NewReplay()
	if err := l.Records(context.Background(), func(rec state.Record) error { r.Apply(&rec); return nil }); err != nil {
		t.Fatal(err)
	}
	return r.Snapshot()
}
