package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"terrarium/internal/origin"
	"terrarium/internal/render/escape"
	"terrarium/schema"
)

// Defaults of Options.
const (
	DefaultRetryAfterCap  = 60 * time.Second
	DefaultAttemptTimeout = 60 * time.Second
	DefaultMaxRetries     = 2
	// PageSize is the limit List asks for: the largest the API accepts
	// (1000, API.md "Endpoints", from the HTTP API reference of List
	// Environments), so that 10,000 environments take 10 list calls.
	PageSize = 1000
)

// Options configure New.
type Options struct {
	// BaseURL overrides the endpoint. Empty: the SDK's default, which is
	// $ANTHROPIC_BASE_URL, then https://api.anthropic.com.
	BaseURL string
	// WorkspaceID, when set, is sent as anthropic-workspace-id.
	WorkspaceID string
	// UserAgentVersion is terrarium's version, sent as User-Agent: terrarium/VERSION.
	UserAgentVersion string
	// APIKey, when set, is the credential. Empty: the SDK's default chain
	// (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_PROFILE,
	// workload-identity federation, the default profile).
	APIKey string
	// RetryAfterCap is the longest Retry-After terrarium waits; a longer one
	// fails the call at once with a clear error. 0: 60s; negative: never
	// wait for a Retry-After.
	RetryAfterCap time.Duration
	// AttemptTimeout bounds each attempt (default 60s).
	AttemptTimeout time.Duration
	// MaxRetries is how often a failed attempt is retried (default 2;
	// negative means never).
	MaxRetries int
	// RateLimits is the pace to keep per operation class; nil means the
	// documented limits (DocumentedRateLimits). Every call of the client,
	// from any goroutine, shares the pace.
	RateLimits *RateLimits
	// OnList, when set, is called as List walks the pages: once before the
	// first page (zero counts), after every page, and once at the end
	// (Done), from the goroutine calling List.
	OnList func(ListProgress)
	// DebugLog, when set, receives a line per request and response, with
	// credentials redacted.
	DebugLog io.Writer
	// DebugHide, when set, returns at each line of the debug log the
	// strings it must not contain (the values sensitive variables gave
	// the configuration): each is written as "(sensitive value)", as it
	// appears or JSON-escaped.
	DebugHide func() []string
	// Origin marks an emulator for OriginOf (Emulator, EmulatorData); the
	// URL defaults to BaseURL, the workspace is WorkspaceID and the
	// organization is filled in from the API's answers.
	Origin origin.Origin
	// SDKOptions are appended last (tests: option.WithHTTPClient, ...).
	SDKOptions []option.RequestOption
}

// sdkClient implements Client over the SDK's Beta.Environments service.
type sdkClient struct {
	envs anthropic.BetaEnvironmentService
	// rateBudget bounds the waiting for Retry-After on one call once the
	// SDK's retries are spent (the retry-after cap).
	rateBudget time.Duration
	pacer      *Pacer
	onList     func(ListProgress)
	origin     *orgCapture
}

// ListProgress is how far a List has come.
type ListProgress struct {
	Pages, Environments int
	Done                bool
}

// orgCapture keeps the origin a client talks to and the organization id
// the API last reported in the anthropic-organization-id header.
type orgCapture struct {
	mu     sync.Mutex
	origin origin.Origin
}

// middleware records the organization header of every answer.
func (o *orgCapture) middleware(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	res, err := next(req)
	if res != nil {
		if id := res.Header.Get(origin.OrganizationHeader); id != "" && len(id) <= 128 && plainID(id) {
			o.mu.Lock()
			o.origin.OrganizationID = id
			o.mu.Unlock()
		}
	}
	return res, err
}

// plainID reports whether an id from an API answer holds only letters,
// digits, '-' and '_' (anything else is not recorded).
func plainID(s string) bool {
	for _, r := range s {
		if !(r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return false
		}
	}
	return true
}

// Origin returns where the client talks to, with the organization the API
// reported so far (empty before the first answer, or when it reports none).
func (c *sdkClient) Origin() origin.Origin {
	c.origin.mu.Lock()
	defer c.origin.mu.Unlock()
	return c.origin.origin
}

// OriginOf returns c's origin, or the zero Origin for a client that does
// not know it (a test double).
func OriginOf(c Client) origin.Origin {
	if o, ok := c.(interface{ Origin() origin.Origin }); ok {
		return o.Origin()
	}
	return origin.Origin{}
}

