package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/schema"
)

// capture is a server that records request bodies and answers with a
// fixed environment.
type capture struct {
	mu     sync.Mutex
	bodies []string
	hdrs   []http.Header
}

const envJSON = `{"id":"env_1","type":"environment","name":"n","description":null,"metadata":{},"scope":"organization",
"config":{"type":"cloud","packages":{"type":"packages","apt":[],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[]},"networking":{"type":"unrestricted"}},
"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05.123Z","archived_at":null}`

func (c *capture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	c.bodies = append(c.bodies, string(b))
	c.hdrs = append(c.hdrs, r.Header.Clone())
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, envJSON)
}

// TestUpdateSendsEveryFieldExplicitly proves on the wire that a flag turned
// off is false, an emptied list is [], no description is null and a removed
// metadata key is "".
func TestUpdateSendsEveryFieldExplicitly(t *testing.T) {
	cap := &capture{}
	srv := httptest.NewServer(cap)
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: unpaced, WorkspaceID: "wrkspc_123", UserAgentVersion: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	spec := schema.EnvSpec{
		Name:     "n",
		Metadata: map[string]string{"team": "data"},
		Config: schema.EnvConfig{Type: schema.ConfigCloud, Packages: &schema.Packages{Pip: []string{}},
			Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: nil, AllowMCPServers: false, AllowPackageManagers: false}},
	}
	live, err := c.Update(context.Background(), "env_1", api.Update{Spec: spec, RemoveMetadata: []string{"old"}})
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(cap.bodies[0]), &body); err != nil {
		t.Fatal(err)
	}
	raw := cap.bodies[0]
	for _, want := range []string{
		`"description":null`,
		`"old":""`,
		`"team":"data"`,
		`"allow_mcp_servers":false`,
		`"allow_package_managers":false`,
		`"allowed_hosts":[]`,
		`"pip":[]`, `"apt":[]`, `"cargo":[]`, `"gem":[]`, `"go":[]`, `"npm":[]`,
		`"type":"limited"`,
		`"name":"n"`,
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("update body lacks %s:\n%s", want, raw)
		}
	}
	h := cap.hdrs[0]
	if h.Get("anthropic-workspace-id") != "wrkspc_123" || h.Get("User-Agent") != "terrarium/v1.2.3" || !strings.Contains(h.Get("anthropic-beta"), "managed-agents-2026-04-01") {
		t.Errorf("headers: %v", h)
	}
	if live.Description != nil || live.UpdatedAt.Nanosecond() != 123e6 || live.Config.Networking.Type != "unrestricted" {
		t.Errorf("mapped: %+v", live)
	}

	// No networking block: unrestricted is sent explicitly, so an update
	// moves a limited environment back to the default.
	spec.Config.Networking = nil
	if _, err := c.Update(context.Background(), "env_1", api.Update{Spec: spec}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cap.bodies[1], `"networking":{"type":"unrestricted"}`) {
		t.Errorf("networking default not explicit: %s", cap.bodies[1])
	}
}

func TestUpdateAgainstEmulatorTurnsThingsOff(t *testing.T) {
	ctx := context.Background()
	c, _ := newTestClient(t, nil)
	env, err := c.Create(ctx, limitedSpec("x"))
	if err != nil {
		t.Fatal(err)
	}
	spec := limitedSpec("x")
	spec.Description = nil
	spec.Config.Packages = &schema.Packages{}
	spec.Config.Networking.AllowMCPServers = false
	spec.Config.Networking.AllowedHosts = nil
	delete(spec.Metadata, "team")
	got, err := c.Update(ctx, env.ID, api.Update{Spec: spec, RemoveMetadata: []string{"team"}})
	if err != nil {
		t.Fatal(err)
	}
	n := got.Config.Networking
	if got.Description != nil || len(got.Config.Packages.Pip) != 0 || n.AllowMCPServers || len(n.AllowedHosts) != 0 || got.Metadata["team"] != "" || len(got.Metadata) != 1 {
		t.Fatalf("after update: %+v %+v", got, n)
	}
}

func TestRetryAfterCap(t *testing.T) {
	ctx := context.Background()
	c, emu := newTestClient(t, func(o *api.Options) { o.RetryAfterCap = 2 * time.Second })
	// Within the cap: the SDK waits and retries.
	_ = emu.Inject(emulator.Injection{Status: 429, RetryAfter: "0.05"})
	if _, err := c.List(ctx, api.ListOptions{}); err != nil {
		t.Fatalf("within cap: %v", err)
	}
	// Beyond the cap: fail at once, saying why.
	_ = emu.Inject(emulator.Injection{Status: 429, RetryAfter: "120"})
	start := time.Now()
	_, err := c.List(ctx, api.ListOptions{})
	if time.Since(start) > time.Second {
		t.Fatalf("waited %s", time.Since(start))
	}
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Type != "rate_limit_error" || !strings.Contains(err.Error(), "retry-after cap") || !strings.Contains(err.Error(), "2m0s") {
		t.Fatalf("beyond cap: %v", err)
	}
	if n := len(emu.Requests()); n != 3 {
		t.Fatalf("%d requests, want 3 (429, 200, 429)", n)
	}
}

