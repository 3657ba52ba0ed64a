package api_test

import (
	"context"
	"fmt"
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

// A 429 lowers the pace for the rest of the run: a client pacing at twice
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
