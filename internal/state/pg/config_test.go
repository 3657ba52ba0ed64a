package pgstate

import (
	"terrarium/internal/state"

	"context"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func decode(t *testing.T, src string) (Config, hcl.Diagnostics) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return DecodeBackend(f.Body, nil)
}

func TestDecodeBackend(t *testing.T) {
	cfg, diags := decode(t, `conn_str = "postgres://db/terrarium"
schema_name = "tf_state"`)
	if diags.HasErrors() || cfg.ConnString != "postgres://db/terrarium" || cfg.SchemaName != "tf_state" {
		t.Fatalf("%+v %v", cfg, diags)
	}
	_, diags = decode(t, `schema_name = "bad-name"`)
	if !diags.HasErrors() || diags[0].Subject.Start.Line != 1 {
		t.Fatalf("bad schema_name: %v", diags)
	}
	_, diags = decode(t, `conn = "x"`)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "conn") {
		t.Fatalf("unknown attribute: %v", diags)
	}
	_, diags = decode(t, `conn_str = 5`)
	if !diags.HasErrors() {
		t.Fatal("a number was accepted as conn_str")
	}
}

func TestConnStringResolution(t *testing.T) {
	env := map[string]string{EnvConn: "postgres://from-env/db"}
	get := func(k string) string { return env[k] }
	if got := (Config{Getenv: get}).connString(); got != "postgres://from-env/db" {
		t.Fatal(got)
	}
	if got := (Config{ConnString: "host=x", Getenv: get}).connString(); got != "host=x" {
		t.Fatal(got)
	}
	if got := (Config{}).connString(); got != "" {
		t.Fatal(got)
	}
}

func TestRedact(t *testing.T) {
	for _, s := range []string{
		"postgres://bob:s3cret@db:5432/x",
		"host=db user=bob password=s3cret dbname=x",
		"host=db password='s3cret' dbname=x",
	} {
		if got := Redact("cannot parse `"+s+"`", ""); strings.Contains(got, "s3cret") {
			t.Errorf("Redact(%q) = %q", s, got)
		}
	}
	// A failed connection never shows the password.
	_, err := Open(context.Background(), Config{ConnString: "postgres://bob:s3cret@127.0.0.1:1/x?connect_timeout=2"}, state.Options{Stack: "s"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
	_, err = Open(context.Background(), Config{ConnString: "postgres://bob:s3cret@127.0.0.1:notaport/x"}, state.Options{Stack: "s"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
	t.Log(err)
}

func TestWithoutPasswordKeepsTheRest(t *testing.T) {
	for _, c := range []struct {
		in, want string
		removed  bool
	}{
		{"postgres://terrarium:s3cret@db.internal:5432/ops?sslmode=require", "postgres://terrarium@db.internal:5432/ops?sslmode=require", true},
		{"postgresql://db.internal/ops?password=s3cret&sslmode=disable", "postgresql://db.internal/ops?sslmode=disable", true},
		{"postgres://terrarium@db.internal/ops", "postgres://terrarium@db.internal/ops", false},
		{"host=db user=terrarium password='s3 cret' dbname=ops", "host=db user=terrarium  dbname=ops", true},
		{"host=db user=terrarium", "host=db user=terrarium", false},
		{"host=db sslpassword=s3cret sslmode=verify-full", "host=db  sslmode=verify-full", true},
		{"postgres://db/ops?sslpassword=s3cret", "postgres://db/ops", true},
	} {
		got, removed := WithoutPassword(c.in)
		if got != c.want || removed != c.removed || strings.Contains(got, "s3") {
			t.Errorf("WithoutPassword(%q) = %q, %v; want %q, %v", c.in, got, removed, c.want, c.removed)
		}
	}
}
