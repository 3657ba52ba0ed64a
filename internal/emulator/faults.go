package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration that reads and writes JSON as "20ms".
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a Go duration string ("1.5s") or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err2 := json.Unmarshal(b, &secs); err2 != nil {
			return errors.New(`duration must be a string like "20ms" or a number of seconds`)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	*d = Duration(v)
	return err
}

// Faults are random faults applied to API requests (not to /_emulator).
type Faults struct {
	// Latency delays every answer; Jitter adds a uniform random [0, Jitter).
	Latency Duration `json:"latency"`
	Jitter  Duration `json:"jitter"`
	// ErrorRate is the fraction of requests answered with ErrorStatus
	// (500 or 529; 0 picks either at random) before they are processed.
	ErrorRate   float64 `json:"error_rate"`
	ErrorStatus int     `json:"error_status"`
	// RateLimitRate is the fraction of requests answered 429 with a
	// Retry-After of RetryAfter (default 1s).
	RateLimitRate float64  `json:"rate_limit_rate"`
	RetryAfter    Duration `json:"retry_after"`
	// DropAfterCommitRate is the fraction of successful mutations whose
	// change is stored and whose connection is then cut before the answer.
	DropAfterCommitRate float64 `json:"drop_after_commit_rate"`
}

func (f Faults) validate() error {
	for name, r := range map[string]float64{"error rate": f.ErrorRate, "rate limit rate": f.RateLimitRate, "drop-after-commit rate": f.DropAfterCommitRate} {
		if r < 0 || r > 1 {
			return fmt.Errorf("%s %v is not between 0 and 1", name, r)
		}
	}
	if f.ErrorStatus != 0 && (f.ErrorStatus < 500 || f.ErrorStatus > 599) {
		return fmt.Errorf("error status %d is not a 5xx", f.ErrorStatus)
	}
	if f.Latency < 0 || f.Jitter < 0 || f.RetryAfter < 0 {
		return errors.New("latency, jitter and retry-after must not be negative")
	}
	return nil
}

// Injection is a deterministic fault for the next Count matching requests.
type Injection struct {
	// Status answers with this HTTP status (429, 500, 529, ...) before the
	// request is processed, in the API's error shape.
	Status int `json:"status,omitempty"`
	// RetryAfter is the Retry-After header value to send with Status.
	RetryAfter string `json:"retry_after,omitempty"`
	// Type and Code override error.type and error.details.error_code of
	// Status, e.g. 403 permission_error environment_create_disabled.
	Type string `json:"type,omitempty"`
	Code string `json:"code,omitempty"`
	// Body answers the request, without processing it, with these bytes
	// as they are (Status, or 200 when Status is 0): a hostile or broken
	// answer such as a listed environment without an id, for tests of how
	// a client treats the answers it is given.
	Body json.RawMessage `json:"body,omitempty"`
	// DropAfterCommit stores the next matching mutation and cuts the
	// connection before answering.
	DropAfterCommit bool `json:"drop_after_commit,omitempty"`
	// Method and Path restrict the injection to one HTTP method and to
	// paths with this prefix ("" matches any; drop after commit only ever
	// matches mutations).
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// After lets this many matching requests through first.
	After int `json:"after,omitempty"`
	// Count is how many requests it applies to (default 1).
	Count int `json:"count,omitempty"`
}

// SetFaults replaces the random faults.
func (e *Emulator) SetFaults(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	e.fmu.Lock()
	defer e.fmu.Unlock()
	e.faults = f
	return nil
}

// CurrentFaults returns the random faults in effect.
func (e *Emulator) CurrentFaults() Faults {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	return e.faults
}

