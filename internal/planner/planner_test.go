package planner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

const limitedEnv = `
environment "web" {
  description = "web"
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.github.com"]
    }
  }
}
`

// harness is a configuration directory and an emulator the engine plans
// against, with a Connect that records what it was asked for.
type harness struct {
	t          *testing.T
	dir        string
	client     api.Client
	workspaces []string
	closed     int
	connErr    error
}

func newHarness(t *testing.T, files map[string]string) *harness {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, dir: t.TempDir(), client: c}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(h.dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func (h *harness) request() Request {
	return Request{
		Dir: h.dir, ToolVersion: "test", StateDir: filepath.Join(h.dir, state.DefaultDir),
		Getenv: func(string) string { return "" },
		Connect: func(_ context.Context, s schema.Settings) (api.Client, func(), error) {
			h.workspaces = append(h.workspaces, workspaceOf(s))
			if h.connErr != nil {
				return nil, nil, h.connErr
			}
			return h.client, func() { h.closed++ }, nil
		},
	}
}

func TestRunPlansFromTheTerrariumBlockWithoutTheCLI(t *testing.T) {
	h := newHarness(t, map[string]string{
		"main.hcl": "terrarium {\n  stack        = \"demo\"\n  workspace_id = \"wrkspc_1\"\n}\n",
		"envs.hcl": limitedEnv,
		// A vars file naming workspace_id is not configuration: it changes nothing.
		"prod.vars.hcl": "workspace_id = \"wrkspc_other\"\n",
	})
	res, diags, err := Run(context.Background(), h.request())
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	p := res.Plan
	if p.Stack != "demo" || p.WorkspaceID != "wrkspc_1" || len(p.Changes) != 1 || p.Changes[0].Action != plan.ActionCreate {
		t.Fatalf("plan: stack %q workspace %q changes %+v", p.Stack, p.WorkspaceID, p.Changes)
	}
	if len(h.workspaces) != 1 || h.workspaces[0] != "wrkspc_1" {
		t.Fatalf("connected %v times with %v; want once, to the terrarium block's workspace", len(h.workspaces), h.workspaces)
	}
	if p.Backend == nil || p.Backend.Type != "local" || p.Backend.Config != nil {
		t.Fatalf("recorded backend %+v, want local", p.Backend)
	}
	if p.Lineage != "" || !p.DriftUnavailable {
		t.Fatalf("without a state log: lineage %q, drift unavailable %v", p.Lineage, p.DriftUnavailable)
	}
	if p.ConfigHash != ConfigHash(res.Config) || p.ConfigHash == "" {
		t.Fatal("config hash not recorded")
	}
	if res.Client != h.client || h.closed != 0 {
		t.Fatalf("the client was closed (%d) or not handed back", h.closed)
	}
	res.Close()
}

func TestRunReadsTheStateLogUnderItsLock(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n" + limitedEnv})
	l, err := state.Open(filepath.Join(h.dir, state.DefaultDir), state.Options{Stack: "demo", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	lineage := l.Snapshot().Lineage
	l.Close()
	req := h.request()
	req.Lock = state.LockInfo{ID: "lock-1", Operation: "plan"}
	res, diags, err := Run(context.Background(), req)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	defer res.Close()
	if res.Plan.Lineage != lineage || res.Plan.DriftUnavailable {
		t.Fatalf("lineage %q, want %q", res.Plan.Lineage, lineage)
	}
	if held, err := state.ReadLockInfo(filepath.Join(h.dir, state.DefaultDir)); err != nil || held != nil {
		t.Fatalf("the lock is still held after planning: %+v %v", held, err)
	}
}

func TestRunReportsConfigurationErrorsBeforeAConnectionFailure(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": limitedEnv + "\nenvironment \"web\" {\n}\n"})
	h.connErr = errors.New("no credential")
	res, diags, err := Run(context.Background(), h.request())
	if err != nil || !diags.HasErrors() || res.Plan != nil {
		t.Fatalf("err %v, diags %v", err, diags)
	}
	if !strings.Contains(diags.Error(), "Duplicate environment block") {
		t.Fatalf("diags %v", diags)
	}
	if res.Files[filepath.Join(h.dir, "main.hcl")] == nil {
		t.Fatal("the result does not hold the file the diagnostics point into")
	}

	h = newHarness(t, map[string]string{"main.hcl": limitedEnv})
	h.connErr = errors.New("no credential")
	_, diags, err = Run(context.Background(), h.request())
	if err == nil || err.Error() != "no credential" || diags.HasErrors() {
		t.Fatalf("a valid configuration: err %v, diags %v", err, diags)
	}
}

func TestRunClosesTheClientWhenItStops(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": `
environment "web" {
  config {
    type = "cloud"
  }
}
`})
	res, diags, err := Run(context.Background(), h.request())
	var lintErr *LintError
	if !errors.As(err, &lintErr) || lintErr.Errors == 0 || diags.HasErrors() {
		t.Fatalf("err %v, diags %v; want a lint error", err, diags)
	}
	if len(res.Lint.Findings) == 0 {
		t.Fatal("the lint findings are not in the result")
	}
	if h.closed != 1 || res.Client != nil {
		t.Fatalf("client closed %d times, handed back %v", h.closed, res.Client)
	}
}

func TestRunRefusesDestroyWithRefreshOnly(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": limitedEnv})
	req := h.request()
	req.Options = plan.Options{Destroy: true, RefreshOnly: true}
	if _, _, err := Run(context.Background(), req); !errors.Is(err, ErrDestroyRefreshOnly) {
		t.Fatalf("err %v", err)
	}
	if len(h.workspaces) != 0 {
		t.Fatal("connected for a refused plan")
	}
}

// The local state log is read while lint runs; a plan that stops at lint
// closes it again.
func TestRunClosesTheStateLogWhenLintStops(t *testing.T) {
	h := newHarness(t, map[string]string{"main.hcl": "terrarium {\n  stack = \"demo\"\n}\n" + `
environment "web" {
  config {
    type = "cloud"
  }
}
`})
	l, err := state.Open(filepath.Join(h.dir, state.DefaultDir), state.Options{Stack: "demo", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	_, _, err = Run(context.Background(), h.request())
	var lintErr *LintError
	if !errors.As(err, &lintErr) {
		t.Fatalf("err %v; want a lint error", err)
	}
	if open := openFilesUnder(t, h.dir); len(open) > 0 {
		t.Fatalf("open after the plan: %v", open)
	}
}

// openFilesUnder lists the files under dir this process has open.
func openFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	var out []string
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, dir) {
			out = append(out, target)
		}
	}
	return out
}