// New returns a Client. It does not contact the API; a missing credential
// surfaces on the first call.
func New(opts Options) (Client, error) {
	switch {
	case opts.RetryAfterCap == 0:
		opts.RetryAfterCap = DefaultRetryAfterCap
	case opts.RetryAfterCap < 0:
		opts.RetryAfterCap = 0
	}
	if opts.AttemptTimeout <= 0 {
		opts.AttemptTimeout = DefaultAttemptTimeout
	}
	retries := opts.MaxRetries
	switch {
	case retries == 0:
		retries = DefaultMaxRetries
	case retries < 0:
		retries = 0
	}
	version := opts.UserAgentVersion
	if version == "" {
		version = "dev"
	}
	limits := DocumentedRateLimits
	if opts.RateLimits != nil {
		limits = *opts.RateLimits
	}
	pacer := NewPacer(limits, nil)
	pacer.holdCap = opts.RetryAfterCap
	var o []option.RequestOption
	if opts.APIKey != "" {
		o = append(o, option.WithAPIKey(opts.APIKey))
	}
	if opts.BaseURL != "" {
		o = append(o, option.WithBaseURL(opts.BaseURL))
	}
	o = append(o,
		option.WithHeader("User-Agent", "terrarium/"+version),
		option.WithMaxRetries(retries),
		option.WithRequestTimeout(opts.AttemptTimeout),
		option.WithMiddleware(requireCredential, capRetryAfter(opts.RetryAfterCap), pacer.observe, limitBody(MaxResponseBytes)),
	)
	org := &orgCapture{origin: opts.Origin}
	org.origin.WorkspaceID = opts.WorkspaceID
	if org.origin.APIURL == "" {
		org.origin.APIURL = opts.BaseURL
	}
	org.origin.APIURL = origin.NormalizeURL(org.origin.APIURL)
	o = append(o, option.WithMiddleware(org.middleware))
	if opts.WorkspaceID != "" {
		o = append(o, option.WithHeader("anthropic-workspace-id", opts.WorkspaceID))
	}
	if opts.DebugLog != nil {
		o = append(o, option.WithMiddleware(debugLog(opts.DebugLog, opts.DebugHide)))
	}
	o = append(o, option.WithHTTPClient(&http.Client{Transport: transport()}))
	o = append(o, opts.SDKOptions...)
	c := anthropic.NewClient(o...)
	return &sdkClient{envs: c.Beta.Environments, rateBudget: opts.RetryAfterCap, pacer: pacer, onList: opts.OnList, origin: org}, nil
}

// MaxIdleConnsPerHost is how many idle connections to the API the client
// keeps for reuse: enough for any --parallelism a run is likely to use, so
// that parallel calls reuse their connections instead of dialing (and, for
// https, handshaking) again for most calls, as net/http's default of 2
// makes them do.
const MaxIdleConnsPerHost = 64

// transport is the SDK's default transport (a clone of
// http.DefaultTransport with its response-header timeout) keeping
// MaxIdleConnsPerHost idle connections.
func transport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = 10 * time.Minute // the SDK's own default
	t.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	return t
}

// PaceStatus reports the pacing of class cl (see Paced).
func (c *sdkClient) PaceStatus(cl Class) PaceStatus { return c.pacer.Status(cl) }

// paced runs call once the pacer gives class cl a slot. The wait happens
// before the SDK's per-attempt timeout starts, so a long queue never times
// out a request that was not sent.
func paced[T any](ctx context.Context, p *Pacer, cl Class, call func() (T, error)) func() (T, error) {
	return func() (T, error) {
		if err := p.Wait(ctx, cl); err != nil {
			var zero T
			return zero, err
		}
		return call()
	}
}

