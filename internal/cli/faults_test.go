package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// longRun reports whether the long forms of the reliability suites run
// (TERRARIUM_LONG=1); CI runs the short forms.
func longRun() bool { return os.Getenv("TERRARIUM_LONG") == "1" }

// TestFaultsDuringApply applies a stack of 200 environments against an
// emulator process that answers 20% of calls with 500/529, 10% with 429 and
// a Retry-After, and cuts the connection after storing 10% of changes. Each
// run may fail part-way; rerunning converges within a bounded number of
// runs. After every run there is at most one environment per address and
// the log verifies; at the end every environment the API holds is in the
// log, and no create was sent twice for one address.
func TestFaultsDuringApply(t *testing.T) {
	t.Parallel() // its own emulator process and directories
	n, maxRuns := 200, 8
	if raceEnabled && !longRun() {
		n = 60
	}
	root := t.TempDir()
	dir := filepath.Join(root, "stack")
	crashConfig(t, dir, n)
	emu := startEmulatorProc(t, filepath.Join(root, "emulator.json"), cleanEnv(),
		"--error-rate", "0.2", "--rate-limit", "0.1", "--retry-after", "200ms", "--drop-after-commit-rate", "0.1")
	convergeUnderFaults(t, dir, emu, maxRuns, "creates")
	crashConfigDesc(t, dir, n, "updated")
	convergeUnderFaults(t, dir, emu, maxRuns, "updates")
	emu.control(t, "PUT", "/_emulator/faults", map[string]any{}, nil)
	checkConverged(t, dir, emu, n)
	checkAllLogged(t, dir, emu)
	checkOneCreateEach(t, emu, n)
}

// convergeUnderFaults reruns apply until it succeeds and a plan has
// nothing left to do, checking for duplicates and the log's chain after
// every run.
func convergeUnderFaults(t *testing.T, dir string, emu *emulatorProc, maxRuns int, what string) {
	t.Helper()
	for run := 1; run <= maxRuns; run++ {
		r := rerunApply(t, dir, emu, "--parallelism", "8")
		checkAtMostOne(t, emu)
		if v := runBin(t, dir, stackEnv(emu), "state", "verify"); v.code != 0 {
			t.Fatalf("%s: state verify after run %d: %s", what, run, describe(v))
		}
		if r.code != 0 {
			t.Logf("%s: run %d failed: %s", what, run, lastLines(r.stdout+r.stderr, 6))
			continue
		}
		p := runBin(t, dir, stackEnv(emu), "plan", "--detailed-exitcode")
		if p.code == 0 {
			t.Logf("%s converged after %d runs", what, run)
			return
		}
		t.Logf("%s: run %d succeeded, but plan: %s", what, run, lastLines(p.stdout+p.stderr, 6))
	}
	t.Fatalf("%s: not converged after %d runs", what, maxRuns)
}

// checkAtMostOne fails on two live environments with one address.
func checkAtMostOne(t *testing.T, emu *emulatorProc) {
	t.Helper()
	seen := map[string]string{}
	for _, e := range emu.environments(t) {
		addr := e.Metadata["terrarium.address"]
		if e.ArchivedAt != nil || addr == "" {
			continue
		}
		if prev, ok := seen[addr]; ok {
			t.Fatalf("duplicate environments for %s: %s and %s", addr, prev, e.ID)
		}
		seen[addr] = e.ID
	}
}

// checkAllLogged asserts that every environment the emulator holds is in
// the state log under its address.
func checkAllLogged(t *testing.T, dir string, emu *emulatorProc) {
	t.Helper()
	r := runBin(t, dir, stackEnv(emu), "state", "list", "--json")
	if r.code != 0 {
		t.Fatalf("state list: %s", describe(r))
	}
	var st struct {
		Resources []struct {
			Address string `json:"address"`
			ID      string `json:"id"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("state list --json: %v\n%s", err, r.stdout)
	}
	logged := map[string]string{}
	for _, res := range st.Resources {
		logged[res.ID] = res.Address
	}
	for _, e := range emu.environments(t) {
		if e.ArchivedAt != nil {
			continue
		}
		if addr, ok := logged[e.ID]; !ok || addr != e.Metadata["terrarium.address"] {
			t.Errorf("environment %s (%s) is live but the log has %q for it", e.ID, e.Metadata["terrarium.address"], addr)
		}
	}
}

// lastLines is the end of a command's output, for logs.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
