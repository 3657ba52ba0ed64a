package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"terrarium/internal/childproc"
)

// TestMain lets the test binary stand in for bench as a bare baseline
// (the harness runs its own executable with -bare).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-bare" {
		os.Exit(bareMain(os.Args[2:]))
	}
	if err := childproc.QuickRaceExit(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// TestHarnessSmoke runs every scenario at a tiny scale, so that the harness
// cannot rot between benchmark runs. It checks that each scenario produces
// its rows and that the commands succeed; it asserts nothing about time.
func TestHarnessSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every scenario")
	}
	h, err := newHarness(time.Millisecond, false)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	sz := sizes{lint: []int{50}, planLive: 200, applyN: 20, parallel: []int{1, 10}, stateRecs: 500, runs: 1, pacedN: 10, pacedLimit: 1200, pacedRivalN: 10, pagesLive: 1500}
	var rows []result
	for _, sc := range scenarios(sz) {
		rs, err := sc.run(h)
		if err != nil {
			t.Fatalf("%s: %v", sc.name, err)
		}
		rows = append(rows, rs...)
	}
	var out bytes.Buffer
	writeTable(&out, rows, true, h.machine())
	for _, want := range []string{"| validate-50 |", "| lint-50 |", "| plan-200-live-100-owned |", "| apply-20-creates-p10 |", "| state-verify-500 |", "| emulator-list-page-10000 |", "| apply-10-creates-paced-1200-per-min |", "| plan-1500-live-page-size-1000 |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no row %s in\n%s", want, out.String())
		}
	}
	for _, r := range rows {
		if strings.HasPrefix(r.name, "apply-") && (r.requests == 0 || r.fsyncs == 0) {
			t.Errorf("%s: requests %d, fsyncs %d: the counters are not wired", r.name, r.requests, r.fsyncs)
		}
		// The paced rows measure pacing against the limit, not against a
		// bare baseline.
		paced := strings.Contains(r.name, "-paced-")
		if !paced && (strings.HasPrefix(r.name, "apply-") || strings.HasPrefix(r.name, "plan-") || strings.HasPrefix(r.name, "lint-")) && len(r.bare) != len(r.runs) {
			t.Errorf("%s: %d runs but %d bare baseline runs", r.name, len(r.runs), len(r.bare))
		}
	}
}