// List returns every environment, walking all cursor pages.
func (c *sdkClient) List(ctx context.Context, opts ListOptions) ([]schema.LiveEnv, error) {
	params := anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](PageSize)}
	if opts.IncludeArchived {
		params.IncludeArchived = param.NewOpt(true)
	}
	var out []schema.LiveEnv
	seen := map[string]bool{}   // page cursors
	listed := map[string]bool{} // environment ids
	empty := 0                  // pages in a row with no environments
	report := func(pages int, done bool) {
		if c.onList != nil {
			c.onList(ListProgress{Pages: pages, Environments: len(out), Done: done})
		}
	}
	report(0, false)
	defer func() { report(len(seen)+1, true) }()
	for {
		var t tracker
		var body []byte
		_, err := retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassRead, func() (*pagination.PageCursor[anthropic.BetaEnvironment], error) {
			t, body = tracker{}, nil
			// The body as it came, decoded once below (see listpage.go).
			return c.envs.List(ctx, params, t.option(), option.WithResponseBodyInto(&body))
		}))
		if err != nil {
			return nil, wrapError("list", "", false, &t, err)
		}
		page, err := decodePage(body)
		if err != nil {
			return nil, wrapError("list", "", false, &t, err)
		}
		if out == nil {
			out = make([]schema.LiveEnv, 0, len(page.Data))
		}
		for i := range page.Data {
			l, err := page.Data[i].live()
			if err != nil {
				return nil, wrapError("list", "", false, &t, err)
			}
			if listed[l.ID] {
				return nil, fmt.Errorf("list: the API listed environment %s twice; stopping rather than trusting a malformed answer", l.ID)
			}
			listed[l.ID] = true
			out = append(out, l)
		}
		report(len(seen)+1, false)
		next := ""
		if page.NextPage != nil {
			next = *page.NextPage
		}
		if next == "" {
			return out, nil
		}
		// A page with no environments but a next cursor is followed, not
		// taken as the end (the SDK's pager stops there): a server that
		// filters after paging (archived environments) can answer so, and
		// stopping would hide the environments after it, which a plan
		// would then create again or fail to destroy. A run of such pages
		// is bounded, since it grows nothing MaxListed counts.
		if len(page.Data) == 0 {
			if empty++; empty > MaxEmptyPages {
				return nil, fmt.Errorf("list: the API returned %d pages in a row with no environments but a next page; stopping rather than paging forever", empty)
			}
		} else {
			empty = 0
		}
		if len(page.Data) > PageSize {
			return nil, fmt.Errorf("list: the API returned %d environments on a page of at most %d; stopping rather than trusting the answer", len(page.Data), PageSize)
		}
		if len(out) > MaxListed {
			return nil, fmt.Errorf("list: the API listed more than %d environments; stopping rather than exhausting memory (is the endpoint an Anthropic API?)", MaxListed)
		}
		if seen[next] {
			return nil, fmt.Errorf("list: the API returned the page cursor %q twice; stopping rather than looping", next)
		}
		seen[next] = true
		params.Page = param.NewOpt(next)
	}
}

// MaxResponseBytes bounds the body of one API answer, in bytes (64 MiB):
// a page of 1000 environments at the documented limits of each field is a
// few MiB, so a larger answer is not the environments API's.
const MaxResponseBytes = 64 << 20

// MaxEmptyPages bounds how many pages in a row may hold no environment
// but name a next page (100) before a list is refused.
const MaxEmptyPages = 100

// MaxListed bounds how many environments one list may return (one
// million): past it, a hostile or broken endpoint that keeps handing out
// new page cursors is stopped before it exhausts memory.
const MaxListed = 1_000_000

// limitBody fails the read of an answer longer than max bytes.
func limitBody(max int64) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		res, err := next(req)
		if err == nil && res != nil && res.Body != nil {
			res.Body = &boundedBody{rc: res.Body, left: max, max: max}
		}
		return res, err
	}
}

// boundedBody is a response body that fails once more than max bytes
// have been read.
type boundedBody struct {
	rc        io.ReadCloser
	left, max int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells an answer of exactly max bytes from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("the API's answer is longer than %d bytes; refusing to read it", b.max)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *boundedBody) Close() error { return b.rc.Close() }

// Get returns one environment.
func (c *sdkClient) Get(ctx context.Context, id string) (schema.LiveEnv, error) {
	var t tracker
	e, err := retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassRead, func() (*anthropic.BetaEnvironment, error) {
		t = tracker{}
		return c.envs.Get(ctx, id, anthropic.BetaEnvironmentGetParams{}, t.option())
	}))
	return outcome("get", id, false, &t, err, func() (schema.LiveEnv, error) { return sameID(id)(fromSDK(e)) })
}

// Create creates an environment from spec.
func (c *sdkClient) Create(ctx context.Context, spec schema.EnvSpec) (schema.LiveEnv, error) {
	body, err := createBody(spec)
	if err != nil {
		return schema.LiveEnv{}, err
	}
	var t tracker
	var answer []byte
	_, err = retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassWrite, func() (*anthropic.BetaEnvironment, error) {
		answer = nil
		return c.envs.New(ctx, anthropic.BetaEnvironmentNewParams{}, t.option(), option.WithRequestBody("application/json", body), option.WithResponseBodyInto(&answer))
	}))
	return decoded("create", spec.Name, "", &t, answer, err)
}

// Update sends every field of u explicitly.
func (c *sdkClient) Update(ctx context.Context, id string, u Update) (schema.LiveEnv, error) {
	body, err := updateBody(u)
	if err != nil {
		return schema.LiveEnv{}, err
	}
	var t tracker
	var answer []byte
	_, err = retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassWrite, func() (*anthropic.BetaEnvironment, error) {
		answer = nil
		return c.envs.Update(ctx, id, anthropic.BetaEnvironmentUpdateParams{}, t.option(), option.WithRequestBody("application/json", body), option.WithResponseBodyInto(&answer))
	}))
	return decoded("update", envLabel(u.Spec.Name, id), id, &t, answer, err)
}

