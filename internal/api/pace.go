package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Class is an operation class of the API's rate limits.
type Class int

// The classes. The Managed Agents reference documents create endpoints
// (60 requests per minute) and read endpoints (600 per minute); whether
// update, archive and delete count as creates is not stated, so they are
// paced as writes of the create class until the API documents otherwise.
const (
	ClassRead  Class = iota // list, get
	ClassWrite              // create, update, archive, delete
)

func (c Class) String() string {
	if c == ClassWrite {
		return "writes"
	}
	return "reads"
}

// classOf is the class of an HTTP request to the environments API.
func classOf(method string) Class {
	if method == http.MethodGet || method == http.MethodHead {
		return ClassRead
	}
	return ClassWrite
}

// RateLimits are the paces terrarium keeps, in requests per minute per
// class; 0 means that class is not paced.
type RateLimits struct {
	Writes float64
	Reads  float64
}

// DocumentedRateLimits are the organization's Managed Agents limits the
// Managed Agents reference documents (API.md, "Limits the documentation
// states"): create endpoints 60 requests per minute, read endpoints 600.
var DocumentedRateLimits = RateLimits{Writes: 60, Reads: 600}

func (l RateLimits) of(c Class) float64 {
	if c == ClassWrite {
		return l.Writes
	}
	return l.Reads
}

// String renders the limits as ParseRateLimits reads them.
func (l RateLimits) String() string {
	return "writes=" + strconv.FormatFloat(l.Writes, 'f', -1, 64) + ",reads=" + strconv.FormatFloat(l.Reads, 'f', -1, 64)
}

// ParseRateLimits reads "writes=N,reads=N" (either may be left out, keeping
// base's value; N is requests per minute, 0 for no pacing) or "off".
func ParseRateLimits(s string, base RateLimits) (RateLimits, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return RateLimits{}, nil
	}
	out := base
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || n < 0 || n > 1e6 || n != n {
			return base, fmt.Errorf("rate limits %q: want writes=N,reads=N with N requests per minute (0 for no pacing), or off", s)
		}
		switch strings.TrimSpace(k) {
		case "writes":
			out.Writes = n
		case "reads":
			out.Reads = n
		default:
			return base, fmt.Errorf("rate limits %q: unknown class %q; the classes are writes and reads", s, k)
		}
	}
	return out, nil
}

// adaptation is how a class's pace follows the 429s it hears, between
// minPace and the configured pace: additive increase, multiplicative
// decrease (AIMD), the control of TCP's congestion avoidance (RFC 5681,
// section 3.1), applied to a request rate as the AWS SDKs' adaptive retry
// mode applies it to a client-side token bucket (botocore
// retries/adaptive.py and throttling.py: the rate drops to 0.7 of what was
// sent on a throttle and climbs back while none comes). A 429 means another
// client of the organization is using part of the budget; a quiet spell
// means it may have stopped, so the pace probes back up.
type adaptation struct {
	// decrease is the factor a 429 applies to the pace, once per round:
	// the 429s that answer requests sent before the pace was lowered do
	// not lower it again.
	decrease float64
	// increase is the step of a rise, as a fraction of the configured
	// pace (additive: the same step at any pace).
	increase float64
	// quietSlots is a quiet spell: this many slots at the current pace
	// without a 429, and at least the last Retry-After.
	quietSlots float64
}

// adapt is terrarium's adaptation. With a rival client taking half of a
// budget enforced by a five-second bucket (the emulator's model), it keeps
// at least 0.9 of what the rival leaves, and is back at the configured pace
// within 200 slots of the rival stopping (pace_model_test.go); alone it
// never goes above the configured pace, so it meets no 429.
var adapt = adaptation{decrease: 0.8, increase: 0.05, quietSlots: 10}

// minPace is the lowest pace a run of 429s can bring a class down to.
const minPace = 1.0 // per minute

