package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"terrarium/internal/emulator"
	"terrarium/internal/state/statetest"
)

// benchLint measures load + validate + lint of n environments in 10 files.
func benchLint(h *harness, n int) ([]result, error) {
	dir := h.dir(fmt.Sprintf("lint-%d", n))
	if err := writeConfig(dir, n, 10); err != nil {
		return nil, err
	}
	target := time.Duration(n/1000) * 100 * time.Millisecond
	var out []result
	for _, cmd := range []string{"validate", "lint"} {
		r, err := best(5, func() (run, error) { return h.terrarium(dir, nil, []int{0}, cmd, ".") })
		if err != nil {
			return nil, err
		}
		out = append(out, result{name: fmt.Sprintf("%s-%d", cmd, n), wall: r.wall, target: target, rssKB: r.rssKB,
			note: "process start to exit, best of 5"})
	}
	return out, nil
}

// benchState measures loading, one address's history and verification of a
// log of recs records.
func benchState(h *harness, recs int) ([]result, error) {
	dir := h.dir("state")
	stateDir := filepath.Join(dir, ".terrarium")
	// A thousand environments at full scale; fewer in a small log, so that
	// every one of them has a history.
	addr, err := statetest.BigLog(stateDir, recs, max(10, min(1000, recs/100)))
	if err != nil {
		return nil, err
	}
	steps := []struct {
		name   string
		target time.Duration
		args   []string
	}{
		{"state-load", 50 * time.Millisecond, []string{"state", "list"}},
		{"history-address", 200 * time.Millisecond, []string{"history", addr}},
		{"state-verify", time.Second, []string{"state", "verify"}},
	}
	var out []result
	for _, s := range steps {
		r, err := best(3, func() (run, error) { return h.terrarium(dir, nil, []int{0}, s.args...) })
		if err != nil {
			return nil, err
		}
		out = append(out, result{name: fmt.Sprintf("%s-%d", s.name, recs), wall: r.wall, target: s.target, rssKB: r.rssKB})
	}
	return out, nil
}

// benchEmulatorList measures the emulator's handler time for one 100-item
// list page in the middle of n stored environments.
func benchEmulatorList(n int) ([]result, error) {
	e, err := emulator.New(emulator.Options{Seed: 1, LogSize: 16})
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		body := fmt.Sprintf(`{"name":"env-%05d","config":{"type":"cloud","networking":{"type":"limited","allowed_hosts":["https://a.example"]}}}`, i)
		if rec := serve(e, "POST", "/v1/environments", body); rec.Code != http.StatusOK {
			return nil, fmt.Errorf("seeding the emulator: HTTP %d: %s", rec.Code, rec.Body)
		}
	}
	// Walk to the middle of the list to get a real cursor.
	path := "/v1/environments?limit=100"
	for i := 0; i < n/200; i++ {
		next := nextPage(serve(e, "GET", path, "").Body.String())
		if next == "" {
			return nil, fmt.Errorf("the list ended early")
		}
		path = "/v1/environments?limit=100&page=" + next
	}
	const iters = 500
	times := make([]time.Duration, iters)
	for i := range times {
		start := time.Now()
		serve(e, "GET", path, "")
		times[i] = time.Since(start)
	}
	sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
	return []result{{name: fmt.Sprintf("emulator-list-page-%d", n), wall: times[iters/2], target: time.Millisecond,
		note: fmt.Sprintf("median handler time of %d pages; p99 %s", iters, dur(times[iters*99/100]))}}, nil
}

func serve(e *emulator.Emulator, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("x-api-key", "bench-key")
	req.Header.Set("anthropic-version", "2023-06-01")
	req.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
	req.Header.Set("content-type", "application/json")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func nextPage(body string) string {
	_, after, ok := strings.Cut(body, `"next_page":"`)
	if !ok {
		return ""
	}
	cursor, _, _ := strings.Cut(after, `"`)
	return cursor
}
