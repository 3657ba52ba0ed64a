package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/schema"
)

func pacedClient(t *testing.T, client api.RateLimits, enforced emulator.RateLimits) (api.Client, *emulator.Emulator) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{APIKey: testKey, Seed: 1, RateLimits: enforced})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: &client, RetryAfterCap: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c, emu
}

func createAll(t *testing.T, c api.Client, n, workers int) {
	t.Helper()
	var wg sync.WaitGroup
	jobs := make(chan int)
	errs := make(chan error, n)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				_, err := c.Create(context.Background(), schema.EnvSpec{Name: fmt.Sprint("e", i), Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}})
				errs <- err
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Workers share one pace: 8 of them making 40 creates against an emulator
// enforcing the same limit (with a bucket 20 deep) hear no 429, and the
// emulator's log shows the creates spread over at least 39 intervals.
// Unpaced, the last 20 would be refused.
func TestPacingSharedByWorkersMeetsNo429(t *testing.T) {
	const perMinute = 1200 // one write every 50ms
	c, emu := pacedClient(t, api.RateLimits{Writes: perMinute, Reads: perMinute}, emulator.RateLimits{Writes: perMinute, Reads: perMinute, Burst: 20})
	createAll(t, c, 40, 8)
	log := emu.Requests()
	if len(log) != 40 {
		t.Fatalf("%d requests, want 40 (no retries)", len(log))
	}
	for _, en := range log {
		if en.Status != 200 {
			t.Fatalf("status %d: pacing let a request through over the limit", en.Status)
		}
	}
	span := log[len(log)-1].Time.Sub(log[0].Time)
	if min := 39 * 50 * time.Millisecond * 9 / 10; span < min {
		t.Fatalf("40 creates within %s, want at least %s", span, min)
	}
}

// A 429 lowers the pace (until a quiet spell raises it): a client pacing at twice
// what the emulator enforces hears a few 429s, slows down, and every
// create lands.
func TestPacing429LowersThePace(t *testing.T) {
	c, emu := pacedClient(t, api.RateLimits{Writes: 1200}, emulator.RateLimits{Writes: 600, Burst: 1})
	createAll(t, c, 8, 4)
	s := c.(api.Paced).PaceStatus(api.ClassWrite)
	if s.RateLimited == 0 || s.PerMinute >= 1200 || s.Configured != 1200 {
		t.Fatalf("pace after 429s: %+v", s)
	}
	ok := 0
	for _, en := range emu.Requests() {
		if en.Status == 200 {
			ok++
		}
	}
	if ok != 8 || emu.Len() != 8 {
		t.Fatalf("%d created, %d stored", ok, emu.Len())
	}
}

// rivalWrites sends writes (archives of an unknown environment, which the
// limiter counts like any write) to url at perMinute until stop is closed:
// another client of the organization using part of the budget.
func rivalWrites(url string, perMinute float64, stop <-chan struct{}) {
	t := time.NewTicker(time.Duration(float64(time.Minute) / perMinute))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		req, _ := http.NewRequest(http.MethodPost, url+"/v1/environments/env_rival/archive", nil)
		req.Header.Set("x-api-key", testKey)
		req.Header.Set("anthropic-version", "2023-06-01")
		req.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
		req.Header.Set("User-Agent", "rival")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
}

// With a rival taking half of the write budget, a paced run hears 429s,
// lowers its pace (never above the configured one) and every create lands
// once. The emulator's log shows each Retry-After honoured: after a 429 to
// terrarium (whose Retry-After is at least a second: the emulator rounds
// it up to whole seconds), no write of terrarium's arrives within that
// second — not from a worker that was already waiting for its slot, nor
// from the retry of the refused call.
func TestPacingWithARivalHonoursRetryAfter(t *testing.T) {
	const perMinute = 1200 // one write every 50ms
	emu, err := emulator.New(emulator.Options{APIKey: testKey, Seed: 1, RateLimits: emulator.RateLimits{Writes: perMinute, Burst: 5}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: &api.RateLimits{Writes: perMinute}, RetryAfterCap: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { rivalWrites(srv.URL, perMinute/2, stop); close(done) }()
	createAll(t, c, 40, 8)
	close(stop)
	<-done
	s := c.(api.Paced).PaceStatus(api.ClassWrite)
	if s.Configured != perMinute || s.PerMinute > perMinute || s.RateLimited == 0 {
		t.Fatalf("pace after the run: %+v (want 429s heard and the pace at most %d)", s, perMinute)
	}
	var ours []emulator.LogEntry
	for _, en := range emu.Requests() {
		if en.UserAgent != "rival" {
			ours = append(ours, en)
		}
	}
	ok, limited := 0, 0
	for i, en := range ours {
		switch en.Status {
		case 200:
			ok++
		case 429:
			limited++
			if i+1 < len(ours) && ours[i+1].Time.Sub(en.Time) < time.Second {
				t.Errorf("a write %s after a 429 whose Retry-After was at least 1s", ours[i+1].Time.Sub(en.Time))
			}
		}
	}
	if ok != 40 || emu.Len() != 40 || limited != s.RateLimited {
		t.Fatalf("%d created, %d stored, %d × 429 in the log, %d heard", ok, emu.Len(), limited, s.RateLimited)
	}
}