// Inject queues a deterministic fault.
func (e *Emulator) Inject(in Injection) error {
	if in.Status == 0 && !in.DropAfterCommit && in.Body == nil {
		return errors.New("an injection needs a status, a body or drop_after_commit")
	}
	if in.Body != nil && in.DropAfterCommit {
		return errors.New("an injection answers with a body or drops the answer, not both")
	}
	if in.Body != nil && in.Status != 0 && (in.Status < 200 || in.Status > 599) {
		return fmt.Errorf("status %d is not an HTTP answer status", in.Status)
	}
	if in.Body == nil && in.Status != 0 && (in.Status < 400 || in.Status > 599) {
		return fmt.Errorf("status %d is not an error status", in.Status)
	}
	if in.Count <= 0 {
		in.Count = 1
	}
	if in.After < 0 {
		return errors.New("after must not be negative")
	}
	e.fmu.Lock()
	defer e.fmu.Unlock()
	e.injections = append(e.injections, in)
	return nil
}

// decision is what the fault layer does to one request.
type decision struct {
	delay      time.Duration
	fault      *Fault
	retryAfter string
	// body, when not nil, is the answer as it is, with status.
	body   []byte
	status int
	drop   bool
}

// decide draws the faults for a request.
func (e *Emulator) decide(method, path string, mutation bool) decision {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	f := e.faults
	d := decision{delay: time.Duration(f.Latency)}
	if f.Jitter > 0 {
		d.delay += time.Duration(e.rng.Int64N(int64(f.Jitter)))
	}
	for i := range e.injections {
		in := &e.injections[i]
		if in.Method != "" && in.Method != method || !strings.HasPrefix(path, in.Path) || in.DropAfterCommit && !mutation {
			continue
		}
		if in.After > 0 {
			in.After--
			continue
		}
		in.Count--
		switch {
		case in.Body != nil:
			d.body, d.status = in.Body, in.Status
			if d.status == 0 {
				d.status = http.StatusOK
			}
		case in.DropAfterCommit:
			d.drop = true
		default:
			d.fault, d.retryAfter = statusFault(in.Status), in.RetryAfter
			if in.Type != "" {
				d.fault.Type = in.Type
			}
			if in.Code != "" {
				d.fault.Code, d.fault.Message = in.Code, "injected "+in.Code
			}
		}
		if in.Count <= 0 {
			e.injections = append(e.injections[:i], e.injections[i+1:]...)
		}
		return d
	}
	switch {
	case f.RateLimitRate > 0 && e.rng.Float64() < f.RateLimitRate:
		ra := time.Duration(f.RetryAfter)
		if ra == 0 {
			ra = time.Second
		}
		d.fault = statusFault(http.StatusTooManyRequests)
		d.retryAfter = strconv.FormatFloat(ra.Seconds(), 'f', -1, 64)
	case f.ErrorRate > 0 && e.rng.Float64() < f.ErrorRate:
		status := f.ErrorStatus
		if status == 0 {
			status = []int{500, 529}[e.rng.IntN(2)]
		}
		d.fault = statusFault(status)
	case mutation && f.DropAfterCommitRate > 0 && e.rng.Float64() < f.DropAfterCommitRate:
		d.drop = true
	}
	return d
}

// statusFault renders an injected status the way the API does.
func statusFault(status int) *Fault {
	switch status {
	case http.StatusTooManyRequests:
		return &Fault{Status: status, Type: "rate_limit_error", Message: "Number of requests has exceeded your rate limit"}
	case 529:
		return &Fault{Status: status, Type: "overloaded_error", Message: "Overloaded"}
	case http.StatusUnauthorized:
		return &Fault{Status: status, Type: "authentication_error", Message: "invalid x-api-key"}
	case http.StatusForbidden:
		return &Fault{Status: status, Type: "permission_error", Message: "permission denied"}
	case http.StatusNotFound:
		return &Fault{Status: status, Type: "not_found_error", Message: "not found"}
	}
	if status >= 500 {
		return &Fault{Status: status, Type: "api_error", Message: "Internal server error"}
	}
	return &Fault{Status: status, Type: "invalid_request_error", Message: "injected error"}
}
