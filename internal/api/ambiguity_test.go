package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
)

// TestOnlyProofOfNoChangeIsAFailure: a mutation's error is a definite
// failure only when it is a 4xx (other than 408 and 429) to the call's only
// attempt. A 5xx, 529 or 429, or any answer after a retry whose earlier
// attempt may have landed, is ambiguous, whatever the last attempt heard.
func TestOnlyProofOfNoChangeIsAFailure(t *testing.T) {
	ctx := context.Background()
	c, emu := newTestClient(t, func(o *api.Options) { o.RetryAfterCap = -1 })
	env, err := c.Create(ctx, limitedSpec("amb"))
	if err != nil {
		t.Fatal(err)
	}
	update := func(v string) error {
		spec := limitedSpec("amb")
		spec.Metadata["v"] = v
		_, err := c.Update(ctx, env.ID, api.Update{Spec: spec})
		return err
	}

	// Stored, answer lost, retries hear 529: ambiguous, and it landed.
	_ = emu.Inject(emulator.Injection{DropAfterCommit: true, Method: "POST"})
	_ = emu.Inject(emulator.Injection{Status: 529, Method: "POST", Count: 2})
	err = update("2")
	var e *api.Error
	if !api.IsAmbiguous(err) || !errors.As(err, &e) || e.StatusCode != 529 ||
		!strings.Contains(err.Error(), "the API answered Overloaded (HTTP 529") {
		t.Fatalf("drop then 529: %T %v", err, err)
	}
	if got, _ := c.Get(ctx, env.ID); got.Metadata["v"] != "2" {
		t.Fatal("the update did not land, so the test proves nothing")
	}

	// A 500 or a 429 to the only attempt (a Retry-After beyond the cap
	// stops the retries): ambiguous.
	for _, status := range []int{500, 429} {
		_ = emu.Inject(emulator.Injection{Status: status, Method: "POST", RetryAfter: "5"})
		if err := update("3"); !api.IsAmbiguous(err) {
			t.Errorf("%d: %T %v", status, err, err)
		}
	}

	// A 400 to the only attempt proves nothing changed.
	_ = emu.Inject(emulator.Injection{Status: 400, Method: "POST", Code: "invalid"})
	if err := update("4"); api.IsAmbiguous(err) || !errors.As(err, &e) || e.StatusCode != 400 {
		t.Fatalf("400: %T %v", err, err)
	}

	// An archive whose answer is lost lands; an API that answers its retry
	// with environment_archived gives a 4xx that proves nothing: ambiguous.
	_ = emu.Inject(emulator.Injection{DropAfterCommit: true, Method: "POST"})
	_ = emu.Inject(emulator.Injection{Status: 400, Method: "POST", Code: api.CodeEnvironmentArchived})
	_, err = c.Archive(ctx, env.ID)
	if !api.IsAmbiguous(err) {
		t.Fatalf("archive: %T %v", err, err)
	}
	if got, _ := c.Get(ctx, env.ID); !got.Archived() {
		t.Fatal("the archive did not land")
	}
}
