package cli_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/schema"
)

// promptedApply is `terrarium apply` run in dir as a user at a terminal
// runs it (TEST_STDIN_TTY=1 stands for the terminal), stopped at its
// approval prompt.
type promptedApply struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr *bytes.Buffer
	done           chan error
}

// startPromptedApply starts apply in dir and returns once it asks for
// approval, with what it printed until then. Its stdout is read by a
// goroutine that is done with it once done has a value.
func startPromptedApply(t *testing.T, dir string, env []string) (*promptedApply, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, binPath(t), "apply")
	cmd.Dir, cmd.Env = dir, append(env, "TEST_STDIN_TTY=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &promptedApply{cmd: cmd, stdin: stdin, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	prompted := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		asked := false
		for {
			n, err := out.Read(buf)
			p.stdout.Write(buf[:n])
			if !asked && strings.Contains(p.stdout.String(), "Enter a value: ") {
				asked = true
				prompted <- p.stdout.String()
			}
			if err != nil {
				p.done <- cmd.Wait()
				return
			}
		}
	}()
	select {
	case shown := <-prompted:
		return p, shown
	case err := <-p.done:
		t.Fatalf("apply ended before asking (%v)\nstdout:\n%s\nstderr:\n%s", err, p.stdout, p.stderr)
	}
	return nil, ""
}

// answer types line at the prompt and returns the exit code once apply
// has ended; stdout and stderr are complete then.
func (p *promptedApply) answer(t *testing.T, line string) int {
	t.Helper()
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		t.Fatal(err)
	}
	p.stdin.Close()
	err := <-p.done
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// liveByName lists the emulator's environments that are not archived.
func liveByName(t *testing.T, c api.Client) map[string]schema.LiveEnv {
	t.Helper()
	all, err := c.List(context.Background(), api.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]schema.LiveEnv{}
	for _, e := range all {
		if !e.Archived() {
			out[e.Name] = e
		}
	}
	return out
}

// emulatedStack starts an emulator process and writes a configuration of
// two environments (e000, e001, described "first 0" and "first 1") in a
// new directory; it returns the emulator, the environment of runs against
// it, and the directory.
func emulatedStack(t *testing.T) (*emulatorProc, []string, string) {
	t.Helper()
	root := t.TempDir()
	emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv())
	dir := filepath.Join(root, "stack")
	crashConfigDesc(t, dir, 2, "first")
	return emu, stackEnv(emu), dir
}

func description(e schema.LiveEnv) string {
	if e.Description == nil {
		return ""
	}
	return *e.Description
}

// `apply DIR` waits at its approval prompt while another client changes
// an environment the plan updates. Answering yes is refused, as the user
// meets it: the message says to run apply again (no plan was saved, so
// not "run plan again"), names the environment and the field, exit 1,
// and nothing was changed, live or in the state log.
func TestApplyRefusesAStackChangedWhileItWaitedForApproval(t *testing.T) {
	emu, env, dir := emulatedStack(t)
	if r := runBin(t, dir, env, "apply", "--auto-approve"); r.code != 0 {
		t.Fatalf("first apply: %s", describe(r))
	}
	crashConfigDesc(t, dir, 2, "second")
	logPath := filepath.Join(dir, ".terrarium", "state.jsonl")
	logBefore, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}

	p, shown := startPromptedApply(t, dir, env)
	if !strings.Contains(shown, "Plan: 0 to create, 2 to update") {
		t.Fatalf("plan shown:\n%s", shown)
	}
	// Another client, with the SDK, while the apply waits for a human.
	c, err := api.New(api.Options{BaseURL: emu.URL, APIKey: "test-key", RateLimits: &api.RateLimits{}})
	if err != nil {
		t.Fatal(err)
	}
	e := liveByName(t, c)["e000"]
	outside := "changed by someone else"
	e.Description = &outside
	if _, err := c.Update(context.Background(), e.ID, api.Update{Spec: e.EnvSpec}); err != nil {
		t.Fatal(err)
	}

	code := p.answer(t, "yes")
	stderr := p.stderr.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, p.stdout, stderr)
	}
	for _, want := range []string{
		"The stack changed while this apply waited for approval; run apply again",
		"environment.e000 (" + e.ID + "): changed since the plan: description",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "run plan again") || strings.Contains(p.stdout.String(), "Modifying") {
		t.Errorf("a saved plan's advice, or a change started:\nstdout:\n%s\nstderr:\n%s", p.stdout, stderr)
	}
	live := liveByName(t, c)
	if got := description(live["e000"]); got != outside {
		t.Errorf("e000's description = %q, want the other client's %q", got, outside)
	}
	if got := description(live["e001"]); got != "first 1" {
		t.Errorf("e001's description = %q, want it unchanged (%q)", got, "first 1")
	}
	if logAfter, err := os.ReadFile(logPath); err != nil || !bytes.Equal(logAfter, logBefore) {
		t.Errorf("the state log changed (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".terrarium", "lock.json")); !os.IsNotExist(err) {
		t.Errorf("lock.json left behind (%v)", err)
	}
}

// The first apply of a stack has no state log to lock while it plans and
// asks. Another apply of the same directory runs to the end meanwhile;
// the first one's yes is refused with "run apply again", exit 1, and
// creates nothing: each environment exists once, made by the other run.
func TestFirstApplyRefusesAStackAppliedWhileItWaitedForApproval(t *testing.T) {
	emu, env, dir := emulatedStack(t)
	p, shown := startPromptedApply(t, dir, env)
	if !strings.Contains(shown, "Plan: 2 to create") {
		t.Fatalf("plan shown:\n%s", shown)
	}
	if r := runBin(t, dir, env, "apply", "--auto-approve"); r.code != 0 {
		t.Fatalf("the other apply: %s", describe(r))
	}
	code := p.answer(t, "yes")
	if code != 1 || !strings.Contains(p.stderr.String(), "The stack changed while this apply waited for approval; run apply again") ||
		strings.Contains(p.stdout.String(), "Creating...") {
		t.Fatalf("exit %d, want 1 and the refusal\nstdout:\n%s\nstderr:\n%s", code, p.stdout, p.stderr)
	}
	names := map[string]int{}
	for _, e := range emu.environments(t) {
		names[e.Name]++
	}
	if len(names) != 2 || names["e000"] != 1 || names["e001"] != 1 {
		t.Fatalf("environments by name = %v, want e000 and e001 once each", names)
	}
	if r := runBin(t, dir, env, "history"); r.code != 0 || strings.Count(r.stdout, "apply #") != 1 {
		t.Fatalf("want one apply recorded: %s", describe(r))
	}
}
