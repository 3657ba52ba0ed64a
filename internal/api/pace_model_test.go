package api

import (
	"container/heap"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"terrarium/internal/emulator"
)

// The model: a run's workers and a rival client against the emulator's
// rate limiter, on a simulated clock. Each worker takes its slot from the
// Pacer (reserve, then recheck when its wait ends, as Wait does), sends a
// write, and on a 429 tells the Pacer (Slow), waits the Retry-After and
// asks for a slot again, as retryRateLimited does. The rival sends a write
// at a fixed interval and never retries. Nothing sleeps: the events run in
// order of their simulated times.

// simConfig is one simulated run.
type simConfig struct {
	limit   float64       // writes per minute the emulator enforces and the pacer is configured with
	burst   float64       // the emulator's bucket depth
	rival   float64       // the rival's share of the limit (0: none)
	writes  int           // the run's writes
	workers int           // the run's workers
	latency time.Duration // from send to answer
	// until, when set, stops the run at that simulated time instead of
	// after writes.
	until time.Duration
	// rivalUntil, when set, stops the rival at that simulated time.
	rivalUntil time.Duration
	// seed draws the rival's phase and each request's jitter (up to
	// jitter) on its way to the emulator.
	seed   uint64
	jitter time.Duration
	// rivalRetries makes the rival send a refused write again after its
	// Retry-After, as an SDK client does.
	rivalRetries bool
	// onPace, when set, sees the write pace after every event.
	onPace func(at time.Duration, s PaceStatus)
}

// simResult is what a simulated run did.
type simResult struct {
	done        int           // writes admitted
	limited     int           // 429s the run heard
	rivalDone   int           // the rival's writes admitted
	first, last time.Duration // the first and last admitted write
	pace        PaceStatus    // at the end
}

// perMinute is the run's writes a minute, first to last.
func (r simResult) perMinute() float64 {
	return float64(r.done-1) / (r.last - r.first).Minutes()
}

type simEvent struct {
	at     time.Duration
	seq    int
	worker int // -1: the rival
	kind   int // simReserve, simWake, simArrive, simSend
	round  int
	after  time.Duration
}

const (
	simReserve = iota
	simWake
	simSend
	simArrive
)

type simQueue []simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func simulate(t *testing.T, cfg simConfig) simResult {
	t.Helper()
	start := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	emu, err := emulator.New(emulator.Options{Seed: 1, Now: clock, LogSize: 1,
		RateLimits: emulator.RateLimits{Writes: cfg.limit, Burst: cfg.burst}})
	if err != nil {
		t.Fatal(err)
	}
	// A write the limiter counts: an archive of an unknown environment
	// answers 404 when admitted, 429 when over the limit.
	send := func(who string) (int, time.Duration) {
		req := httptest.NewRequest(http.MethodPost, "/v1/environments/env_model/archive", nil)
		req.Header.Set("x-api-key", who)
		req.Header.Set("anthropic-version", "2023-06-01")
		req.Header.Set("anthropic-beta", "managed-agents-2026-04-01")
		w := httptest.NewRecorder()
		emu.ServeHTTP(w, req)
		if w.Code != http.StatusTooManyRequests {
			return w.Code, 0
		}
		secs, err := strconv.Atoi(w.Header().Get("Retry-After"))
		if err != nil {
			t.Fatalf("429 without a Retry-After in seconds: %q", w.Header().Get("Retry-After"))
		}
		return w.Code, time.Duration(secs) * time.Second
	}
	p := NewPacer(RateLimits{Writes: cfg.limit}, clock)
	var q simQueue
	seq := 0
	push := func(e simEvent) {
		seq++
		e.seq = seq
		heap.Push(&q, e)
	}
	for w := range cfg.workers {
		push(simEvent{worker: w, kind: simReserve})
	}
	rng := rand.New(rand.NewPCG(cfg.seed, 1))
	jitter := func() time.Duration {
		if cfg.jitter <= 0 {
			return 0
		}
		return time.Duration(rng.Int64N(int64(cfg.jitter)))
	}
	rivalEvery := time.Duration(float64(time.Minute) / (cfg.limit * cfg.rival))
	if cfg.rival > 0 {
		push(simEvent{at: time.Duration(rng.Int64N(int64(rivalEvery))), worker: -1, kind: simSend})
	}
	var r simResult
	started := 0
	for q.Len() > 0 {
		e := heap.Pop(&q).(simEvent)
		if cfg.until > 0 && e.at > cfg.until {
			break
		}
		now = start.Add(e.at)
		if e.worker < 0 {
			if cfg.rivalUntil > 0 && e.at > cfg.rivalUntil {
				continue
			}
			status, after := send("rival")
			if status != http.StatusTooManyRequests {
				r.rivalDone++
			} else if cfg.rivalRetries {
				push(simEvent{at: e.at + after + jitter(), worker: -1, kind: simSend, round: -1})
			}
			if e.round == 0 && (cfg.until > 0 || r.done < cfg.writes) {
				push(simEvent{at: e.at + rivalEvery + jitter()/4, worker: -1, kind: simSend})
			}
			continue
		}
		switch e.kind {
		case simReserve, simWake:
			if e.kind == simReserve {
				if cfg.until == 0 && started == cfg.writes && e.round == 0 {
					continue // no write left for this worker
				}
				if e.round == 0 {
					started++
				}
			}
			var d time.Duration
			var round int
			if e.kind == simReserve {
				d, round = p.reserve(ClassWrite)
			} else {
				d, round = p.recheck(ClassWrite, e.round)
			}
			if d > 0 {
				push(simEvent{at: e.at + d, worker: e.worker, kind: simWake, round: round})
				break
			}
			push(simEvent{at: e.at + cfg.latency/2 + jitter(), worker: e.worker, kind: simArrive})
		case simArrive: // the write reaches the emulator
			status, after := send("run")
			if status == http.StatusTooManyRequests {
				// The answer comes back; then the pacer hears it and
				// the call is retried after the Retry-After (round -1
				// marks a retry, not a new write).
				push(simEvent{at: e.at + cfg.latency/2, worker: e.worker, kind: simSend, after: after})
				break
			}
			if r.done == 0 {
				r.first = e.at
			}
			r.done++
			r.last = e.at
			push(simEvent{at: e.at + cfg.latency/2, worker: e.worker, kind: simReserve})
		case simSend: // a 429 reaches the worker
			r.limited++
			p.Slow(ClassWrite, e.after)
			push(simEvent{at: e.at + e.after, worker: e.worker, kind: simReserve, round: -1})
		}
		if cfg.onPace != nil {
			cfg.onPace(e.at, p.Status(ClassWrite))
		}
		if cfg.until == 0 && r.done == cfg.writes {
			break
		}
	}
	r.pace = p.Status(ClassWrite)
	return r
}