// Pacer spaces requests per class so that the workers of a run, together,
// stay under the API's rate limits: each class has a next-slot time, and
// every request takes the next slot (a token bucket of depth one). A 429
// holds the class until its Retry-After has passed — callers already
// waiting for a slot before then wait again — and lowers the pace; a quiet
// spell raises it again, never above the configured pace (see adaptation).
// A Pacer is safe for concurrent use.
type Pacer struct {
	mu  sync.Mutex
	now func() time.Time
	// holdCap bounds the hold a Retry-After sets: the longest Retry-After
	// the client waits (Options.RetryAfterCap); a call told to wait longer
	// fails, and an answer asking for days must not stall every caller.
	holdCap time.Duration
	classes [2]pace
}

type pace struct {
	configured float64 // per minute; 0 = unpaced
	perMinute  float64 // the current pace
	next       time.Time
	hold       time.Time // no request before this: the latest Retry-After
	// round counts the decreases; a slot reserved in an earlier round is
	// taken again at the lowered pace.
	round int
	// settle ends the current round's 429s: until then, a 429 answers a
	// request sent at the pace before the last decrease.
	settle     time.Time
	quiet      time.Time     // when the current quiet spell began (the last 429 or rise)
	retryAfter time.Duration // the last Retry-After heard
	rateLimits int           // 429s seen
	waiting    int           // callers waiting for a slot now
	waited     time.Duration
}

// NewPacer returns a pacer keeping limits. now is the clock (nil: time.Now).
func NewPacer(limits RateLimits, now func() time.Time) *Pacer {
	if now == nil {
		now = time.Now
	}
	p := &Pacer{now: now, holdCap: DefaultRetryAfterCap}
	for c := range p.classes {
		r := limits.of(Class(c))
		p.classes[c] = pace{configured: r, perMinute: r}
	}
	return p
}

func interval(perMinute float64) time.Duration {
	return time.Duration(float64(time.Minute) / perMinute)
}

// reserve takes the next slot of class c and returns how long to wait and
// the round the slot belongs to (for recheck).
func (p *Pacer) reserve(c Class) (time.Duration, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	now := p.now()
	s.rise(now)
	return s.take(now), s.round
}

// take reserves the next slot at now: never before the hold, and one
// interval of the current pace after the previous slot.
func (s *pace) take(now time.Time) time.Duration {
	at := now
	if at.Before(s.hold) {
		at = s.hold
	}
	if s.perMinute <= 0 { // unpaced, but a Retry-After still holds
		return at.Sub(now)
	}
	if at.Before(s.next) {
		at = s.next
	}
	s.next = at.Add(interval(s.perMinute))
	return at.Sub(now)
}

// recheck is called by a caller whose wait for a slot of round has ended:
// it may go (0) unless a 429 came in meanwhile, holding the class past now
// or lowering the pace; then it takes a new slot and must wait again.
func (p *Pacer) recheck(c Class, round int) (time.Duration, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	now := p.now()
	if round == s.round && !now.Before(s.hold) {
		return 0, round
	}
	s.rise(now)
	return s.take(now), s.round
}

// Wait blocks until a request of class c may go, or ctx ends.
func (p *Pacer) Wait(ctx context.Context, c Class) error {
	if p == nil {
		return nil
	}
	d, round := p.reserve(c)
	if d <= 0 {
		return ctx.Err()
	}
	p.mu.Lock()
	p.classes[c].waiting++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.classes[c].waiting--
		p.mu.Unlock()
	}()
	for d > 0 {
		p.mu.Lock()
		p.classes[c].waited += d
		p.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		d, round = p.recheck(c, round)
	}
	return nil
}

// Charge takes a slot of class c without waiting: for a request that went
// out without Wait (the SDK's own retries), so that it delays the next.
func (p *Pacer) Charge(c Class) {
	if p != nil {
		p.reserve(c)
	}
}

