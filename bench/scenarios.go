package main

import (
	"fmt"
	"slices"
	"time"
)

// sizes are the workload sizes of one scale.
type sizes struct {
	lint      []int // environments for load + validate + lint
	planLive  int   // live environments, half of them in the stack
	applyN    int   // creates
	parallel  []int
	stateRecs int
	runs      int // counted runs per row (medians need at least 5)
	// pacedN creates under a write limit of pacedLimit a minute that the
	// emulator enforces (the documented limit is 60).
	pacedN     int
	pacedLimit float64
	// pacedRivalN creates under the same limit with a rival taking half:
	// enough for the run to outlast the emulator's five-second bucket
	// many times over, so that the pace's convergence shows.
	pacedRivalN int
	// pagesLive live environments for the page-size plan (10,000: 10 calls).
	pagesLive int
}

var scales = map[string]sizes{
	"quick": {lint: []int{1000}, planLive: 2000, applyN: 200, parallel: []int{10}, stateRecs: 20000, runs: 5, pacedN: 100, pacedLimit: 600, pacedRivalN: 300, pagesLive: 10000},
	"full":  {lint: []int{1000, 10000}, planLive: 10000, applyN: 1000, parallel: []int{10}, stateRecs: 100000, runs: 5, pacedN: 300, pacedLimit: 60, pacedRivalN: 300, pagesLive: 10000},
}

// scenario is one named measurement; it may report several rows.
type scenario struct {
	name string
	run  func(h *harness) ([]result, error)
}

// result is one row of the table: terrarium's runs and, for rows with a
// bare baseline, the baseline's runs, paired in order.
type result struct {
	name  string
	runs  []run // terrarium
	bare  []run // the bare baseline, or none
	ideal time.Duration
	// targetRatio bounds the median ratio to the bare baseline;
	// targetWall bounds the median wall where there is no baseline.
	targetRatio float64
	targetWall  time.Duration
	targetRSSKB int64
	requests    int
	fsyncs      int64 // median of the runs
	perCreate   int   // creates per run, to report fsyncs per create
	load        string
	cmd         string // how to reproduce the row with public commands
	note        string
}

// stat is a median with its min and max.
type stat struct{ med, min, max float64 }

func statOf(v []float64) stat {
	if len(v) == 0 {
		return stat{}
	}
	s := slices.Sorted(slices.Values(v))
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return stat{med, s[0], s[len(s)-1]}
}

func walls(rs []run) stat {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = float64(r.wall)
	}
	return statOf(v)
}

func cpus(rs []run) stat {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = float64(r.cpu)
	}
	return statOf(v)
}

func rss(rs []run) stat {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = float64(r.rssKB)
	}
	return statOf(v)
}

// ratios are terrarium's wall over the baseline's, pair by pair.
func (r result) ratios() stat {
	return r.pairs(func(x run) time.Duration { return x.wall })
}

// cpuRatios are terrarium's CPU time over the baseline's, pair by pair:
// on a loaded machine, wall time mostly measures the wait for a core.
func (r result) cpuRatios() stat {
	return r.pairs(func(x run) time.Duration { return x.cpu })
}

func (r result) pairs(f func(run) time.Duration) stat {
	if len(r.bare) == 0 {
		return stat{}
	}
	v := make([]float64, len(r.runs))
	for i := range r.runs {
		v[i] = float64(f(r.runs[i])) / float64(max(1, f(r.bare[i])))
	}
	return statOf(v)
}

// ok says whether the row meets its targets; "-" when it has none.
func (r result) ok() string {
	if r.targetRatio == 0 && r.targetWall == 0 && r.targetRSSKB == 0 {
		return "-"
	}
	good := true
	if r.targetRatio > 0 && r.ratios().med > r.targetRatio {
		good = false
	}
	if r.targetWall > 0 && walls(r.runs).med > float64(r.targetWall) {
		good = false
	}
	if r.targetRSSKB > 0 && rss(r.runs).med > float64(r.targetRSSKB) {
		good = false
	}
	if good {
		return "yes"
	}
	return "NO"
}

func scenarios(sz sizes) []scenario {
	var s []scenario
	for _, n := range sz.lint {
		s = append(s, scenario{fmt.Sprintf("lint-%d", n), func(h *harness) ([]result, error) { return benchLint(h, n, sz.runs) }})
	}
	s = append(s,
		scenario{fmt.Sprintf("plan-%d", sz.planLive), func(h *harness) ([]result, error) { return benchPlan(h, sz.planLive, sz.runs) }},
		scenario{fmt.Sprintf("apply-%d", sz.applyN), func(h *harness) ([]result, error) { return benchApply(h, sz.applyN, sz.parallel, sz.runs) }},
		scenario{fmt.Sprintf("state-%d", sz.stateRecs), func(h *harness) ([]result, error) { return benchState(h, sz.stateRecs, sz.runs) }},
		scenario{"emulator-list", func(h *harness) ([]result, error) { return benchEmulatorList(10000) }},
		scenario{fmt.Sprintf("paced-%d", sz.pacedN), func(h *harness) ([]result, error) {
			return benchPacedApply(h, sz.pacedN, sz.pacedLimit, 0)
		}},
		scenario{fmt.Sprintf("paced-%d-rival", sz.pacedRivalN), func(h *harness) ([]result, error) {
			return benchPacedApply(h, sz.pacedRivalN, sz.pacedLimit, 0.5)
		}},
		scenario{fmt.Sprintf("plan-pages-%d", sz.pagesLive), func(h *harness) ([]result, error) { return benchPlanPages(h, sz.pagesLive, sz.runs) }},
	)
	return s
}
