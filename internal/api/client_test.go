package api_test

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/schema"
)

const testKey = "sk-ant-test-SECRET-0123456789"

// unpaced turns pacing off: tests that do not test pacing make many calls.
var unpaced = &api.RateLimits{}

// newTestClient returns a client against a fresh emulator.
func newTestClient(t *testing.T, mod func(*api.Options)) (api.Client, *emulator.Emulator) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{APIKey: testKey, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	opts := api.Options{BaseURL: srv.URL, APIKey: testKey, UserAgentVersion: "v9.9.9", AttemptTimeout: 5 * time.Second, RateLimits: unpaced}
	if mod != nil {
		mod(&opts)
	}
	c, err := api.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, emu
}

func str(s string) *string { return &s }

func limitedSpec(name string) schema.EnvSpec {
	return schema.EnvSpec{
		Name:        name,
		Description: str("data team"),
		Metadata:    map[string]string{"team": "data", schema.MetaStack: "s1"},
		Config: schema.EnvConfig{
			Type:     schema.ConfigCloud,
			Packages: &schema.Packages{Pip: []string{"pandas==2.2.0"}},
			Networking: &schema.Networking{
				Type: schema.NetworkingLimited, AllowedHosts: []string{"https://api.example.com"},
				AllowMCPServers: true, AllowPackageManagers: true,
			},
		},
	}
}

func TestCreateGetListRoundTrip(t *testing.T) {
	ctx := context.Background()
	c, _ := newTestClient(t, nil)
	got, err := c.Create(ctx, limitedSpec("analytics"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.ID, "env_") || got.Scope != schema.ScopeOrganization || got.CreatedAt.IsZero() || got.Archived() {
		t.Fatalf("create returned %+v", got)
	}
	if *got.Description != "data team" || got.Metadata["team"] != "data" {
		t.Fatalf("description/metadata: %+v", got)
	}
	n := got.Config.Networking
	if n.Type != "limited" || !n.AllowMCPServers || !n.AllowPackageManagers || n.AllowedHosts[0] != "https://api.example.com" {
		t.Fatalf("networking: %+v", n)
	}
	if p := got.Config.Packages; len(p.Pip) != 1 || p.Apt == nil {
		t.Fatalf("packages: %+v", p)
	}
	same, err := c.Get(ctx, got.ID)
	if err != nil || same.Name != "analytics" || !same.CreatedAt.Equal(got.CreatedAt) {
		t.Fatalf("get: %+v %v", same, err)
	}
	self, err := c.Create(ctx, schema.EnvSpec{Name: "runner", Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}})
	if err != nil || self.Config.Type != schema.ConfigSelfHosted || self.Config.Packages != nil || self.Description != nil {
		t.Fatalf("self-hosted: %+v %v", self, err)
	}
	if _, err := c.Archive(ctx, self.ID); err != nil {
		t.Fatal(err)
	}
	all, err := c.List(ctx, api.ListOptions{})
	if err != nil || len(all) != 1 {
		t.Fatalf("list: %d %v", len(all), err)
	}
	all, err = c.List(ctx, api.ListOptions{IncludeArchived: true})
	if err != nil || len(all) != 2 || !all[1].Archived() {
		t.Fatalf("list archived: %+v %v", all, err)
	}
	if err := c.Delete(ctx, self.ID); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsNameOpEnvCodeAndRequestID(t *testing.T) {
	ctx := context.Background()
	c, _ := newTestClient(t, nil)
	_, err := c.Get(ctx, "env_missing")
	var apiErr *api.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("want *api.Error, got %T %v", err, err)
	}
	if apiErr.Op != "get" || apiErr.Env != "env_missing" || apiErr.Code != api.CodeEnvironmentNotFound || apiErr.StatusCode != 404 || !strings.HasPrefix(apiErr.RequestID, "req_") {
		t.Fatalf("error fields: %+v", apiErr)
	}
	msg := err.Error()
	for _, want := range []string{"get env_missing", "environment_not_found", "request req_", "HTTP 404"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestKeyNeverInLogOrErrors(t *testing.T) {
	ctx := context.Background()
	var log bytes.Buffer
	c, _ := newTestClient(t, func(o *api.Options) { o.DebugLog = &log })
	env, err := c.Create(ctx, limitedSpec("a"))
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, e := range []error{
		func() error { _, err := c.Get(ctx, "env_nope"); return err }(),
		func() error { _, err := c.Create(ctx, limitedSpec("a")); return err }(),
		func() error {
			_, err := c.Update(ctx, env.ID, api.Update{Spec: schema.EnvSpec{Name: "a", Config: schema.EnvConfig{Type: "self_hosted"}}})
			return err
		}(),
	} {
		if e == nil {
			t.Fatal("want an error")
		}
		errs = append(errs, e.Error())
	}
	wrong, _ := newTestClient(t, func(o *api.Options) { o.APIKey = "sk-ant-wrong-KEY-9876543210"; o.DebugLog = &log })
	if _, err := wrong.List(ctx, api.ListOptions{}); err == nil {
		t.Fatal("wrong key accepted")
	} else {
		errs = append(errs, err.Error())
	}
	all := log.String() + strings.Join(errs, "\n")
	for _, secret := range []string{testKey, "sk-ant-wrong-KEY-9876543210", "SECRET", "9876543210"} {
		if strings.Contains(all, secret) {
			t.Fatalf("%q leaked:\n%s", secret, all)
		}
	}
	for _, want := range []string{"--> POST /v1/environments", "<-- POST /v1/environments 200", "[REDACTED]", "request-id=req_", `"name":"a"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("debug log lacks %q:\n%s", want, log.String())
		}
	}
}
