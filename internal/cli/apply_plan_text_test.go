package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"terrarium/internal/iostreams"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/render"
)

// gateWriter blocks every write until open is closed, then records it.
type gateWriter struct {
	open    chan struct{}
	mu      sync.Mutex
	written bytes.Buffer
}

func (g *gateWriter) Write(b []byte) (int, error) {
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.written.Write(b)
}

// With --auto-approve the apply starts while the plan text is still being
// written; what the apply writes meanwhile is held and comes after the
// plan text, and its later lines follow in order.
func TestApplyOutputFollowsPlanTextWrittenMeanwhile(t *testing.T) {
	out := &gateWriter{open: make(chan struct{})}
	ios, _, _, _ := iostreams.Test()
	ios.Out = out
	d := &Deps{IO: ios}
	live, _ := plan.Refresh(context.Background(), plantest.NewAPI())
	p, _ := plan.Compute(plan.Input{Config: plantest.Config(plantest.Env("web", plantest.Limited(false, false, "https://a.example"))), Live: live})
	var want bytes.Buffer
	if err := render.PlanText(&want, p, false); err != nil {
		t.Fatal(err)
	}
	stopped := false
	s := showPlanText(d, p, func() { stopped = true })
	fmt.Fprintln(s, "environment.web: Creating...") // the plan text is blocked
	fmt.Fprintln(s, "environment.web: Creation complete")
	close(out.open)
	s.textWritten()
	for i := range 100 {
		fmt.Fprintf(s, "line %d\n", i)
	}
	fmt.Fprintln(s, "Apply complete!")
	if err := s.finish(); err != nil || stopped {
		t.Fatalf("finish: %v, stopped %v", err, stopped)
	}
	want.WriteString("environment.web: Creating...\nenvironment.web: Creation complete\n")
	for i := range 100 {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	want.WriteString("Apply complete!\n")
	if got := out.written.String(); got != want.String() {
		t.Fatalf("output:\n%s\nwant:\n%s", got, want.String())
	}
}

// An apply whose plan text cannot be written (stdout on a full disk) stops
// as an interrupt stops it, and says why with exit 1; the lock is released
// and whatever it did is recorded, so the next plan runs and proposes the
// rest.
func TestApplyStopsWhenThePlanTextCannotBeWritten(t *testing.T) {
	dir := envsDir(t, "unwritten", 40)
	ios, _, _, _ := iostreams.Test()
	ios.Out = fullWriter{}
	err := runRootIO(t, dir, ios, "apply", "--emulator", "--auto-approve")
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("apply with stdout failing: %v, want the write error", err)
	}
	out, stderr, err := runRoot(t, dir, nil, "plan", "--emulator", "--no-color")
	if err != nil {
		t.Fatalf("plan after the stopped apply: %v\n%s", err, stderr)
	}
	// Nothing was left unrecorded: the plan proposes only the creates
	// the stopped apply did not make (in practice all of them: the write
	// fails before the apply's first call).
	var left int
	if _, err := fmt.Sscanf(out[max(strings.LastIndex(out, "Plan: "), 0):], "Plan: %d to create, 0 to update, 0 to replace, 0 to archive, 0 to delete.", &left); err != nil && !strings.Contains(out, "No changes") {
		t.Fatalf("plan after the stopped apply (%v):\n%s", err, out)
	}
	if left > 40 {
		t.Fatalf("plan after the stopped apply proposes %d creates of 40", left)
	}
}

// The text of apply DIR --auto-approve is the plan, then the apply's lines:
// none comes inside the plan text, however the two overlap in time.
func TestApplyTextIsPlanThenApply(t *testing.T) {
	dir := envsDir(t, "ordered", 200)
	out, stderr, err := runRoot(t, dir, nil, "apply", "--emulator", "--auto-approve", "--no-color")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, stderr)
	}
	planEnd := strings.Index(out, "Plan: 200 to create")
	first := strings.Index(out, ": Creating...")
	if planEnd < 0 || first < planEnd || !strings.HasSuffix(out, "Apply complete! 200 created, 0 updated, 0 archived, 0 deleted. State serial 1.\n") {
		t.Fatalf("apply output is not the plan text then the apply:\n%s", out)
	}
	if n := strings.Count(out, ": Creation complete"); n != 200 {
		t.Fatalf("%d creations reported, want 200", n)
	}
}

// envsDir is a configuration directory of stack with n least-privilege
// environments.
func envsDir(t *testing.T, stack string, n int) string {
	t.Helper()
	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "terrarium {\n  stack = %q\n}\n", stack)
	for i := range n {
		fmt.Fprintf(&cfg, "environment \"e%d\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type          = \"limited\"\n      allowed_hosts = [\"https://api.github.com\"]\n    }\n  }\n}\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runRootIO runs the root command in process in dir, as runRoot does,
// with ios as its streams (a stdout or stderr that fails).
func runRootIO(t *testing.T, dir string, ios *iostreams.IOStreams, args ...string) error {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = os.Chdir(wd) }()
	d := &Deps{IO: ios, Globals: &Globals{}, Getenv: func(string) string { return "" }, Environ: func() []string { return nil }}
	root := NewRootCmd(d)
	root.SetArgs(append([]string{"--chdir", dir}, args...))
	return root.ExecuteContext(context.Background())
}
