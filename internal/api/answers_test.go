package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
)

// A delete answered 204 with no body (one of Anthropic's references) is a
// success, as is the SDK's {"id":...,"type":"environment_deleted"}.
func TestDeleteAcceptsNoContentAndTheSDKBody(t *testing.T) {
	ctx := context.Background()
	for _, noContent := range []bool{false, true} {
		emu, err := emulator.New(emulator.Options{APIKey: testKey, Seed: 1, DeleteNoContent: noContent})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(emu)
		c, _ := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: unpaced})
		env, err := c.Create(ctx, limitedSpec("gone"))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Delete(ctx, env.ID); err != nil {
			t.Fatalf("no content %v: %v", noContent, err)
		}
		log := emu.Requests()
		if want := map[bool]int{false: 200, true: 204}[noContent]; log[len(log)-1].Status != want || emu.Len() != 0 {
			t.Fatalf("no content %v: status %d, %d left", noContent, log[len(log)-1].Status, emu.Len())
		}
		srv.Close()
	}
}

// A 404 with no error code is "not found", like environment_not_found:
// a retried delete that hears it did the delete.
func TestNotFoundWithoutErrorCode(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusInternalServerError) // the first attempt's answer is lost
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"type":"error","error":{"type":"not_found_error","message":"Not found"}}`)
	}))
	defer srv.Close()
	c, _ := api.New(api.Options{BaseURL: srv.URL, APIKey: testKey, RateLimits: unpaced})
	if err := c.Delete(context.Background(), "env_1"); err != nil {
		t.Fatalf("retried delete hearing a bare 404: %v", err)
	}
	_, err := c.Get(context.Background(), "env_1")
	if !api.IsNotFound(err) {
		t.Fatalf("get: %v is not 'not found'", err)
	}
	if api.IsNotFound(&api.Error{StatusCode: 404, Code: "something_else"}) || api.IsNotFound(errors.New("404")) {
		t.Fatal("another 404 code, or a plain error, is not 'not found'")
	}
}

// The API documents 409 for a name in use; the emulator's older 400 with
// "already exists" means the same.
func TestNameTakenIs409OrTheOld400(t *testing.T) {
	c, _ := newTestClient(t, nil)
	ctx := context.Background()
	if _, err := c.Create(ctx, limitedSpec("dup")); err != nil {
		t.Fatal(err)
	}
	_, err := c.Create(ctx, limitedSpec("dup"))
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || !api.IsNameTaken(err) {
		t.Fatalf("duplicate create: %v", err)
	}
	old := &api.Error{StatusCode: 400, Message: `name: an environment named "dup" already exists`}
	if !api.IsNameTaken(old) {
		t.Fatal("the old 400 is not name taken")
	}
	if api.IsNameTaken(&api.Error{StatusCode: 400, Message: "description: too long"}) {
		t.Fatal("another 400 is name taken")
	}
}
