package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"terrarium/internal/api"
)

// pages is the number of list pages for n environments at the client's
// page size (the documented maximum, 1000).
func pages(n int) int {
	return max(1, (n+api.PageSize-1)/api.PageSize)
}

// unpaced is the flag that turns the client's pacing off: these scenarios
// measure latency and parallelism against an emulator that enforces no
// rate limit (the pacing scenarios measure pacing).
var unpaced = []string{"--rate-limits", "off"}

// benchPlan measures a refresh + diff of live environments, half of them in
// the stack, against the emulator at the harness latency.
func benchPlan(h *harness, live int) ([]result, error) {
	srv, err := h.emulator()
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	owned := live / 2
	if err := seed(srv.URL, owned, live-owned); err != nil {
		return nil, fmt.Errorf("seeding: %w", err)
	}
	dir := h.dir("plan")
	if err := writeConfig(dir, owned, 10); err != nil {
		return nil, err
	}
	if err := setLatency(srv, h.latency); err != nil {
		return nil, err
	}
	srv.Emulator.ClearRequests()
	r, err := h.terrarium(dir, nil, []int{0}, append(unpaced, "plan", "--detailed-exitcode", "--api-url", srv.URL, ".")...)
	if err != nil {
		return nil, err
	}
	ideal := time.Duration(pages(live)) * h.latency
	return []result{{
		name: fmt.Sprintf("plan-%d-live-%d-owned", live, owned), wall: r.wall, ideal: ideal,
		target: ideal*115/100 + 300*time.Millisecond, rssKB: r.rssKB, requests: len(srv.Emulator.Requests()),
		note: "no-change plan; target 1.15 × ideal + 0.3 s, ≤ 200 MB",
	}}, nil
}

// benchApply measures n creates at each parallelism, then a no-change plan
// right after the parallelism-10 apply.
func benchApply(h *harness, n int, parallel []int) ([]result, error) {
	var out []result
	for _, p := range parallel {
		rs, err := applyOnce(h, n, p)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

func applyOnce(h *harness, n, p int) ([]result, error) {
	srv, err := h.emulator()
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	if err := setLatency(srv, h.latency); err != nil {
		return nil, err
	}
	dir := h.dir(fmt.Sprintf("apply-p%d", p))
	if err := writeConfig(dir, n, 10); err != nil {
		return nil, err
	}
	stats := filepath.Join(dir, "stats.json")
	env := []string{"TERRARIUM_STATS_FILE=" + stats}
	r, err := h.terrarium(dir, env, []int{0}, append(unpaced, "apply", "--auto-approve", "--parallelism", fmt.Sprint(p), "--api-url", srv.URL, ".")...)
	if err != nil {
		return nil, err
	}
	// One list page to refresh, then the creates in waves of p.
	ideal := time.Duration(1+(n+p-1)/p) * h.latency
	out := []result{{
		name: fmt.Sprintf("apply-%d-creates-p%d", n, p), wall: r.wall, ideal: ideal, target: ideal * 125 / 100,
		rssKB: r.rssKB, requests: len(srv.Emulator.Requests()), fsyncs: readFsyncs(stats),
	}}
	if got := srv.Emulator.Len(); got != n {
		return nil, fmt.Errorf("apply left %d environments, want %d", got, n)
	}
	if p != 10 {
		return out, nil
	}
	srv.Emulator.ClearRequests()
	r, err = h.terrarium(dir, nil, []int{0}, append(unpaced, "plan", "--detailed-exitcode", "--api-url", srv.URL, ".")...)
	if err != nil {
		return nil, fmt.Errorf("no-change plan after apply: %w", err)
	}
	ideal = time.Duration(pages(n)) * h.latency
	return append(out, result{
		name: fmt.Sprintf("plan-after-apply-%d", n), wall: r.wall, ideal: ideal, target: ideal*115/100 + 300*time.Millisecond,
		rssKB: r.rssKB, requests: len(srv.Emulator.Requests()),
	}), nil
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
