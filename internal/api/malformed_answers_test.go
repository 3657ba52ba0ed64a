package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/schema"
)

// listedEnv is a listed environment with the given id and name.
func listedEnv(id, name string) string {
	if name == "notype" {
		return fmt.Sprintf(`{"id":%q,"type":"environment","name":"web","metadata":{},"config":{},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`, id)
	}
	return fmt.Sprintf(`{"id":%q,"type":"environment","name":%q,"metadata":{"terrarium-stack":"demo"},"scope":"organization","config":{"type":"self_hosted"},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","archived_at":null}`, id, name)
}

func inject(t *testing.T, emu *emulator.Emulator, method, path, body string) {
	t.Helper()
	if err := emu.Inject(emulator.Injection{Method: method, Path: path, Body: json.RawMessage(body)}); err != nil {
		t.Fatal(err)
	}
}

// withEnvironment is a client of a new emulator holding one environment.
func withEnvironment(t *testing.T) (api.Client, *emulator.Emulator, schema.LiveEnv) {
	t.Helper()
	c, emu := newTestClient(t, nil)
	env, err := c.Create(context.Background(), limitedSpec("web"))
	if err != nil {
		t.Fatal(err)
	}
	return c, emu, env
}

// A listed environment without an id, with an id that is not one, or
// without a name, is a malformed answer: List refuses it, whatever
// metadata the environment carries.
func TestListRefusesAnEnvironmentWithoutAUsableIDOrName(t *testing.T) {
	for _, tc := range []struct{ id, name, want string }{
		{"", "web", "the API returned an environment without an id"},
		{"env_1/../x", "web", `id "env_1/../x" is not an environment id`},
		{"env_1\n::set-output", "web", `id "env_1\n::set-output" is not an environment id`},
		{strings.Repeat("a", 200), "web", `is not an environment id (at most 128`},
		{"env_1", "", "environment env_1 without a name"},
		{"env_1", "notype", "environment env_1 without a config type"},
	} {
		c, emu := newTestClient(t, nil)
		inject(t, emu, "GET", "/v1/environments", `{"data":[`+listedEnv(tc.id, tc.name)+`],"next_page":null}`)
		_, err := c.List(context.Background(), api.ListOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("id %q name %q: error %v, want %q", tc.id, tc.name, err, tc.want)
		}
	}
}

// The same id twice, on one page or across pages, is its own error.
func TestListRefusesAnIDListedTwice(t *testing.T) {
	for _, pages := range [][]string{
		{`{"data":[` + listedEnv("env_1", "a") + `,` + listedEnv("env_1", "b") + `],"next_page":null}`},
		{`{"data":[` + listedEnv("env_1", "a") + `],"next_page":"p2"}`, `{"data":[` + listedEnv("env_1", "b") + `],"next_page":null}`},
	} {
		c, emu := newTestClient(t, nil)
		for _, p := range pages {
			inject(t, emu, "GET", "/v1/environments", p)
		}
		_, err := c.List(context.Background(), api.ListOptions{})
		if err == nil || !strings.Contains(err.Error(), "the API listed environment env_1 twice") {
			t.Errorf("%d pages: %v", len(pages), err)
		}
	}
}

// A page with no environments but a next cursor does not end the list:
// the environments after it are listed; an endless run of them is refused.
func TestListFollowsAnEmptyPageWithACursor(t *testing.T) {
	c, emu := newTestClient(t, nil)
	inject(t, emu, "GET", "/v1/environments", `{"data":[],"next_page":"p2"}`)
	inject(t, emu, "GET", "/v1/environments", `{"data":[`+listedEnv("env_2", "after")+`],"next_page":null}`)
	got, err := c.List(context.Background(), api.ListOptions{})
	if err != nil || len(got) != 1 || got[0].ID != "env_2" {
		t.Fatalf("list after an empty page: %v, %v", got, err)
	}

	c, emu = newTestClient(t, nil)
	for i := range api.MaxEmptyPages + 1 {
		inject(t, emu, "GET", "/v1/environments", fmt.Sprintf(`{"data":[],"next_page":"p%d"}`, i))
	}
	_, err = c.List(context.Background(), api.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "101 pages in a row with no environments") {
		t.Fatalf("endless empty pages: %v", err)
	}
}

