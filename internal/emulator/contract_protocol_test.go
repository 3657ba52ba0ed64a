package emulator_test

// The protocol as the official SDK sees it: required headers, paging,
// merge semantics of updates, Retry-After on 429, and a connection dropped
// after the change was committed.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"terrarium/internal/emulator"
)

func TestContractHeadersRequired(t *testing.T) {
	f := setup(t, emulator.Options{})
	full := map[string]string{"x-api-key": key, "anthropic-version": "2023-06-01", "anthropic-beta": "managed-agents-2026-04-01"}
	for _, tc := range []struct {
		drop, typ string
		status    int
	}{
		{"x-api-key", "authentication_error", 401},
		{"anthropic-version", "invalid_request_error", 400},
		{"anthropic-beta", "invalid_request_error", 400},
		{"", "", 200},
	} {
		req, _ := http.NewRequest("GET", f.url+"/v1/environments", nil)
		for k, v := range full {
			if k != tc.drop {
				req.Header.Set(k, v)
			}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Type  string `json:"type"`
			Error struct {
				Type, Message string
			} `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if res.StatusCode != tc.status || body.Error.Type != tc.typ || res.Header.Get("request-id") == "" {
			t.Errorf("without %s: %d %+v", tc.drop, res.StatusCode, body)
		}
		if tc.status != 200 && body.Type != "error" {
			t.Errorf("without %s: body type %q", tc.drop, body.Type)
		}
	}
}

func TestContractPaging(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	var active, all []string
	for i := range 25 {
		e := f.create(t, fmt.Sprintf("env-%02d", i))
		all = append(all, e.ID)
		if i%3 == 0 {
			if _, err := envs.Archive(f.ctx, e.ID, anthropic.BetaEnvironmentArchiveParams{}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		active = append(active, e.ID)
	}
	for _, tc := range []struct {
		archived bool
		want     []string
	}{{false, active}, {true, all}} {
		f.emu.ClearRequests()
		p := anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](7)}
		if tc.archived {
			p.IncludeArchived = param.NewOpt(true)
		}
		var got []string
		pager := envs.ListAutoPaging(f.ctx, p)
		for pager.Next() {
			got = append(got, pager.Current().ID)
		}
		if err := pager.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("archived=%v: got %d ids, want %d (order must be stable)", tc.archived, len(got), len(tc.want))
		}
		if pages, want := len(f.emu.Requests()), (len(tc.want)+6)/7; pages != want {
			t.Errorf("archived=%v: %d pages, want %d", tc.archived, pages, want)
		}
	}
	// A cursor stays valid when the environment it points after is deleted.
	first, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](2)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := envs.Delete(f.ctx, first.Data[1].ID, anthropic.BetaEnvironmentDeleteParams{}); err != nil {
		t.Fatal(err)
	}
	next, err := first.GetNextPage()
	if err != nil || next.Data[0].ID != active[2] {
		t.Fatalf("after delete: %v %v", err, next)
	}
}

func TestContractMergeSemantics(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	env, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{
		Name: "m", Description: param.NewOpt("first"), Metadata: map[string]string{"a": "1", "b": "2", "c": "3"},
		Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Packages:   anthropic.BetaPackagesParams{Pip: []string{"pandas"}, Npm: []string{"express"}},
			Networking: limited([]string{"https://a.example.com"}, true, true),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	upd := func(p anthropic.BetaEnvironmentUpdateParams, opts ...option.RequestOption) *anthropic.BetaEnvironment {
		t.Helper()
		e, err := envs.Update(f.ctx, env.ID, p, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	// Omitted fields keep their value; metadata merges; "" and null delete a key.
	e := upd(anthropic.BetaEnvironmentUpdateParams{Metadata: map[string]string{"a": "10", "b": "", "d": "4"}}, option.WithJSONSet("metadata.c", nil))
	if e.Description != "first" || e.Name != "m" || !maps(e.Metadata, map[string]string{"a": "10", "d": "4"}) {
		t.Fatalf("metadata merge: %s", e.RawJSON())
	}
	if e.Config.RawJSON() != env.Config.RawJSON() {
		t.Fatalf("config must be kept: %s", e.Config.RawJSON())
	}
	// Explicit false and [] reach the store; omitted package lists are kept.
	e = upd(anthropic.BetaEnvironmentUpdateParams{}, option.WithJSONSet("config", map[string]any{
		"type":       "cloud",
		"packages":   map[string]any{"pip": []string{}},
		"networking": map[string]any{"type": "limited", "allow_mcp_servers": false},
	}))
	cloud := e.Config.AsCloud()
	n := cloud.Networking.AsLimited()
	if len(cloud.Packages.Pip) != 0 || !slices.Equal(cloud.Packages.Npm, []string{"express"}) || n.AllowMCPServers || !n.AllowPackageManagers || len(n.AllowedHosts) != 1 {
		t.Fatalf("explicit false/[]: %s", e.Config.RawJSON())
	}
	// "" stores "", null clears, omitted keeps.
	if e = upd(anthropic.BetaEnvironmentUpdateParams{}, option.WithJSONSet("description", "")); !e.JSON.Description.Valid() || e.Description != "" {
		t.Fatalf(`description "": %s`, e.RawJSON())
	}
	if e = upd(anthropic.BetaEnvironmentUpdateParams{}, option.WithJSONSet("description", nil)); e.JSON.Description.Valid() {
		t.Fatalf("description null: %s", e.RawJSON())
	}
	// Switching to unrestricted drops the limited fields.
	e = upd(anthropic.BetaEnvironmentUpdateParams{}, option.WithJSONSet("config", map[string]any{"type": "cloud", "networking": map[string]any{"type": "unrestricted"}}))
	if e.Config.Networking.RawJSON() != `{"type":"unrestricted"}` {
		t.Fatalf("unrestricted: %s", e.Config.RawJSON())
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestContractRateLimitRetryAfter(t *testing.T) {
	f := setup(t, emulator.Options{}, option.WithMaxRetries(2))
	if err := f.emu.Inject(emulator.Injection{Status: 429, RetryAfter: "0.2", Method: "GET"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := f.sdk.Beta.Environments.List(f.ctx, anthropic.BetaEnvironmentListParams{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("the SDK retried after %s, before the Retry-After of 200ms", d)
	}
	log := f.emu.Requests()
	if len(log) != 2 || log[0].Status != 429 || log[1].Status != 200 {
		t.Fatalf("log: %+v", log)
	}
}

func TestContractDropAfterCommit(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	if err := f.emu.Inject(emulator.Injection{DropAfterCommit: true}); err != nil {
		t.Fatal(err)
	}
	_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "dropped"})
	var apiErr *anthropic.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("want a connection error, got %v", err)
	}
	page, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{})
	if err != nil || len(page.Data) != 1 || page.Data[0].Name != "dropped" {
		t.Fatalf("the change must be stored: %v %s", err, page.RawJSON())
	}
	if log := f.emu.Requests(); !log[0].Dropped || log[0].Status != 0 {
		t.Fatalf("log: %+v", log[0])
	}
}
