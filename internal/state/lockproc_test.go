package state_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"terrarium/internal/state"
)

// TestLockHelperProcess is not a test: it is the other process of
// TestLockAcrossProcesses, started from the test binary.
func TestLockHelperProcess(t *testing.T) {
	dir, mode := os.Getenv("STATE_LOCK_DIR"), os.Getenv("STATE_LOCK_MODE")
	if dir == "" {
		t.Skip("helper process only")
	}
	h, err := state.LockDir(context.Background(), dir, state.LockInfo{Who: "helper", Operation: "apply"}, 0, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	if mode == "die" {
		os.Exit(0) // crash without unlocking: lock.json stays behind
	}
	io.Copy(io.Discard, os.Stdin) // hold until the parent closes stdin
	h.Unlock()
	os.Exit(0)
}

// startHolder runs the helper process and waits until it holds the lock.
func startHolder(t *testing.T, dir, mode string) (*exec.Cmd, io.WriteCloser) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "STATE_LOCK_DIR="+dir, "STATE_LOCK_MODE="+mode)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper said %q", line)
	}
	return cmd, stdin
}

func TestLockAcrossProcesses(t *testing.T) {
	dir := fixtureDir(t)
	ctx := context.Background()
	cmd, stdin := startHolder(t, dir, "hold")

	_, err := state.LockDir(ctx, dir, state.LockInfo{Operation: "apply"}, 0, nil)
	var le *state.LockedError
	if !errors.As(err, &le) || le.Stale || le.Info.PID != cmd.Process.Pid || le.Info.Who != "helper" {
		t.Fatalf("while held: %v", err)
	}
	// A waiting writer gets the lock once the holder releases it, which it
	// does (stdin closed) only when the writer has found it held and waits.
	waiting := lockWaited(t)
	go func() { <-waiting; stdin.Close() }()
	h, err := state.LockDir(ctx, dir, state.LockInfo{Operation: "apply"}, time.Minute, nil)
	if err != nil {
		t.Fatalf("waiting for the holder: %v", err)
	}
	select {
	case <-waiting:
	default:
		t.Fatal("LockDir returned while the helper process still held the lock")
	}
	cmd.Wait()
	h.Unlock()

	// A holder that dies leaves lock.json: stale, its pid gone.
	cmd, _ = startHolder(t, dir, "die")
	cmd.Wait()
	_, err = state.LockDir(ctx, dir, state.LockInfo{}, 0, nil)
	if !errors.As(err, &le) || !le.Stale || !le.Gone {
		t.Fatalf("after a crash: %v", err)
	}
	if _, _, err := state.ForceUnlockDir(dir, le.Info.ID); err != nil {
		t.Fatal(err)
	}
	h, err = state.LockDir(ctx, dir, state.LockInfo{}, 0, nil)
	if err != nil {
		t.Fatalf("after force-unlock: %v", err)
	}
	h.Unlock()
}
