package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimits make the emulator enforce per-class request limits, as the
// Managed Agents reference documents them for an organization: create
// endpoints 60 requests per minute, read endpoints 600 (API.md). Update,
// archive and delete count as writes of the create class, as terrarium
// assumes until the API says otherwise. A zero field does not limit its
// class; the zero value enforces nothing (the default, so that tests run
// at full speed).
type RateLimits struct {
	// Writes and Reads are requests per minute.
	Writes float64 `json:"writes"`
	Reads  float64 `json:"reads"`
	// Burst is how many requests of a class may go at once after a quiet
	// spell (the bucket's depth). 0: a minute's worth, the limit itself
	// (assumed: Anthropic describes its rate limits as buckets refilled
	// continuously up to the limit; the depth for these endpoints is not
	// documented). 1 makes the emulator as strict as it can be.
	Burst float64 `json:"burst,omitempty"`
}

// DocumentedRateLimits are the limits the Managed Agents reference states.
var DocumentedRateLimits = RateLimits{Writes: 60, Reads: 600}

func (l RateLimits) validate() error {
	for _, v := range []float64{l.Writes, l.Reads, l.Burst} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("rate limits must be non-negative numbers, got %v", l)
		}
	}
	return nil
}

// limiter is a token bucket per class.
type limiter struct {
	mu      sync.Mutex
	limits  RateLimits
	buckets [2]bucket // 0: reads, 1: writes
}

type bucket struct {
	tokens float64
	at     time.Time
}

func (l *limiter) set(r RateLimits) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limits = r
	l.buckets = [2]bucket{}
}

// take spends a token of the class at now. When none is left it returns
// how long until one is.
func (l *limiter) take(write bool, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	perMinute, i := l.limits.Reads, 0
	if write {
		perMinute, i = l.limits.Writes, 1
	}
	if perMinute <= 0 {
		return 0, true
	}
	perSecond := perMinute / 60
	depth := l.limits.Burst
	if depth <= 0 {
		depth = max(1, perMinute)
	}
	b := &l.buckets[i]
	if b.at.IsZero() {
		b.tokens, b.at = depth, now
	}
	if elapsed := now.Sub(b.at).Seconds(); elapsed > 0 {
		b.tokens = min(depth, b.tokens+elapsed*perSecond)
		b.at = now
	}
	// A hair of tolerance: a client pacing at exactly the limit must not
	// be refused for a clock rounding.
	if b.tokens >= 1-1e-6 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / perSecond * float64(time.Second)), false
}

// rateLimited answers 429 rate_limit_error with a Retry-After in whole
// seconds, as the API does, when the request's class is over its limit.
func (e *Emulator) rateLimited(write bool) (*Fault, string) {
	wait, ok := e.limiter.take(write, e.opts.Now())
	if ok {
		return nil, ""
	}
	secs := max(1, int(math.Ceil(wait.Seconds())))
	return statusFault(http.StatusTooManyRequests), strconv.Itoa(secs)
}

// SetRateLimits replaces the enforced rate limits (and refills the buckets).
func (e *Emulator) SetRateLimits(r RateLimits) error {
	if err := r.validate(); err != nil {
		return err
	}
	e.limiter.set(r)
	return nil
}

// CurrentRateLimits returns the enforced rate limits.
func (e *Emulator) CurrentRateLimits() RateLimits {
	e.limiter.mu.Lock()
	defer e.limiter.mu.Unlock()
	return e.limiter.limits
}