// Slow records a 429 on class c: no request of the class goes before
// retryAfter (at most the hold cap) has passed (callers already waiting
// wait again), the quiet
// spell starts over, and the pace drops by the decrease factor, once per
// round, so that the 429s answering requests sent before the drop (several
// workers hit by the same burst) lower it once. An unpaced class only
// waits out the Retry-After.
func (p *Pacer) Slow(c Class, retryAfter time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	now := p.now()
	s.rateLimits++
	retryAfter = min(max(retryAfter, 0), p.holdCap)
	s.quiet, s.retryAfter = now, retryAfter
	if until := now.Add(retryAfter); s.hold.Before(until) {
		s.hold = until
	}
	if s.perMinute <= 0 || now.Before(s.settle) {
		return
	}
	// Never below minPace, unless the configured pace is lower still.
	s.perMinute = min(s.configured, max(s.perMinute*adapt.decrease, minPace))
	// Slots reserved at the old pace are taken again at the new one
	// (recheck): the requests of the new round, from the end of the hold
	// and no sooner than one new interval after the last request sent.
	s.round++
	s.next, s.settle = later(s.hold, now.Add(interval(s.perMinute))), s.hold
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// rise raises the pace by one step per quiet spell that has passed by now
// since the last 429 or rise, up to the configured pace.
func (s *pace) rise(now time.Time) {
	for s.perMinute > 0 && s.perMinute < s.configured {
		spell := max(s.retryAfter, time.Duration(adapt.quietSlots*float64(interval(s.perMinute))))
		if now.Sub(s.quiet) < spell {
			return
		}
		s.quiet = s.quiet.Add(spell)
		s.perMinute = min(s.configured, s.perMinute+adapt.increase*s.configured)
	}
}

// PaceStatus is a class's pacing, for views.
type PaceStatus struct {
	Class Class
	// Configured and PerMinute are the pace asked for and the pace now
	// (lower after 429s, rising back after a quiet spell); 0 means unpaced.
	Configured, PerMinute float64
	// RateLimited counts the 429s seen.
	RateLimited int
	// Waiting is how many callers wait for a slot now; Waited is the total
	// time callers were held back.
	Waiting int
	Waited  time.Duration
}

// Limiting reports whether pacing is holding callers back now.
func (s PaceStatus) Limiting() bool { return s.PerMinute > 0 && s.Waiting > 0 }

// Status returns the pacing of class c.
func (p *Pacer) Status(c Class) PaceStatus {
	if p == nil {
		return PaceStatus{Class: c}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	s.rise(p.now())
	return PaceStatus{Class: c, Configured: s.configured, PerMinute: s.perMinute, RateLimited: s.rateLimits, Waiting: s.waiting, Waited: s.waited}
}

// Paced is implemented by clients that pace their requests; views use it
// to say when the pace is what limits a run.
type Paced interface {
	PaceStatus(c Class) PaceStatus
}

// observe is the middleware that tells the pacer about every attempt: an
// SDK retry (X-Stainless-Retry-Count above 0) went out without Wait and
// takes a slot; a 429 slows its class down and is handed back to the
// caller rather than retried by the SDK, so that retryRateLimited calls
// again through Wait: the retry then takes a slot after the Retry-After at
// the lowered pace, instead of going out at the hold's end beside the
// next paced request.
func (p *Pacer) observe(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	c := classOf(req.Method)
	if n := req.Header.Get("X-Stainless-Retry-Count"); n != "" && n != "0" {
		p.Charge(c)
	}
	res, err := next(req)
	if err == nil && res != nil && res.StatusCode == http.StatusTooManyRequests && res.Header.Get(hdrNoCredential) == "" {
		wait, ok := retryAfter(res.Header)
		if !ok || wait < 0 {
			wait = rateLimitFallback
		}
		p.Slow(c, wait)
		res.Header.Set("x-should-retry", "false")
	}
	return res, err
}
