package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"terrarium/internal/emulator"
)

// benchPacedApply measures an apply of n creates paced under a write limit
// (requests per minute) that the emulator enforces: the ratio of the
// writes per minute achieved (from the emulator's log: first to last
// create) to the limit, and the 429s met. The documented limit is 60 a
// minute (API.md); the quick scale uses a higher one so that the run takes
// seconds, not minutes — the ratio is what is measured. With rival, another
// client takes that fraction of the budget at the same time: terrarium's
// pace must converge near what the rival leaves (a ratio to it of at least
// 0.9), lowered by the 429s it hears and probing back up between them; the
// note gives the 429s terrarium heard and the rival's refused requests. The
// emulator's buckets are five seconds deep, so that a rival's excess shows
// within a short run.
func benchPacedApply(h *harness, n int, limit, rival float64) ([]result, error) {
	if n < 4 || limit <= 0 || rival < 0 || rival >= 1 {
		return nil, fmt.Errorf("paced apply: need at least 4 creates, a positive limit and a rival share below 1 (got %d, %g, %g)", n, limit, rival)
	}
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{Seed: 1, LogSize: 1 << 20,
		RateLimits: emulator.RateLimits{Writes: limit, Reads: 10 * limit, Burst: max(2, limit/12)}})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	if err := setLatency(srv, h.latency); err != nil {
		return nil, err
	}
	dir := h.dir(fmt.Sprintf("paced-%d", n))
	if err := writeConfig(dir, n, 10); err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if rival > 0 {
		go rivalWrites(ctx, srv.URL, limit*rival)
	}
	limits := fmt.Sprintf("writes=%g,reads=%g", limit, 10*limit)
	stats := filepath.Join(dir, "stats.json")
	r, err := h.terrarium(dir, []string{"TERRARIUM_STATS_FILE=" + stats}, []int{0}, "apply", "--auto-approve", "--rate-limits", limits, "--api-url", srv.URL, ".")
	stop()
	if err != nil {
		return nil, err
	}
	var first, last time.Time
	var times []time.Time
	var rivalTimes []time.Time // the rival's admitted writes
	creates, limited, rivalSent := 0, 0, 0
	for _, en := range srv.Emulator.Requests() {
		if en.UserAgent == "rival" {
			rivalSent++
			if en.Status != http.StatusTooManyRequests {
				rivalTimes = append(rivalTimes, en.Time)
			}
			continue
		}
		if en.Method != http.MethodPost || en.Path != "/v1/environments" || !strings.HasPrefix(en.UserAgent, "terrarium/") {
			continue
		}
		switch en.Status {
		case http.StatusOK:
			if first.IsZero() {
				first = en.Time
			}
			last, creates = en.Time, creates+1
			times = append(times, en.Time)
		case http.StatusTooManyRequests:
			limited++
		}
	}
	if creates != n || srv.Emulator.Len() != n {
		return nil, fmt.Errorf("%d creates answered, %d stored, want %d", creates, srv.Emulator.Len(), n)
	}
	span := last.Sub(first)
	achieved := float64(n-1) / span.Minutes()
	ideal := time.Duration(float64(n-1) / limit * float64(time.Minute))
	name := fmt.Sprintf("apply-%d-creates-paced-%g-per-min", n, limit)
	note := fmt.Sprintf("%.1f writes/min achieved of %g (ratio %.2f, target ≥ 0.90), %d × 429", achieved, limit, achieved/limit, limited)
	target := ideal * 100 / 90 // a ratio to the limit of at least 0.9
	if rival > 0 {
		// The measure is the ratio to what the rival leaves; the second
		// half of the run shows where the pace converged.
		left := limit * (1 - rival)
		half := times[n/2:]
		lateSpan := half[len(half)-1].Sub(half[0])
		late := float64(len(half)-1) / lateSpan.Minutes()
		rivalAll, rivalLate := 0, 0
		for _, at := range rivalTimes {
			if !at.Before(first) && !at.After(last) {
				rivalAll++
				if !at.Before(half[0]) {
					rivalLate++
				}
			}
		}
		name += fmt.Sprintf("-rival-%.0f%%", rival*100)
		note = fmt.Sprintf("another client takes %.0f%% of the budget: %.1f writes/min achieved of %g (ratio %.2f of the limit, %.2f of the %g left, target ≥ 0.90), %d × 429; the rival got %.1f writes/min meanwhile (%d of its %d requests refused: it sends a refused write again after its Retry-After); second half of the run %.1f writes/min (%.2f of what is left), the rival %.1f",
			rival*100, achieved, limit, achieved/limit, achieved/left, left, limited, float64(rivalAll)/span.Minutes(), rivalSent-len(rivalTimes), rivalSent,
			late, late/left, float64(rivalLate)/lateSpan.Minutes())
		ideal = time.Duration(float64(n-1) / left * float64(time.Minute))
		target = ideal * 100 / 90 // a ratio to what is left of at least 0.9
	}
	only := fmt.Sprintf("^paced-%d$", n)
	if rival > 0 {
		only = fmt.Sprintf("^paced-%d-rival$", n)
	}
	// One run: a paced apply's time is set by the limit, not by noise (300
	// creates at 60 a minute take five minutes). Wall is first to last create.
	return []result{{name: name, runs: []run{{wall: span, cpu: r.cpu, rssKB: r.rssKB}}, ideal: ideal, targetWall: target,
		requests: len(srv.Emulator.Requests()), fsyncs: readFsyncs(stats), perCreate: n, load: loadAvg(),
		cmd:  fmt.Sprintf("go run ./bench -scale %s -only '%s' -latency %s", scaleOf(limit), only, h.latency),
		note: note}}, nil
}

