package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
)

// pages is the number of list pages for n environments at the client's
// page size (api.PageSize, the documented maximum, 1000).
func pages(n int) int {
	return max(1, (n+api.PageSize-1)/api.PageSize)
}

// unpaced is the flag that turns the client's pacing off: these scenarios
// measure latency and parallelism against an emulator that enforces no
// rate limit (the pacing scenarios measure pacing).
var unpaced = []string{"--rate-limits", "off"}

// benchPlan measures a no-change plan of live environments, half of them
// in the stack, against the emulator at the harness latency. The stack's
// state log is the one a real apply of its configuration wrote; the bare
// baseline parses the same files and lists and decodes the same pages.
func benchPlan(h *harness, live, runs int) ([]result, error) {
	srv, err := h.emulator()
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	owned := live / 2
	dir := h.dir("plan")
	if err := writeConfig(dir, owned, 10); err != nil {
		return nil, err
	}
	if _, err := h.terrarium(dir, nil, []int{0}, append(unpaced, "apply", "--auto-approve", "--parallelism", "32", "--api-url", srv.URL, ".")...); err != nil {
		return nil, fmt.Errorf("the apply that writes the plan's state log: %w", err)
	}
	if err := seedUnmanaged(srv.URL, live-owned); err != nil {
		return nil, fmt.Errorf("seeding: %w", err)
	}
	if err := setLatency(srv, h.latency); err != nil {
		return nil, err
	}
	srv.Emulator.ClearRequests()
	a, b, err := sample(runs,
		func() (run, error) {
			return h.terrarium(dir, nil, []int{0}, append(unpaced, "plan", "--detailed-exitcode", "--api-url", srv.URL, ".")...)
		},
		func() (run, error) { return h.bare(dir, "plan", srv.URL, dir) })
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("plan-%d-live-%d-owned", live, owned)
	return []result{{
		name: name, runs: a, bare: b, ideal: time.Duration(pages(live)) * h.latency,
		targetRatio: 1.25, targetRSSKB: 150 << 10, requests: len(srv.Emulator.Requests()) / (2 * (runs + 1)),
		load: loadAvg(), cmd: fmt.Sprintf("go run ./bench -scale full -only '^plan' -latency %s", h.latency),
		note: "no-change plan with the state log of a real apply; bare: parse the files, list and decode the pages",
	}}, nil
}

// benchApply measures n creates at each parallelism against a bare client
// making the same creates with as many workers, each run on a fresh
// emulator at the harness latency.
func benchApply(h *harness, n int, parallel []int, runs int) ([]result, error) {
	var out []result
	for _, p := range parallel {
		var fsyncs []float64
		requests := 0
		fresh := func() (*emulator.Server, error) {
			srv, err := h.emulator()
			if err == nil {
				err = setLatency(srv, h.latency)
			}
			return srv, err
		}
		a, b, err := sample(runs,
			func() (run, error) {
				srv, err := fresh()
				if err != nil {
					return run{}, err
				}
				defer srv.Close()
				dir := h.dir(fmt.Sprintf("apply-p%d", p))
				if err := writeConfig(dir, n, 10); err != nil {
					return run{}, err
				}
				stats := filepath.Join(dir, "stats.json")
				r, err := h.terrarium(dir, []string{"TERRARIUM_STATS_FILE=" + stats}, []int{0}, append(unpaced, "apply", "--auto-approve", "--parallelism", fmt.Sprint(p), "--api-url", srv.URL, ".")...)
				if err != nil {
					return r, err
				}
				if got := srv.Emulator.Len(); got != n {
					return r, fmt.Errorf("apply left %d environments, want %d", got, n)
				}
				fsyncs = append(fsyncs, float64(readFsyncs(stats)))
				requests = len(srv.Emulator.Requests())
				return r, nil
			},
			func() (run, error) {
				srv, err := fresh()
				if err != nil {
					return run{}, err
				}
				defer srv.Close()
				return h.bare(h.work, "apply", srv.URL, fmt.Sprint(n), fmt.Sprint(p))
			})
		if err != nil {
			return nil, err
		}
		out = append(out, result{
			name: fmt.Sprintf("apply-%d-creates-p%d", n, p), runs: a, bare: b,
			// One list page to refresh, then the creates in waves of p.
			ideal: time.Duration(1+(n+p-1)/p) * h.latency, targetRatio: 1.1,
			requests: requests, fsyncs: int64(statOf(fsyncs[1:]).med), perCreate: n, load: loadAvg(),
			cmd:  fmt.Sprintf("go run ./bench -scale full -only '^apply' -latency %s", h.latency),
			note: "bare: the same creates over net/http with as many workers",
		})
	}
	return out, nil
}

// readFsyncs reads the fsync count terrarium reports in TERRARIUM_STATS_FILE.
func readFsyncs(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var s struct {
		Fsyncs int64 `json:"fsyncs"`
	}
	_ = json.Unmarshal(b, &s)
	return s.Fsyncs
}
