package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terrarium/internal/failpoint"
)

// crashConfig writes a stack of n limited cloud environments into dir.
func crashConfig(t testing.TB, dir string, n int) { crashConfigDesc(t, dir, n, "env") }

// crashConfigDesc is crashConfig with descriptions starting with desc.
func crashConfigDesc(t testing.TB, dir string, n int, desc string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("terrarium {\n  stack = \"crash\"\n}\n")
	for i := range n {
		fmt.Fprintf(&b, "\nenvironment \"e%03d\" {\n  description = \"%s %d\"\n  config {\n    type = \"cloud\"\n    networking {\n      type = \"limited\"\n      allowed_hosts = [\"https://h%d.example.com\"]\n    }\n  }\n}\n", i, desc, i, i)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stackEnv is the environment of a run against the emulator process.
func stackEnv(emu *emulatorProc, extra ...string) []string {
	return cleanEnv(append([]string{"ANTHROPIC_API_KEY=test-key", "ANTHROPIC_BASE_URL=" + emu.URL}, extra...)...)
}

// checkConverged asserts the promises after a crash and a clean rerun: the
// log verifies, a fresh plan has nothing to do, every address has exactly
// one live environment, and no create was sent twice for one address.
func checkConverged(t *testing.T, dir string, emu *emulatorProc, n int) {
	t.Helper()
	env := stackEnv(emu)
	if r := runBin(t, dir, env, "state", "verify"); r.code != 0 {
		t.Fatalf("state verify after recovery: %s", describe(r))
	}
	if r := runBin(t, dir, env, "plan", "--detailed-exitcode"); r.code != 0 {
		t.Fatalf("not converged: %s", describe(r))
	}
	checkNoDuplicates(t, emu, n)
}

// checkNoDuplicates asserts one live environment per address, n in all.
func checkNoDuplicates(t *testing.T, emu *emulatorProc, n int) {
	t.Helper()
	byAddr := map[string][]string{}
	for _, e := range emu.environments(t) {
		if e.ArchivedAt != nil {
			continue
		}
		addr := e.Metadata["terrarium.address"]
		byAddr[addr] = append(byAddr[addr], e.ID)
	}
	for addr, ids := range byAddr {
		if len(ids) > 1 {
			t.Errorf("duplicate environments for %s: %v", addr, ids)
		}
	}
	if len(byAddr) != n {
		t.Errorf("%d live environments, want %d", len(byAddr), n)
	}
}

// checkOneCreateEach asserts that the API holds exactly n environments,
// archived ones included: nothing in these suites deletes, so a second
// create for an address would show as an extra environment even after
// terrarium archived it. (The request log keeps only recent requests, too
// few for the long forms.)
func checkOneCreateEach(t *testing.T, emu *emulatorProc, n int) {
	t.Helper()
	if all := emu.environments(t); len(all) != n {
		t.Errorf("the API holds %d environments (archived included) for %d addresses", len(all), n)
	}
}

// createCount is how many create calls reached the emulator and were
// stored (including those whose answer was dropped).
func createCount(t *testing.T, emu *emulatorProc) int {
	t.Helper()
	var reqs []struct {
		Method  string `json:"method"`
		Path    string `json:"path"`
		Status  int    `json:"status"`
		Dropped bool   `json:"dropped"`
	}
	emu.control(t, "GET", "/_emulator/requests", nil, &reqs)
	n := 0
	for _, r := range reqs {
		if r.Method == "POST" && r.Path == "/v1/environments" && (r.Status/100 == 2 || r.Dropped) {
			n++
		}
	}
	return n
}

// staleLockRE finds the lock id in apply's refusal of a lock left by a
// dead process.
var staleLockRE = regexp.MustCompile(`state lock (\S+) is stale: .* is gone`)

// rerunApply runs apply after a crash. A crashed run leaves its lock file
// behind, and terrarium refuses to guess that its holder is dead: the
// operator releases it with force-unlock and the id the message gives, as
// the message says, then applies again.
func rerunApply(t *testing.T, dir string, emu *emulatorProc, args ...string) result {
	t.Helper()
	args = append([]string{"apply", "--auto-approve"}, args...)
	r := runBin(t, dir, stackEnv(emu), args...)
	if m := staleLockRE.FindStringSubmatch(r.stderr); r.code != 0 && m != nil {
		if u := runBin(t, dir, stackEnv(emu), "force-unlock", "--force", m[1]); u.code != 0 {
			t.Fatalf("force-unlock of a dead run's lock: %s", describe(u))
		}
		r = runBin(t, dir, stackEnv(emu), args...)
	}
	return r
}

// TestFailpointsRecover crashes apply at each failpoint of the write path
// (before the log's fsync, after it, and after the API answered but before
// the result was logged), at the first and at a later hit, then reruns
// apply: the log verifies, the stack converges, and no environment is
// created twice.
func TestFailpointsRecover(t *testing.T) {
	t.Parallel() // each failpoint has its own emulator process and directories
	const n = 6
	points := []string{
		failpoint.StateBeforeFsync + "=exit",
		failpoint.StateBeforeFsync + "=exit@3",
		failpoint.StateAfterFsync + "=exit",
		failpoint.StateAfterFsync + "=exit@4",
		failpoint.ApplyAfterResponse + "=exit",
		failpoint.ApplyAfterResponse + "=exit@4",
		failpoint.ApplyAfterResponse + "=panic@2",
	}
	if raceEnabled && !longRun() {
		points = []string{points[1], points[3], points[5]} // one per failpoint
	}
	for _, fp := range points {
		t.Run(fp, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			dir := filepath.Join(root, "stack")
			crashConfig(t, dir, n)
			emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv())
			r := runBin(t, dir, stackEnv(emu, failpoint.EnvVar+"="+fp), "apply", "--auto-approve", "--parallelism", "2")
			if r.code == 0 {
				t.Fatalf("the failpoint was not reached: %s", describe(r))
			}
			if !strings.Contains(r.stderr, "failpoint") {
				t.Fatalf("apply failed, but not at the failpoint: %s", describe(r))
			}
			if r := rerunApply(t, dir, emu); r.code != 0 {
				t.Fatalf("rerun after the crash: %s", describe(r))
			}
			checkConverged(t, dir, emu, n)
			checkOneCreateEach(t, emu, n)
			if c := createCount(t, emu); c != n {
				t.Errorf("%d creates reached the API for %d environments", c, n)
			}
		})
	}
}
