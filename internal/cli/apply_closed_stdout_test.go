package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// apply --auto-approve | head: the reader of stdout goes away while the
// plan text is still being written, and the apply, which starts its calls
// meanwhile, has already recorded intents and sent creates. It must stop as
// an interrupt stops it (exit 1, the calls in flight recorded, the lock
// released), not die of SIGPIPE halfway, as Go's default for a write to a
// closed pipe on stdout would have it: before the apply started while the
// plan text was written, that death came before the first call.
func TestApplyStopsWhenStdoutReaderGoesAway(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stack")
	const n = 300 // a plan text well beyond a pipe's 64 KiB buffer
	crashConfig(t, dir, n)
	emu := startEmulatorProc(t, filepath.Join(t.TempDir(), "emu.json"), cleanEnv(), "--latency", "5ms")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath(t), "apply", "--auto-approve", "--no-color")
	cmd.Dir, cmd.Env = dir, stackEnv(emu)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := bufio.NewReader(r).ReadString('\n'); err != nil {
		t.Fatalf("first line of apply: %v", err)
	}
	r.Close() // head -1 has its line
	err = cmd.Wait()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() || ws.ExitStatus() != 1 || !strings.Contains(stderr.String(), "broken pipe") {
		t.Fatalf("apply with its stdout closed: %v (signaled %v, exit %d), want exit 1 naming the broken pipe\nstderr:\n%s", err, ws.Signaled(), ws.ExitStatus(), stderr.String())
	}
	// The next apply finds no stale lock and nothing unrecorded.
	if res := runBin(t, dir, stackEnv(emu), "apply", "--auto-approve"); res.code != 0 {
		t.Fatalf("apply after the stopped one: %s", describe(res))
	}
	checkConverged(t, dir, emu, n)
}

// terrarium apply | less, quit at the plan: an apply that asks holds the
// state lock from its plan to the answer, and a stdout whose reader went
// away must make it give up (no approval, the lock released), not die of
// SIGPIPE holding the lock, which the next run would find stale.
func TestApplyThatAsksReleasesTheLockWhenStdoutGoesAway(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stack")
	const n = 300
	crashConfig(t, dir, n)
	emu := startEmulatorProc(t, filepath.Join(t.TempDir(), "emu.json"), cleanEnv(), "--latency", "5ms")
	if res := runBin(t, dir, stackEnv(emu), "apply", "--auto-approve"); res.code != 0 {
		t.Fatalf("first apply: %s", describe(res))
	}
	crashConfigDesc(t, dir, n, "changed") // every environment to update: a long plan text
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath(t), "apply", "--no-color")
	cmd.Dir, cmd.Env = dir, append(stackEnv(emu), "TEST_STDIN_TTY=1")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, answer, err := os.Pipe() // never answered: the prompt is not seen
	if err != nil {
		t.Fatal(err)
	}
	defer answer.Close()
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	stdin.Close()
	if _, err := bufio.NewReader(r).ReadString('\n'); err != nil {
		t.Fatalf("first line of apply: %v", err)
	}
	r.Close()
	err = cmd.Wait()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() || ws.ExitStatus() == 0 {
		t.Fatalf("apply with its stdout closed at the prompt: %v (signaled %v, exit %d), want a refusal\nstderr:\n%s", err, ws.Signaled(), ws.ExitStatus(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, ".terrarium", "lock.json")); !os.IsNotExist(err) {
		t.Fatalf("the lock is left behind (%v)\nstderr:\n%s", err, stderr.String())
	}
	if res := runBin(t, dir, stackEnv(emu), "apply", "--auto-approve", "--lock-timeout", "0s"); res.code != 0 {
		t.Fatalf("apply after the refused one: %s", describe(res))
	}
}

// terrarium apply FILE | head, the reader gone before the apply writes:
// apply FILE does not check each line it writes (its progress and summary
// go through the apply view), so the lost summary must still be reported
// (exit 1 naming the broken pipe), not end in exit 0 with nothing shown.
func TestApplyFileReportsLostOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stack")
	crashConfig(t, dir, 2)
	emu := startEmulatorProc(t, filepath.Join(t.TempDir(), "emu.json"), cleanEnv())
	if res := runBin(t, dir, stackEnv(emu), "plan", "--out", "q.plan"); res.code != 0 {
		t.Fatalf("plan: %s", describe(res))
	}
	cmd := exec.Command(binPath(t), "apply", "--no-color", "q.plan")
	cmd.Dir, cmd.Env = dir, stackEnv(emu)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader went away before the first line
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	err = cmd.Run()
	w.Close()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() || ws.ExitStatus() != 1 || !strings.Contains(stderr.String(), "broken pipe") || !strings.Contains(stderr.String(), "cut short") {
		t.Fatalf("apply FILE with its stdout closed: %v (signaled %v, exit %d), want exit 1 saying the output was cut short\nstderr:\n%s", err, ws.Signaled(), ws.ExitStatus(), stderr.String())
	}
	checkConverged(t, dir, emu, 2)
}

// Exit 2 says the job was done and found something (fmt --check's files
// to format, lint's findings, plan --detailed-exitcode's changes). With
// its report cut short (the reader gone) the job was not done: exit 1
// saying so, not 2, which a CI job reads as findings to review.
func TestFoundExitReportsLostOutput(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte("environment \"a\" {\nname=\"x\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binPath(t), "fmt", "--check")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	err = cmd.Run()
	w.Close()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() || ws.ExitStatus() != 1 || !strings.Contains(stderr.String(), "cut short") {
		t.Fatalf("fmt --check with its stdout closed: %v (signaled %v, exit %d), want exit 1 saying the output was cut short\nstderr:\n%s", err, ws.Signaled(), ws.ExitStatus(), stderr.String())
	}
	if res := runBin(t, dir, cleanEnv(), "fmt", "--check"); res.code != 2 || !strings.Contains(res.stdout, "main.hcl") {
		t.Fatalf("fmt --check with its stdout read: %s, want exit 2 naming main.hcl", describe(res))
	}
}
