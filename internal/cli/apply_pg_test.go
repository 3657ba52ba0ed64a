package cli

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/iostreams"
	"terrarium/internal/plan"
)

// runRoot runs the whole command tree in dir with the given environment.
func runRoot(t *testing.T, dir string, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = os.Chdir(wd) }()
	ios, _, out, errOut := iostreams.Test()
	d := &Deps{IO: ios, Globals: &Globals{}, Getenv: func(k string) string { return env[k] }, Environ: func() []string { return nil }}
	root := NewRootCmd(d)
	root.SetArgs(append([]string{"--chdir", dir}, args...))
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// webEnv is one least-privilege environment block.
const webEnv = `
environment "web" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.github.com"]
    }
  }
}
`

// TestApplyWithPostgresBackend plans and applies with the state log in
// PostgreSQL (the terrarium block's backend), then plans again: no changes,
// and no local state log was written.
func TestApplyWithPostgresBackend(t *testing.T) {
	conn := pgTestConn(t)
	schemaName := pgSchema(t, conn)
	dir := t.TempDir()
	hcl := `terrarium {
  stack = "pgdemo"
  backend "postgres" {
    schema_name = "` + schemaName + `"
  }
}
` + webEnv
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(hcl), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TERRARIUM_PG_CONN": conn}
	out, errOut, err := runRoot(t, dir, env, "apply", "--emulator", "--auto-approve")
	if err != nil || !strings.Contains(out, "Apply complete! 1 created, 0 updated, 0 archived, 0 deleted. State serial 1.") {
		t.Fatalf("apply: %v\n%s\n%s", err, out, errOut)
	}
	out, errOut, err = runRoot(t, dir, env, "plan", "--emulator")
	if err != nil || !strings.Contains(out, "No changes.") || strings.Contains(out, "Drift attribution unavailable") {
		t.Fatalf("plan: %v\n%s\n%s", err, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".terrarium", "state.jsonl")); !os.IsNotExist(err) {
		t.Fatalf("a local state log was written: %v", err)
	}
	// The reading commands find the same log through the terrarium block.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"state", "list"}, "environment.web"},
		{[]string{"history"}, "apply #1"},
		{[]string{"history", "environment.web"}, "v1"},
		{[]string{"state", "verify"}, "hash chain intact"},
		{[]string{"show"}, "environment.web"},
	} {
		out, errOut, err := runRoot(t, dir, env, c.args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("%s: %v\n%s\n%s", strings.Join(c.args, " "), err, out, errOut)
		}
	}
}

// TestApplySavedPlanOpensTheRecordedPostgresBackend saves a plan whose
// backend conn_str holds a password: the plan file records the backend
// without it, and apply opens that backend even after the terrarium block
// has changed, without reading the configuration.
func TestApplySavedPlanOpensTheRecordedPostgresBackend(t *testing.T) {
	conn := pgTestConn(t)
	schemaName := pgSchema(t, conn)
	u, err := url.Parse(conn)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "s3cret-not-recorded"
	u.User = url.UserPassword(u.User.Username(), secret) // the test server trusts loopback: any password passes
	dir := t.TempDir()
	config := func(backend string) {
		t.Helper()
		src := "terrarium {\n  stack = \"pgsaved\"\n" + backend + "}\n" + webEnv
		if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pgBlock := "  backend \"postgres\" {\n    # terrarium:ignore secret-in-config reason=\"the recording is under test\"\n    conn_str    = \"" + u.String() + "\"\n    schema_name = \"" + schemaName + "\"\n  }\n"
	config(pgBlock)
	env := map[string]string{}
	if out, errOut, err := runRoot(t, dir, env, "plan", "--emulator", "--out", "plan.tfplan"); err != nil {
		t.Fatalf("plan: %v\n%s\n%s", err, out, errOut)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "plan.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Unmarshal(saved)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(u.User.Username())
	if strings.Contains(string(saved), secret) || p.Backend == nil || p.Backend.Type != "postgres" ||
		p.Backend.Config["schema_name"] != schemaName || p.Backend.Config["conn_str"] != u.String() {
		t.Fatalf("recorded backend %+v (password recorded: %v)", p.Backend, strings.Contains(string(saved), secret))
	}

	config("  backend \"s3\" {\n  }\n") // not even a backend this build knows
	out, errOut, err := runRoot(t, dir, env, "apply", "--emulator", "plan.tfplan")
	if err != nil || !strings.Contains(out, "Apply complete! 1 created") {
		t.Fatalf("apply: %v\n%s\n%s", err, out, errOut)
	}
	config(pgBlock)
	if out, errOut, err := runRoot(t, dir, env, "state", "list"); err != nil || !strings.Contains(out, "environment.web") {
		t.Fatalf("state list on the recorded backend: %v\n%s\n%s", err, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".terrarium", "state.jsonl")); !os.IsNotExist(err) {
		t.Fatalf("a local state log was written: %v", err)
	}
}
