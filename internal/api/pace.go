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

// slowdown is the factor a 429 applies to its class's pace. The pace stays
// lowered for the rest of the run: another client is using the budget.
const slowdown = 0.75

// minPace is the lowest pace a run of 429s can bring a class down to.
const minPace = 1.0 // per minute

// Pacer spaces requests per class so that the workers of a run, together,
// stay under the API's rate limits: each class has a next-slot time, and
// every request takes the next slot (a token bucket of depth one). A 429
// pushes the class's next slot past its Retry-After and lowers the pace.
// A Pacer is safe for concurrent use.
type Pacer struct {
	mu      sync.Mutex
	now     func() time.Time
	classes [2]pace
}

type pace struct {
	configured float64 // per minute; 0 = unpaced
	perMinute  float64 // the current pace
	next       time.Time
	lowered    time.Time // when a 429 last lowered the pace
	rateLimits int       // 429s seen
	waiting    int       // callers waiting for a slot now
	waited     time.Duration
}

// NewPacer returns a pacer keeping limits. now is the clock (nil: time.Now).
func NewPacer(limits RateLimits, now func() time.Time) *Pacer {
	if now == nil {
		now = time.Now
	}
	p := &Pacer{now: now}
	for c := range p.classes {
		r := limits.of(Class(c))
		p.classes[c] = pace{configured: r, perMinute: r}
	}
	return p
}

func interval(perMinute float64) time.Duration {
	return time.Duration(float64(time.Minute) / perMinute)
}

// reserve takes the next slot of class c and returns how long to wait.
func (p *Pacer) reserve(c Class) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	now := p.now()
	if s.perMinute <= 0 { // unpaced, but a Retry-After still holds
		return max(0, s.next.Sub(now))
	}
	at := s.next
	if at.Before(now) {
		at = now
	}
	s.next = at.Add(interval(s.perMinute))
	return at.Sub(now)
}

// Wait blocks until a request of class c may go, or ctx ends.
func (p *Pacer) Wait(ctx context.Context, c Class) error {
	if p == nil {
		return nil
	}
	d := p.reserve(c)
	if d <= 0 {
		return ctx.Err()
	}
	p.mu.Lock()
	p.classes[c].waiting++
	p.classes[c].waited += d
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.classes[c].waiting--
		p.mu.Unlock()
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Charge takes a slot of class c without waiting: for a request that went
// out without Wait (the SDK's own retries), so that it delays the next.
func (p *Pacer) Charge(c Class) {
	if p != nil {
		p.reserve(c)
	}
}

// Slow records a 429 on class c: no request of the class goes before
// retryAfter has passed, and the pace drops by a quarter, at most once per
// Retry-After (or per slot), so that workers hit by the same burst lower it
// once. An unpaced class only waits out the Retry-After.
func (p *Pacer) Slow(c Class, retryAfter time.Duration) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.classes[c]
	now := p.now()
	s.rateLimits++
	if until := now.Add(retryAfter); s.next.Before(until) {
		s.next = until
	}
	if s.perMinute <= 0 {
		return
	}
	quiet := max(retryAfter, interval(s.perMinute))
	if !s.lowered.IsZero() && now.Sub(s.lowered) < quiet {
		return
	}
	s.lowered = now
	s.perMinute = max(s.perMinute*slowdown, minPace)
}

// PaceStatus is a class's pacing, for views.
type PaceStatus struct {
	Class Class
	// Configured and PerMinute are the pace asked for and the pace now
	// (lower after 429s); 0 means unpaced.
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
	s := p.classes[c]
	return PaceStatus{Class: c, Configured: s.configured, PerMinute: s.perMinute, RateLimited: s.rateLimits, Waiting: s.waiting, Waited: s.waited}
}

// Paced is implemented by clients that pace their requests; views use it
// to say when the pace is what limits a run.
type Paced interface {
	PaceStatus(c Class) PaceStatus
}

// observe is the middleware that tells the pacer about every attempt: an
// SDK retry (X-Stainless-Retry-Count above 0) went out without Wait and
// takes a slot; a 429 slows its class down.
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
	}
	return res, err
}
