package api

import (
	"errors"
	"fmt"
	"net/http"
	"terrarium/internal/render/escape"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
)

// ErrNoCredential is returned when no credential source is set.
var ErrNoCredential = errors.New("no API credential found: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, ANTHROPIC_PROFILE, or workload-identity federation: ANTHROPIC_FEDERATION_RULE_ID, ANTHROPIC_ORGANIZATION_ID, ANTHROPIC_IDENTITY_TOKEN_FILE), or run against the local emulator with --emulator")

// retryAfterCapMsg explains an Error whose Retry-After was beyond the cap.
const retryAfterCapMsg = "the API asked to wait %s before retrying, longer than the retry-after cap; try again later or raise --retry-after-cap"

// wrapError turns an SDK error into terrarium's: *Error for an API answer,
// *AmbiguousError for a mutation that was sent and never answered or whose
// answer does not prove that nothing changed (see Error.Definite), and a
// plain error naming the operation otherwise. No credential is ever part of
// the result: *anthropic.Error's own text (which dumps the request URL and
// body) is not used.
func wrapError(op, env string, mutation bool, t *tracker, err error) error {
	var apiErr *anthropic.Error
	if errors.As(err, &apiErr) {
		if res := apiErr.Response; res != nil {
			if res.Header.Get(hdrNoCredential) != "" {
				return ErrNoCredential
			}
		}
		// What the answer says is made one line here, once, for every
		// output that shows it (terminal, JSON, markdown, the state log):
		// a newline in it could start a line of its own, such as a GitHub
		// workflow command (::set-output) or a PR comment's table row.
		e := &Error{
			Op: op, Env: env, StatusCode: apiErr.StatusCode,
			Type: escape.Line(string(apiErr.Type())), Code: escape.Line(string(apiErr.ErrorCode())),
			Message: escape.Line(apiErr.Message), RequestID: escape.Line(apiErr.RequestID),
		}
		if e.Message == "" {
			e.Message = http.StatusText(apiErr.StatusCode)
		}
		if res := apiErr.Response; res != nil {
			if wait := res.Header.Get(hdrRetryAfterCapped); wait != "" {
				e.Message = fmt.Sprintf(retryAfterCapMsg, wait) + " (" + e.Message + ")"
			}
		}
		if mutation && !e.Definite(t) {
			return &AmbiguousError{Op: op, Env: env, Err: e}
		}
		return e
	}
	redactURLError(err)
	if mutation && t != nil && t.attempts > 0 {
		return &AmbiguousError{Op: op, Env: env, Err: err}
	}
	return fmt.Errorf("%s: %w", opLabel(op, env), err)
}

func opLabel(op, env string) string {
	if env == "" {
		return op
	}
	return op + " " + env
}

// Definite reports whether the answer e to a mutation proves that the
// mutation changed nothing: a 4xx other than 408 (timeout) and 429 (rate
// limit), to the only attempt the call made. A 5xx may come after the
// change was stored; a retried call's earlier attempts may have landed
// (their answers lost or 5xx) before the 4xx; and a 429 after a retry is
// no proof either. t is the call's attempt count; nil counts as one.
func (e *Error) Definite(t *tracker) bool {
	if e.StatusCode < 400 || e.StatusCode >= 500 || e.StatusCode == http.StatusRequestTimeout || e.StatusCode == http.StatusTooManyRequests {
		return false
	}
	return t == nil || t.attempts <= 1
}
