package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKill9GitBackend SIGKILLs apply on a stack whose log is on a git
// branch (a bare repository on disk as the remote), then reruns it from a
// fresh clone, as the next CI job would: the dead run's lock commit is
// reported stale with the force-unlock command, the rerun converges, the
// branch verifies, and no environment was created twice.
func TestKill9GitBackend(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed but CI=true (.ci/run installs it)")
		}
		t.Skip("git is not installed")
	}
	iterations, n := 4, 6
	root := t.TempDir()
	gitTestEnv(t, root)
	remote := filepath.Join(root, "remote.git")
	gitRun(t, root, "init", "--quiet", "--bare", remote)
	emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv(), "--latency", "5ms", "--jitter", "5ms")
	killed := 0
	for i := range iterations {
		// Each run is a fresh checkout: nothing but the branch carries
		// the state from one to the next. --no-local clones as over a
		// network (refs read first, then their objects): a local clone
		// copies the object directory and reads refs apart, so a push the
		// killed run left running could land a ref whose tree it missed.
		work := filepath.Join(root, fmt.Sprintf("run%d", i))
		gitRun(t, root, "clone", "--quiet", "--no-local", remote, work)
		dir := filepath.Join(work, "stack")
		gitBackendConfig(t, dir, n, fmt.Sprintf("v%d", i))
		if killApply(t, dir, emu, time.Duration(40+30*i)*time.Millisecond) {
			killed++
		}
		rerun := filepath.Join(root, fmt.Sprintf("rerun%d", i))
		gitRun(t, root, "clone", "--quiet", "--no-local", remote, rerun)
		dir = filepath.Join(rerun, "stack")
		gitBackendConfig(t, dir, n, fmt.Sprintf("v%d", i))
		if rec := rerunApply(t, dir, emu); rec.code != 0 {
			t.Fatalf("iteration %d: recovery apply: %s", i, describe(rec))
		}
		checkConverged(t, dir, emu, n)
	}
	t.Logf("%d of %d applies killed before they finished", killed, iterations)
	checkOneCreateEach(t, emu, n)
}

// gitBackendConfig writes crashConfigDesc's configuration with the git
// backend.
func gitBackendConfig(t *testing.T, dir string, n int, desc string) {
	t.Helper()
	crashConfigDesc(t, dir, n, desc)
	path := filepath.Join(dir, "main.hcl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "stack = \"crash\"\n", "stack = \"crash\"\n  backend \"git\" {}\n", 1)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestPushRejectedMidApplyGitBackend: the remote starts refusing pushes in
// the middle of an apply (a hook here; a lost network or a revoked token
// alike). The apply stops with git's message, no create reached the API
// whose intent is not on the branch, and once pushes work again the rerun
// (after releasing the lock the failed run could not remove) converges
// without creating anything twice.
func TestPushRejectedMidApplyGitBackend(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed but CI=true (.ci/run installs it)")
		}
		t.Skip("git is not installed")
	}
	const n = 6
	for _, limit := range []int{2, 3, 4} {
		t.Run(fmt.Sprintf("after %d pushes", limit), func(t *testing.T) {
			root := t.TempDir()
			gitTestEnv(t, root)
			remote := filepath.Join(root, "remote.git")
			gitRun(t, root, "init", "--quiet", "--bare", remote)
			counter := filepath.Join(root, "pushes")
			hook := fmt.Sprintf("#!/bin/sh\nn=$(cat %q 2>/dev/null || echo 0); n=$((n+1)); echo $n > %q\n[ $n -le %d ] || { echo 'remote: refused by policy' >&2; exit 1; }\n", counter, counter, limit)
			if err := os.WriteFile(filepath.Join(remote, "hooks", "pre-receive"), []byte(hook), 0o755); err != nil {
				t.Fatal(err)
			}
			emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv())
			work := filepath.Join(root, "work")
			gitRun(t, root, "clone", "--quiet", remote, work)
			dir := filepath.Join(work, "stack")
			gitBackendConfig(t, dir, n, "v1")
			r := runBin(t, dir, stackEnv(emu), "apply", "--auto-approve", "--parallelism", "3")
			if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "refused by policy") {
				t.Fatalf("apply with pushes refused: %s", describe(r))
			}
			check := filepath.Join(root, "check")
			gitRun(t, root, "clone", "--quiet", "--branch", "terrarium-state", remote, check)
			logData, err := os.ReadFile(filepath.Join(check, "crash", "state.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			intents := strings.Count(string(logData), `"kind":"intent","intent":{"id"`)
			creates := createCount(t, emu)
			t.Logf("%d creates reached the API, %d intents on the branch", creates, intents)
			if creates > intents {
				t.Fatalf("%d creates reached the API but only %d intents are on the branch", creates, intents)
			}
			if err := os.Remove(filepath.Join(remote, "hooks", "pre-receive")); err != nil {
				t.Fatal(err)
			}
			if rec := rerunApply(t, dir, emu); rec.code != 0 {
				t.Fatalf("rerun: %s", describe(rec))
			}
			checkConverged(t, dir, emu, n)
			checkOneCreateEach(t, emu, n)
		})
	}
}

// gitTestEnv gives git an identity and an empty global configuration
// through the environment.
func gitTestEnv(t *testing.T, root string) {
	t.Helper()
	gitcfg := filepath.Join(root, "gitconfig")
	if err := os.WriteFile(gitcfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"GIT_CONFIG_GLOBAL": gitcfg, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
		"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"} {
		t.Setenv(k, v)
	}
}
