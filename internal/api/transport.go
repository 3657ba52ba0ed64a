package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"terrarium/internal/origin"
)

// Headers terrarium's middlewares put on a response they stop, so that
// wrapError can say what happened. They never reach the network.
const (
	hdrNoCredential     = "X-Terrarium-No-Credential"
	hdrRetryAfterCapped = "X-Terrarium-Retry-After-Capped"
)

// requireCredential stops a request that carries no credential before it
// is sent. (The SDK's own check steps aside once a client has more than one
// middleware.) The stand-in answer says "do not retry", so the call ends at
// once and wrapError turns it into a message naming the credential sources.
func requireCredential(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" || req.Header.Get("X-Api-Key") != "" {
		return next(req)
	}
	return stopResponse(req, http.StatusUnauthorized, hdrNoCredential, "1"), nil
}

// capRetryAfter fails a call at once when the API asks to wait longer than
// limit before retrying, instead of letting the SDK sleep that long.
func capRetryAfter(limit time.Duration) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		res, err := next(req)
		if err != nil || res == nil || res.StatusCode < 400 {
			return res, err
		}
		wait, ok := retryAfter(res.Header)
		if !ok || wait <= limit {
			return res, nil
		}
		res.Header.Set("x-should-retry", "false")
		res.Header.Set(hdrRetryAfterCapped, wait.String())
		return res, nil
	}
}

// retryAfter reads Retry-After-Ms or Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t), true
	}
	return 0, false
}

func stopResponse(req *http.Request, status int, marker, value string) *http.Response {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("x-should-retry", "false")
	h.Set(marker, value)
	body := `{"type":"error","error":{"type":"authentication_error","message":"no credential"}}`
	return &http.Response{
		Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: req,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}
}

// sensitive lists the headers whose values never reach the debug log.
var sensitive = map[string]bool{"Authorization": true, "X-Api-Key": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true}

// debugLog writes each attempt's request and response to w: method, path,
// status, duration, headers (credentials redacted) and bodies. Any
// credential value that appears elsewhere in a line is redacted too, and
// every string hide returns (nil: none) is written as "(sensitive value)".
func debugLog(w io.Writer, hide func() []string) option.Middleware {
	var mu sync.Mutex
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		secrets := credentialValues(req.Header)
		reqBody := peekBody(&req.Body)
		line := func(format string, args ...any) {
			s := fmt.Sprintf(format, args...)
			for _, sec := range secrets {
				s = strings.ReplaceAll(s, sec, "[REDACTED]")
			}
			if hide != nil {
				s = hideValues(s, hide())
			}
			mu.Lock()
			fmt.Fprintln(w, s)
			mu.Unlock()
		}
		line("terrarium debug: --> %s %s headers=%s body=%s", req.Method, req.URL.RequestURI(), headerString(req.Header), reqBody)
		start := time.Now()
		res, err := next(req)
		d := time.Since(start).Round(time.Microsecond)
		if err != nil {
			redactURLError(err)
			line("terrarium debug: <-- %s %s error after %s: %v", req.Method, req.URL.Path, d, err)
			return res, err
		}
		resBody := peekBody(&res.Body)
		line("terrarium debug: <-- %s %s %d in %s request-id=%s headers=%s body=%s", req.Method, req.URL.Path, res.StatusCode, d, res.Header.Get("request-id"), headerString(res.Header), resBody)
		return res, nil
	}
}

// hideValues writes every value of values (3 bytes or longer) in s,
// longest first, as it stands and as JSON writes it inside a string, as
// "(sensitive value)".
func hideValues(s string, values []string) string {
	var forms []string
	for _, v := range values {
		if len(v) < 3 {
			continue
		}
		forms = append(forms, v)
		if b, err := json.Marshal(v); err == nil {
			if q := string(b[1 : len(b)-1]); q != v {
				forms = append(forms, q)
			}
		}
	}
	sort.Slice(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	for _, f := range forms {
		s = strings.ReplaceAll(s, f, "(sensitive value)")
	}
	return s
}

func credentialValues(h http.Header) []string {
	var out []string
	for name := range sensitive {
		for _, v := range h.Values(name) {
			v = strings.TrimSpace(v)
			if _, tok, ok := strings.Cut(v, " "); ok && len(tok) >= 4 {
				out = append(out, tok)
			}
			if len(v) >= 4 {
				out = append(out, v)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func headerString(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		v := strings.Join(h[k], ",")
		if sensitive[http.CanonicalHeaderKey(k)] {
			v = "[REDACTED]"
		}
		fmt.Fprintf(&b, "%s: %s", k, v)
	}
	b.WriteByte('}')
	return b.String()
}

// peekBody reads a body for the log and puts an unread copy back.
func peekBody(body *io.ReadCloser) string {
	if *body == nil || *body == http.NoBody {
		return ""
	}
	b, err := io.ReadAll(*body)
	(*body).Close()
	if err != nil {
		// Keep the failure for the SDK: a body cut short is a dropped connection.
		*body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
		return fmt.Sprintf("%s<cut short: %v>", b, err)
	}
	*body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// redactURLError rewrites, in place, the URL that net/http's *url.Error in
// err quotes ("Get \"https://TOKEN@host/...\": dial tcp ..."), as
// origin.Redact does: Go hides a password there, but not a user name alone
// (a token, often) or a query value. Every printed or logged transport
// error passes here first.
func redactURLError(err error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = origin.Redact(ue.URL)
	}
}