// modelRuns are the shapes the model tests run: the bench's scales (60 a
// minute with a five-second bucket; 600 a minute with the same bucket in
// time), a bucket a minute deep (the emulator's default), and rivals
// taking a quarter, half and three quarters of the budget.
var modelRuns = []simConfig{
	{limit: 60, burst: 5, rival: 0.5, writes: 300},
	{limit: 600, burst: 50, rival: 0.5, writes: 1000},
	{limit: 60, burst: 60, rival: 0.5, writes: 600},
	{limit: 60, burst: 5, rival: 0.25, writes: 300},
	{limit: 60, burst: 5, rival: 0.75, writes: 300},
}

// With a rival taking part of the budget, a paced run converges near what
// the rival leaves (at least 0.9 of it) with few 429s, never pacing above
// the limit; alone, it keeps the limit and meets no 429.
func TestModelConvergesNearWhatARivalLeaves(t *testing.T) {
	for _, sc := range modelRuns {
		sc.workers, sc.latency, sc.jitter = 10, 20*time.Millisecond, 5*time.Millisecond
		for seed := range uint64(8) {
			// Half the runs with a rival that sends a refused write again
			// after its Retry-After, as an SDK client does.
			sc.seed, sc.rivalRetries = seed, seed%2 == 1
			sc.onPace = func(at time.Duration, s PaceStatus) {
				if s.PerMinute > s.Configured || s.PerMinute < minPace {
					t.Fatalf("limit %g rival %g seed %d: pace %v at %s, configured %v", sc.limit, sc.rival, seed, s.PerMinute, at, s.Configured)
				}
			}
			r := simulate(t, sc)
			left := sc.limit * (1 - sc.rival)
			t.Logf("limit %g burst %g rival %g (retries %v) seed %d: %.1f writes/min (%.2f of the %g left), %d × 429",
				sc.limit, sc.burst, sc.rival, sc.rivalRetries, seed, r.perMinute(), r.perMinute()/left, left, r.limited)
			if r.perMinute() < 0.9*left || r.limited > sc.writes/10 {
				t.Errorf("limit %g burst %g rival %g seed %d: %.1f writes/min (%.2f of the %g left), %d × 429",
					sc.limit, sc.burst, sc.rival, seed, r.perMinute(), r.perMinute()/left, left, r.limited)
			}
		}
		sc.rival, sc.onPace = 0, nil
		if r := simulate(t, sc); r.perMinute() < 0.99*sc.limit || r.limited != 0 {
			t.Errorf("limit %g burst %g alone: %.1f writes/min, %d × 429", sc.limit, sc.burst, r.perMinute(), r.limited)
		}
	}
}

