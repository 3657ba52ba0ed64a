package cli_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestKill9 runs apply as a child process against an emulator process and
// SIGKILLs it at a random moment, then recovers: the next run releases the
// dead run's lock (force-unlock, as its message says) and applies again.
// Every time, the log opens (a torn tail is recovered) and verifies, no
// address has two live environments, and a fresh plan has nothing to do.
// The first iteration creates the stack; each later one changes every
// description, so a kill lands among creates, updates, adoptions of lost
// answers and log writes. 30 iterations in CI; TERRARIUM_LONG=1 runs 500.
func TestKill9(t *testing.T) {
	t.Parallel() // its own emulator process and directories
	iterations, n := 30, 20
	if longRun() {
		iterations = 500
	} else if raceEnabled {
		iterations = 6
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("TERRARIUM_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (TERRARIUM_SEED=%d repeats this run's delays)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	root := t.TempDir()
	dir := filepath.Join(root, "stack")
	emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv(), "--latency", "2ms", "--jitter", "3ms")
	killed := 0
	for i := range iterations {
		crashConfigDesc(t, dir, n, fmt.Sprintf("v%d", i))
		delay := time.Duration(5+rng.IntN(75)) * time.Millisecond
		if killApply(t, dir, emu, delay) {
			killed++
		}
		rec := rerunApply(t, dir, emu)
		if rec.code != 0 {
			t.Fatalf("iteration %d (killed after %s): recovery apply: %s", i, delay, describe(rec))
		}
		if r := runBin(t, dir, stackEnv(emu), "state", "verify"); r.code != 0 {
			t.Fatalf("iteration %d (killed after %s): %s", i, delay, describe(r))
		}
		checkNoDuplicates(t, emu, n)
		if r := runBin(t, dir, stackEnv(emu), "plan", "--detailed-exitcode"); r.code != 0 {
			t.Fatalf("iteration %d (killed after %s): not converged: %s\nafter the recovery %s", i, delay, describe(r), describe(rec))
		}
		if t.Failed() {
			t.Fatalf("iteration %d (killed after %s)", i, delay)
		}
	}
	t.Logf("%d of %d applies killed before they finished", killed, iterations)
	checkOneCreateEach(t, emu, n)
	checkAllLogged(t, dir, emu)
}

// killApply starts apply and SIGKILLs it after delay; it reports whether
// the process was still running when killed.
func killApply(t *testing.T, dir string, emu *emulatorProc, delay time.Duration) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath(t), "apply", "--auto-approve", "--parallelism", "4")
	cmd.Dir, cmd.Env = dir, stackEnv(emu)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(delay):
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return true
}