// scaleOf names the -scale whose paced limit is limit (60 a minute, the
// documented one, is the full scale).
func scaleOf(limit float64) string {
	if limit == scales["full"].pacedLimit {
		return "full"
	}
	return "quick"
}

// rivalWrites is another client of the same organization: it sends writes
// (archives of an unknown id, which the limiter counts like any write) at
// perMinute until ctx ends, and, as an SDK client does, sends a refused
// write again once its Retry-After has passed, so that it keeps asking for
// its share instead of losing every write that meets an empty bucket.
func rivalWrites(ctx context.Context, base string, perMinute float64) {
	t := time.NewTicker(time.Duration(float64(time.Minute) / perMinute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		go func() {
			for rivalWrite(ctx, base) {
			}
		}()
	}
}

// rivalWrite sends one write and reports whether it was refused and its
// Retry-After (whole seconds, at most a minute) has passed since.
func rivalWrite(ctx context.Context, base string) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/environments/env_rival/archive", nil)
	req.Header.Set("x-api-key", "rival")
	req.Header.Set("anthropic-version", "2023-06-01")
	req.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
	req.Header.Set("User-Agent", "rival")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		return false
	}
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || secs < 0 || secs > 60 {
		secs = 1
	}
	select {
	case <-ctx.Done():
		return false
	case <-time.After(time.Duration(secs) * time.Second):
		return true
	}
}

// benchPlanPages measures a plan over live environments and checks it
// lists with the documented page size: 10,000 environments in 10 list calls.
func benchPlanPages(h *harness, live, runs int) ([]result, error) {
	rs, err := benchPlan(h, live, runs)
	if err != nil {
		return nil, err
	}
	r := rs[0]
	if want := pages(live); r.requests != want {
		return nil, fmt.Errorf("%d list calls, want %d", r.requests, want)
	}
	r.name = fmt.Sprintf("plan-%d-live-page-size-1000", live)
	r.note = fmt.Sprintf("%d list calls at page size 1000; ", r.requests) + r.note
	r.cmd = fmt.Sprintf("go run ./bench -only '^plan-pages' -latency %s", h.latency)
	return []result{r}, nil
}