// When the rival stops, the 429s stop and the pace climbs back to the
// configured one: within 200 slots at the limit (3m20s at 60 a minute).
func TestModelRecoversAfterTheRivalStops(t *testing.T) {
	for _, limit := range []float64{60, 600} {
		slot := interval(limit)
		sc := simConfig{limit: limit, burst: limit / 12, rival: 0.5, workers: 10, latency: 20 * time.Millisecond, jitter: 5 * time.Millisecond,
			rivalUntil: 600 * slot, until: 1200 * slot}
		var back time.Duration
		limitedAtStop := -1
		sc.onPace = func(at time.Duration, s PaceStatus) {
			if s.PerMinute > s.Configured {
				t.Fatalf("limit %g: pace %v above the limit", limit, s.PerMinute)
			}
			if at > sc.rivalUntil && limitedAtStop < 0 {
				limitedAtStop = s.RateLimited
			}
			if at > sc.rivalUntil && back == 0 && s.PerMinute == s.Configured {
				back = at - sc.rivalUntil
			}
		}
		r := simulate(t, sc)
		if limitedAtStop <= 0 {
			t.Fatalf("limit %g: the rival caused no 429 (%d); the model tests nothing", limit, limitedAtStop)
		}
		if back == 0 || back > 200*slot || r.limited > limitedAtStop+1 {
			t.Errorf("limit %g: back at the limit %s after the rival stopped (want within %s); 429s %d at the stop, %d at the end",
				limit, back, 200*slot, limitedAtStop, r.limited)
		}
	}
}

// Property: whatever the order of reservations, rechecks, 429s and
// Retry-Afters, the pace stays between minPace and the configured pace, no
// caller is let go before the latest Retry-After (up to the hold cap), and callers are let go
// no faster than the configured pace (when a Retry-After is at least one
// slot long).
func TestPacerPropertyNeverAboveTheLimitNorBeforeRetryAfter(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 2))
		clk := &fakeClock{t: time.Unix(0, 0)}
		limit := []float64{0.5, 6, 60, 600}[rng.IntN(4)]
		p := NewPacer(RateLimits{Writes: limit}, clk.now)
		slot := interval(limit)
		type waiter struct {
			at    time.Time
			round int
		}
		var waiters []waiter
		var hold, last time.Time
		admit := func(w waiter) {
			d, r := p.recheck(ClassWrite, w.round)
			if d > 0 {
				waiters = append(waiters, waiter{clk.t.Add(d), r})
				return
			}
			if clk.t.Before(hold) {
				t.Fatalf("seed %d: let go at %s, before the Retry-After's end %s", seed, clk.t, hold)
			}
			if !last.IsZero() && clk.t.Sub(last) < slot {
				t.Fatalf("seed %d: two requests %s apart, under the configured %s", seed, clk.t.Sub(last), slot)
			}
			last = clk.t
		}
		for range 500 {
			switch rng.IntN(4) {
			case 0: // a caller asks for a slot
				d, r := p.reserve(ClassWrite)
				waiters = append(waiters, waiter{clk.t.Add(d), r})
			case 1: // a 429 comes in
				ra := min(slot, p.holdCap) + time.Duration(rng.Int64N(int64(3*slot)))
				p.Slow(ClassWrite, ra)
				if until := clk.t.Add(min(ra, p.holdCap)); until.After(hold) {
					hold = until
				}
			default: // time passes to the next waiter's slot, or a while
				next := clk.t.Add(time.Duration(rng.Int64N(int64(20 * slot))))
				i := -1
				for j, w := range waiters {
					if !w.at.After(next) && (i < 0 || w.at.Before(waiters[i].at)) {
						i = j
					}
				}
				if i < 0 {
					clk.t = next
					break
				}
				w := waiters[i]
				waiters = append(waiters[:i], waiters[i+1:]...)
				if w.at.After(clk.t) {
					clk.t = w.at
				}
				admit(w)
			}
			if s := p.Status(ClassWrite); s.PerMinute > limit || s.PerMinute < min(minPace, limit) {
				t.Fatalf("seed %d: pace %v outside [%v, %v]", seed, s.PerMinute, min(minPace, limit), limit)
			}
		}
	}
}