func TestLostAnswersOfMutations(t *testing.T) {
	ctx := context.Background()
	var log syncBuffer
	c, emu := newTestClient(t, func(o *api.Options) { o.DebugLog = &log })
	// Create is not retried once sent: the outcome is unknown.
	_ = emu.Inject(emulator.Injection{DropAfterCommit: true})
	_, err := c.Create(ctx, limitedSpec("dropped"))
	var amb *api.AmbiguousError
	if !errors.As(err, &amb) || !api.IsAmbiguous(err) || amb.Op != "create" || amb.Env != "dropped" {
		t.Fatalf("create: %T %v", err, err)
	}
	all, _ := c.List(ctx, api.ListOptions{})
	if len(all) != 1 {
		t.Fatalf("the create was stored: %d", len(all))
	}
	// Update is retried by the SDK and lands.
	spec := limitedSpec("dropped")
	spec.Metadata["v"] = "2"
	_ = emu.Inject(emulator.Injection{DropAfterCommit: true})
	if got, err := c.Update(ctx, all[0].ID, api.Update{Spec: spec}); err != nil || got.Metadata["v"] != "2" {
		t.Fatalf("update: %v", err)
	}
	// A retried delete that hears not-found did the delete.
	_ = emu.Inject(emulator.Injection{DropAfterCommit: true})
	if err := c.Delete(ctx, all[0].ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if emu.Len() != 0 {
		t.Fatal("not deleted")
	}
	if n := strings.Count(log.String(), "error after"); n != 3 {
		t.Errorf("debug log shows %d cut connections, want 3:\n%s", n, log.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestAttemptTimeoutOnMutationIsAmbiguous(t *testing.T) {
	c, emu := newTestClient(t, func(o *api.Options) { o.AttemptTimeout = 50 * time.Millisecond; o.MaxRetries = -1 })
	_ = emu.SetFaults(emulator.Faults{Latency: emulator.Duration(300 * time.Millisecond)})
	_, err := c.Create(context.Background(), limitedSpec("slow"))
	if !api.IsAmbiguous(err) || !strings.Contains(err.Error(), "may or may not") {
		t.Fatalf("want ambiguous, got %T %v", err, err)
	}
	_, err = c.Get(context.Background(), "env_x")
	if err == nil || api.IsAmbiguous(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a read is not ambiguous: %T %v", err, err)
	}
}

func TestNoCredential(t *testing.T) {
	for _, k := range []string{"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_PROFILE", "ANTHROPIC_FEDERATION_RULE_ID", "ANTHROPIC_ORGANIZATION_ID", "ANTHROPIC_IDENTITY_TOKEN_FILE", "ANTHROPIC_CONFIG_DIR"} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	c, emu := newTestClient(t, func(o *api.Options) { o.APIKey = "" })
	_, err := c.List(context.Background(), api.ListOptions{})
	if !errors.Is(err, api.ErrNoCredential) {
		t.Fatalf("got %T %v", err, err)
	}
	if len(emu.Requests()) != 0 {
		t.Fatal("a request without a credential was sent")
	}
	// The default chain: ANTHROPIC_API_KEY.
	t.Setenv("ANTHROPIC_API_KEY", testKey)
	c, _ = newTestClient(t, func(o *api.Options) { o.APIKey = "" })
	if _, err := c.List(context.Background(), api.ListOptions{}); err != nil {
		t.Fatalf("env key: %v", err)
	}
}

func TestListWalksEveryPage(t *testing.T) {
	ctx := context.Background()
	c, emu := newTestClient(t, nil)
	for i := range 2300 {
		spec := schema.EnvSpec{Name: "e" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}}
		if _, err := c.Create(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	emu.ClearRequests()
	all, err := c.List(ctx, api.ListOptions{})
	if err != nil || len(all) != 2300 {
		t.Fatalf("%d %v", len(all), err)
	}
	log := emu.Requests()
	if len(log) != 3 || !strings.Contains(log[0].Query, "limit=1000") {
		t.Fatalf("pages: %+v", log)
	}
}

func TestListStopsOnARepeatedCursor(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[`+envJSON+`],"next_page":"same"}`)
	}))
	defer srv.Close()
	c, _ := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: unpaced})
	if _, err := c.List(context.Background(), api.ListOptions{}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("got %v", err)
	}
}

// A storm of 429s longer than the SDK's own retries slows a call down but
// does not fail it while the retry-after cap allows; past the cap it fails.
func TestRateLimitStormSlowsButDoesNotFail(t *testing.T) {
	c, emu := newTestClient(t, func(o *api.Options) { o.RetryAfterCap = 2 * time.Second })
	_ = emu.Inject(emulator.Injection{Status: 429, RetryAfter: "0.02", Method: "POST", Count: 7})
	if _, err := c.Create(context.Background(), limitedSpec("storm")); err != nil {
		t.Fatalf("create through 7 rate limits: %v", err)
	}
	all, err := c.List(context.Background(), api.ListOptions{})
	if err != nil || len(all) != 1 {
		t.Fatalf("list: %d environments, %v (want exactly one: a 429 is never acted on)", len(all), err)
	}

	c, emu = newTestClient(t, func(o *api.Options) { o.RetryAfterCap = 100 * time.Millisecond })
	_ = emu.Inject(emulator.Injection{Status: 429, RetryAfter: "0.05", Count: 50})
	_, err = c.List(context.Background(), api.ListOptions{})
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
		t.Fatalf("a storm longer than the cap must fail with the 429, got %v", err)
	}
}
