package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/state/statetest"
)

// benchLint measures load + validate and load + validate + lint of n
// environments in 10 files against hclsyntax.ParseConfig of the same files.
func benchLint(h *harness, n, runs int) ([]result, error) {
	dir := h.dir(fmt.Sprintf("lint-%d", n))
	if err := writeConfig(dir, n, 10); err != nil {
		return nil, err
	}
	var out []result
	for _, c := range []struct {
		cmd   string
		ratio float64
	}{{"validate", 1.3}, {"lint", 1.5}} {
		a, b, err := sample(runs,
			func() (run, error) { return h.terrarium(dir, nil, []int{0}, c.cmd, ".") },
			func() (run, error) { return h.bare(dir, "parse", dir) })
		if err != nil {
			return nil, err
		}
		out = append(out, result{name: fmt.Sprintf("%s-%d", c.cmd, n), runs: a, bare: b, targetRatio: c.ratio, load: loadAvg(),
			cmd:  fmt.Sprintf("go run ./bench -scale full -only '^lint-%d$'", n),
			note: "process start to exit; bare: hclsyntax.ParseConfig of the same files"})
	}
	return out, nil
}

// benchState measures loading, one address's history and verification of a
// log of recs records grown as real applies grow it.
func benchState(h *harness, recs, runs int) ([]result, error) {
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
		a, _, err := sample(runs, func() (run, error) { return h.terrarium(dir, nil, []int{0}, s.args...) }, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, result{name: fmt.Sprintf("%s-%d", s.name, recs), runs: a, targetWall: s.target, load: loadAvg(),
			cmd: fmt.Sprintf("go run ./bench -scale full -only '^state'")})
	}
	return out, nil
}

// benchEmulatorList measures the emulator's handler time for one list page
// (api.PageSize items) in the middle of n stored environments.
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
	limit := fmt.Sprintf("/v1/environments?limit=%d", api.PageSize)
	path := limit
	for i := 0; i < n/(2*api.PageSize); i++ {
		next := nextPage(serve(e, "GET", path, "").Body.String())
		if next == "" {
			return nil, fmt.Errorf("the list ended early")
		}
		path = limit + "&page=" + next
	}
	const iters = 500
	times := make([]time.Duration, iters)
	for i := range times {
		start := time.Now()
		serve(e, "GET", path, "")
		times[i] = time.Since(start)
	}
	sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
	return []result{{name: fmt.Sprintf("emulator-list-page-%d", n), runs: []run{{wall: times[iters/2]}, {wall: times[0]}, {wall: times[iters-1]}},
		targetWall: time.Millisecond, load: loadAvg(), cmd: "go run ./bench -only emulator-list",
		note: fmt.Sprintf("handler time of %d pages; p99 %s", iters, dur(times[iters*99/100]))}}, nil
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