// Retrieve, update and archive refuse an answer about another environment
// or without an id; create refuses one without an id; a delete answered
// about another environment leaves its outcome unknown.
func TestAnswersAboutAnotherEnvironmentAreRefused(t *testing.T) {
	ctx := context.Background()
	c, emu, env := withEnvironment(t)
	inject(t, emu, "GET", "/v1/environments/", listedEnv("env_other", "web"))
	if _, err := c.Get(ctx, env.ID); err == nil || !strings.Contains(err.Error(), "answered a call about environment "+env.ID+" with environment env_other") {
		t.Errorf("get: %v", err)
	}
	inject(t, emu, "POST", "/v1/environments/", listedEnv("env_other", "web"))
	if _, err := c.Update(ctx, env.ID, api.Update{Spec: limitedSpec("web")}); err == nil || !strings.Contains(err.Error(), "with environment env_other") {
		t.Errorf("update: %v", err)
	}
	inject(t, emu, "POST", "/v1/environments/", listedEnv("env_other", "web"))
	if _, err := c.Archive(ctx, env.ID); err == nil || !strings.Contains(err.Error(), "with environment env_other") {
		t.Errorf("archive: %v", err)
	}
	inject(t, emu, "DELETE", "/v1/environments/", `{"id":"env_other","type":"environment_deleted"}`)
	if err := c.Delete(ctx, env.ID); !api.IsAmbiguous(err) || !strings.Contains(err.Error(), "with environment env_other") {
		t.Errorf("delete: %v", err)
	}
	inject(t, emu, "POST", "/v1/environments", listedEnv("", "new"))
	if _, err := c.Create(ctx, limitedSpec("new")); !api.IsAmbiguous(err) || !strings.Contains(err.Error(), "without an id") {
		t.Errorf("create: %v", err)
	}
	inject(t, emu, "GET", "/v1/environments/", listedEnv("", "web"))
	if _, err := c.Get(ctx, env.ID); err == nil || !strings.Contains(err.Error(), "without an id") {
		t.Errorf("get without id: %v", err)
	}
}

// An ambiguous delete answered about another environment says so, not
// that no answer came.
func TestDeleteAnsweredAboutAnotherEnvironmentSaysSo(t *testing.T) {
	c, emu, env := withEnvironment(t)
	inject(t, emu, "DELETE", "/v1/environments/", `{"id":"env_other","type":"environment_deleted"}`)
	err := c.Delete(context.Background(), env.ID)
	want := "delete " + env.ID + ": the API answered a call about environment " + env.ID + " with environment env_other; stopping rather than trusting a malformed answer; the change may or may not have been applied"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// A mutation answered with success whose body cannot be read or cannot be
// the API's leaves its outcome unknown: the success says the change may
// be stored, so apply must recover it as a lost answer, not record it as
// not applied (the next plan would take terrarium's own create for
// someone else's environment).
func TestMalformedSuccessOfAMutationIsAmbiguous(t *testing.T) {
	ctx := context.Background()
	c, emu, env := withEnvironment(t)
	for _, body := range []string{listedEnv("", "new"), `{"id":"env_1","name":`, `[]`, listedEnv("env bad", "new")} {
		inject(t, emu, "POST", "/v1/environments", body)
		_, err := c.Create(ctx, limitedSpec("new"))
		if !api.IsAmbiguous(err) || !strings.Contains(err.Error(), "may or may not have been applied") || strings.Contains(err.Error(), "\n") {
			t.Errorf("create answered %s: %v", body, err)
		}
	}
	inject(t, emu, "POST", "/v1/environments/", `not json`)
	if _, err := c.Update(ctx, env.ID, api.Update{Spec: limitedSpec("web")}); !api.IsAmbiguous(err) || !strings.Contains(err.Error(), "not a valid environment") {
		t.Errorf("update: %v", err)
	}
	inject(t, emu, "POST", "/v1/environments/", listedEnv("env_other", "web"))
	if _, err := c.Archive(ctx, env.ID); !api.IsAmbiguous(err) {
		t.Errorf("archive: %v", err)
	}
	inject(t, emu, "GET", "/v1/environments/", `not json`)
	if _, err := c.Get(ctx, env.ID); err == nil || api.IsAmbiguous(err) {
		t.Errorf("get: %v", err)
	}
}
