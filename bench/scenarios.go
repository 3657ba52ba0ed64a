package main

import (
	"fmt"
	"time"
)

// sizes are the workload sizes of one scale.
type sizes struct {
	lint      []int // environments for load + validate + lint
	planLive  int   // live environments, half of them in the stack
	applyN    int   // creates
	parallel  []int
	stateRecs int
	// pacedN creates under a write limit of pacedLimit a minute that the
	// emulator enforces (the documented limit is 60).
	pacedN     int
	pacedLimit float64
	// pagesLive live environments for the page-size plan (10,000: 10 calls).
	pagesLive int
}

var scales = map[string]sizes{
	"quick": {lint: []int{1000}, planLive: 2000, applyN: 200, parallel: []int{1, 10, 32}, stateRecs: 20000, pacedN: 100, pacedLimit: 600, pagesLive: 10000},
	"full":  {lint: []int{1000, 10000}, planLive: 10000, applyN: 1000, parallel: []int{1, 10, 32}, stateRecs: 100000, pacedN: 300, pacedLimit: 60, pagesLive: 10000},
}

// scenario is one named measurement; it may report several rows.
type scenario struct {
	name string
	run  func(h *harness) ([]result, error)
}

// result is one row of the table. Ideal is the API's round-trip limit for
// that run (zero for CPU-bound scenarios, which have a target instead).
type result struct {
	name     string
	wall     time.Duration
	ideal    time.Duration
	target   time.Duration // the bound for this run
	rssKB    int64
	requests int
	fsyncs   int64
	note     string
}

func scenarios(sz sizes) []scenario {
	var s []scenario
	for _, n := range sz.lint {
		s = append(s, scenario{fmt.Sprintf("lint-%d", n), func(h *harness) ([]result, error) { return benchLint(h, n) }})
	}
	s = append(s,
		scenario{fmt.Sprintf("plan-%d", sz.planLive), func(h *harness) ([]result, error) { return benchPlan(h, sz.planLive) }},
		scenario{fmt.Sprintf("apply-%d", sz.applyN), func(h *harness) ([]result, error) { return benchApply(h, sz.applyN, sz.parallel) }},
		scenario{fmt.Sprintf("state-%d", sz.stateRecs), func(h *harness) ([]result, error) { return benchState(h, sz.stateRecs) }},
		scenario{"emulator-list", func(h *harness) ([]result, error) { return benchEmulatorList(10000) }},
		scenario{fmt.Sprintf("paced-%d", sz.pacedN), func(h *harness) ([]result, error) {
			return benchPacedApply(h, sz.pacedN, sz.pacedLimit, 0)
		}},
		scenario{fmt.Sprintf("paced-%d-rival", sz.pacedN), func(h *harness) ([]result, error) {
			return benchPacedApply(h, sz.pacedN, sz.pacedLimit, 0.5)
		}},
		scenario{fmt.Sprintf("plan-pages-%d", sz.pagesLive), func(h *harness) ([]result, error) { return benchPlanPages(h, sz.pagesLive) }},
	)
	return s
}
