package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
)

// rateLimitFallback is the wait before calling again after a 429 that
// names no Retry-After.
const rateLimitFallback = time.Second

// retryRateLimited calls call again while it fails with a 429 the SDK's own
// retries did not get past, waiting the Retry-After each time, for at most
// budget of waiting in all. A 429 means the API did not act on the request,
// so this is safe for mutations too: a storm of rate limits slows a run
// down instead of failing it, as long as the retry-after cap allows.
func retryRateLimited[T any](ctx context.Context, budget time.Duration, call func() (T, error)) (T, error) {
	var waited time.Duration
	for {
		v, err := call()
		wait, ok := rateLimitWait(err)
		if !ok || waited+wait > budget {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(wait):
		}
		waited += wait
	}
}

// rateLimitWait reports how long a 429 error asks to wait; false for any
// other error, and for a 429 whose Retry-After was already over the cap.
func rateLimitWait(err error) (time.Duration, bool) {
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	res := apiErr.Response
	if res == nil {
		return rateLimitFallback, true
	}
	if res.Header.Get(hdrRetryAfterCapped) != "" || res.Header.Get(hdrNoCredential) != "" {
		return 0, false
	}
	if wait, ok := retryAfter(res.Header); ok && wait >= 0 {
		return wait, true
	}
	return rateLimitFallback, true
}