// Archive archives an environment.
func (c *sdkClient) Archive(ctx context.Context, id string) (schema.LiveEnv, error) {
	var t tracker
	var answer []byte
	_, err := retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassWrite, func() (*anthropic.BetaEnvironment, error) {
		answer = nil
		return c.envs.Archive(ctx, id, anthropic.BetaEnvironmentArchiveParams{}, t.option(), option.WithResponseBodyInto(&answer))
	}))
	return decoded("archive", id, id, &t, answer, err)
}

// Delete deletes an environment. The API answers with the SDK's
// {"id":...,"type":"environment_deleted"} or, as one of Anthropic's
// references says, 204 with no body; both are success. When a retried
// delete hears not found, an earlier attempt whose answer was lost did the
// delete: the environment is gone, which is what was asked.
func (c *sdkClient) Delete(ctx context.Context, id string) error {
	var t tracker
	res, err := retryRateLimited(ctx, c.rateBudget, paced(ctx, c.pacer, ClassWrite, func() (*anthropic.BetaEnvironmentDeleteResponse, error) {
		return c.envs.Delete(ctx, id, anthropic.BetaEnvironmentDeleteParams{}, t.option(), option.WithMiddleware(deletedBody(id)))
	}))
	if err == nil {
		if res != nil && res.ID != "" && res.ID != id {
			// The answer names another environment: whether this one is
			// gone is not known.
			return &AmbiguousError{Op: "delete", Env: id, Err: checkAnswerID(id, res.ID)}
		}
		return nil
	}
	werr := wrapError("delete", id, true, &t, err)
	if t.attempts > 1 && IsNotFound(werr) {
		return nil
	}
	return werr
}

// deletedBody gives a successful delete answered with no body (204) the
// body the SDK decodes, so that it is not mistaken for a lost answer.
func deletedBody(id string) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		res, err := next(req)
		if err != nil || res == nil || res.StatusCode < 200 || res.StatusCode > 299 {
			return res, err
		}
		if res.StatusCode != http.StatusNoContent && res.ContentLength != 0 {
			return res, nil
		}
		body, _ := json.Marshal(map[string]string{"id": id, "type": "environment_deleted"})
		res.Body.Close()
		res.StatusCode, res.Status = http.StatusOK, "200 OK"
		res.Header.Set("Content-Type", "application/json")
		res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		return res, nil
	}
}

// outcome is the environment a call's answer holds (decode), or the
// call's error as wrapError maps it. A mutation answered with success
// whose body cannot be read, or cannot be the API's, is an
// *AmbiguousError: the success says the change may well be stored, so it
// must be recovered as a lost answer is, never taken as "not applied"
// (the next plan would find terrarium's own create as someone else's).
func outcome(op, env string, mutation bool, t *tracker, err error, decode func() (schema.LiveEnv, error)) (schema.LiveEnv, error) {
	if err != nil {
		return schema.LiveEnv{}, wrapError(op, env, mutation, t, err)
	}
	l, err := decode()
	if err == nil {
		return l, nil
	}
	if mutation {
		var m *MalformedAnswerError
		if !errors.As(err, &m) {
			err = &MalformedAnswerError{escape.Line(err.Error())}
		}
		return schema.LiveEnv{}, &AmbiguousError{Op: op, Env: env, Err: err}
	}
	return l, wrapError(op, env, false, t, err)
}

// decoded is the environment a mutation's answer holds, decoded once from
// the body as it came (see listpage.go): letting the SDK decode it costs
// two passes and a conversion, on every call's path to the next one. An
// answer about another environment than id (when not "") is refused.
func decoded(op, env, id string, t *tracker, body []byte, err error) (schema.LiveEnv, error) {
	return outcome(op, env, true, t, err, func() (schema.LiveEnv, error) { return sameID(id)(decodeAnswer(body)) })
}

// sameID passes on a decoded answer, or refuses one about another
// environment than id (when id is not "").
func sameID(id string) func(schema.LiveEnv, error) (schema.LiveEnv, error) {
	return func(l schema.LiveEnv, err error) (schema.LiveEnv, error) {
		if err == nil {
			err = checkAnswerID(id, l.ID)
		}
		if err != nil {
			return schema.LiveEnv{}, err
		}
		return l, nil
	}
}

func envLabel(name, id string) string {
	if name == "" {
		return id
	}
	return name + " (" + id + ")"
}

// tracker counts the attempts of one call that reached the transport, so
// that an error can tell "never sent" from "sent, answer lost", and a 4xx
// to the only attempt from one after earlier attempts. A mutation's count
// runs across its rate-limit rounds.
type tracker struct {
	attempts int
}

func (t *tracker) option() option.RequestOption {
	return option.WithMiddleware(func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		t.attempts++
		return next(req)
	})
}
