package backend

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/jackc/pgx/v5"

	"terrarium/internal/state"
	pgstate "terrarium/internal/state/pg"
	"terrarium/schema"
)

func TestOpenSelectsTheBackend(t *testing.T) {
	ctx := context.Background()
	opts := state.Options{Stack: "s", Create: true}
	l, diags, err := Open(ctx, Spec{StateDir: t.TempDir()}, opts)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	if _, ok := l.(*state.Local); !ok {
		t.Fatalf("default backend is %T", l)
	}
	if rep, err := Verify(ctx, l); err != nil || rep.Bad != nil || rep.Records != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	l.Close()

	if sp := FromSettings(schema.Settings{Backend: &schema.Backend{Type: Postgres}}, "d", nil); sp.Type != Postgres || sp.StateDir != "d" {
		t.Fatalf("%+v", sp)
	}
	rng := hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: 3, Column: 3}}
	_, diags, _ = Open(ctx, Spec{Type: "s3", Range: rng}, opts)
	if !diags.HasErrors() || diags[0].Subject.Start.Line != 3 {
		t.Fatalf("unknown type: %v", diags)
	}

	f, _ := hclsyntax.ParseConfig([]byte(`schema_name = "no-dashes"`), "main.hcl", hcl.InitialPos)
	_, diags, _ = Open(ctx, Spec{Type: Postgres, Body: f.Body}, opts)
	if !diags.HasErrors() {
		t.Fatal("a bad schema_name was accepted")
	}

	conn := os.Getenv("TERRARIUM_TEST_PG")
	if conn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TERRARIUM_TEST_PG is not set but CI=true")
		}
		t.Skip("TERRARIUM_TEST_PG is not set: skipping the postgres half")
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(ctx, conn); err == nil {
			_, _ = c.Exec(ctx, `DROP SCHEMA IF EXISTS backend_test CASCADE`)
			c.Close(ctx)
		}
	})
	f, _ = hclsyntax.ParseConfig([]byte(`schema_name = "backend_test"`), "main.hcl", hcl.InitialPos)
	env := map[string]string{pgstate.EnvConn: conn}
	l, diags, err = Open(ctx, Spec{Type: Postgres, Body: f.Body, Getenv: func(k string) string { return env[k] }}, opts)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	defer l.Close()
	pl, ok := l.(*pgstate.Log)
	if !ok || pl.Schema() != "backend_test" {
		t.Fatalf("postgres backend is %T", l)
	}
	if rep, err := Verify(ctx, l); err != nil || rep.Bad != nil || rep.Stack != "s" {
		t.Fatalf("%+v %v", rep, err)
	}
	if _, err := ForceUnlock(ctx, l, "nope"); err == nil {
		t.Fatal("force-unlock of an unlocked stack succeeded")
	}
}

func TestRecordKeepsNoPasswordAndReopens(t *testing.T) {
	f, _ := hclsyntax.ParseConfig([]byte(`
schema_name = "ops"
conn_str    = "postgres://terrarium:s3cret@db.internal/ops"
`), "main.hcl", hcl.InitialPos)
	typ, settings, diags := Spec{Type: Postgres, Body: f.Body}.Record()
	if diags.HasErrors() || typ != Postgres {
		t.Fatal(typ, diags)
	}
	if settings["schema_name"] != "ops" || settings["conn_str"] != "postgres://terrarium@db.internal/ops" {
		t.Fatalf("recorded %v", settings)
	}
	spec, err := FromRecord(typ, settings, "d", nil)
	if err != nil {
		t.Fatal(err)
	}
	typ2, settings2, _ := spec.Record()
	if typ2 != typ || settings2["conn_str"] != settings["conn_str"] || settings2["schema_name"] != "ops" {
		t.Fatalf("a rebuilt spec records %s %v", typ2, settings2)
	}

	if typ, settings, diags := (Spec{}).Record(); typ != Local || settings != nil || diags != nil {
		t.Fatalf("local records %s %v %v", typ, settings, diags)
	}
	if _, _, diags := (Spec{Type: "s3"}).Record(); !diags.HasErrors() {
		t.Fatal("an unsupported backend was recorded")
	}
	if _, err := FromRecord("s3", nil, "d", nil); err == nil {
		t.Fatal("an unknown recorded type was accepted")
	}
	if _, err := FromRecord(Postgres, map[string]string{"password": "x"}, "d", nil); err == nil {
		t.Fatal("an unknown recorded setting was accepted")
	}
}
