package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"terrarium/internal/emulator"
)

// The documented limits (API.md, "Limits the documentation states") are
// refused with the API's error shape, at one character past the limit and
// not at the limit; characters, not bytes, are counted.
func TestContractDocumentedLengthLimits(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	if _, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: strings.Repeat("é", 256), Description: param.NewOpt(strings.Repeat("é", 1024))}); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: strings.Repeat("n", 257)})
	wantCode(t, err, 400, "invalid_request_error", "")
	_, err = envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "d", Description: param.NewOpt(strings.Repeat("d", 1025))})
	wantCode(t, err, 400, "invalid_request_error", "")

	env := f.create(t, "short")
	_, err = envs.Update(f.ctx, env.ID, anthropic.BetaEnvironmentUpdateParams{Name: param.NewOpt(strings.Repeat("n", 300))})
	wantCode(t, err, 400, "invalid_request_error", "")
	_, err = envs.Update(f.ctx, env.ID, anthropic.BetaEnvironmentUpdateParams{Description: param.NewOpt(strings.Repeat("d", 2000))})
	wantCode(t, err, 400, "invalid_request_error", "")
	if got, _ := envs.Get(f.ctx, env.ID, anthropic.BetaEnvironmentGetParams{}); got.Name != "short" || got.Description != "" {
		t.Fatalf("a refused update changed the environment: %+v", got)
	}
}

func TestContractMetadataLimitsAreAnOption(t *testing.T) {
	meta := func(n, keyLen, valLen int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("%0*d", keyLen, i)] = strings.Repeat("v", valLen)
		}
		return m
	}
	off := setup(t, emulator.Options{})
	if _, err := off.sdk.Beta.Environments.New(off.ctx, anthropic.BetaEnvironmentNewParams{Name: "many", Metadata: meta(17, 65, 513)}); err != nil {
		t.Fatalf("limits are off by default: %v", err)
	}
	on := setup(t, emulator.Options{MetadataLimits: true})
	envs := on.sdk.Beta.Environments
	if _, err := envs.New(on.ctx, anthropic.BetaEnvironmentNewParams{Name: "at", Metadata: meta(16, 64, 512)}); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	for name, m := range map[string]map[string]string{"pairs": meta(17, 4, 1), "key": meta(1, 65, 1), "value": meta(1, 4, 513)} {
		_, err := envs.New(on.ctx, anthropic.BetaEnvironmentNewParams{Name: name, Metadata: m})
		wantCode(t, err, 400, "invalid_request_error", "invalid_metadata")
	}
	// An update that merges one key too many is refused too.
	env, err := envs.New(on.ctx, anthropic.BetaEnvironmentNewParams{Name: "grow", Metadata: meta(16, 4, 1)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = envs.Update(on.ctx, env.ID, anthropic.BetaEnvironmentUpdateParams{Metadata: map[string]string{"extra": "x"}})
	wantCode(t, err, 400, "invalid_request_error", "invalid_metadata")
}

// With DeleteNoContent the emulator answers a delete as one of Anthropic's
// references describes: 204 and no body. The SDK v2.15.0 cannot decode that
// answer (it expects {"id":...,"type":"environment_deleted"}), which is why
// terrarium's client accepts both.
func TestContractDeleteNoContent(t *testing.T) {
	f := setup(t, emulator.Options{DeleteNoContent: true})
	env := f.create(t, "gone")
	var res *http.Response
	_, err := f.sdk.Beta.Environments.Delete(f.ctx, env.ID, anthropic.BetaEnvironmentDeleteParams{}, option.WithResponseInto(&res))
	if res == nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("want 204, got %v (%v)", res, err)
	}
	if err == nil {
		t.Log("the SDK now accepts a 204 delete")
	}
	if f.emu.Len() != 0 {
		t.Fatal("not deleted")
	}
	def := setup(t, emulator.Options{})
	env = def.create(t, "gone")
	got, err := def.sdk.Beta.Environments.Delete(def.ctx, env.ID, anthropic.BetaEnvironmentDeleteParams{})
	if err != nil || got.ID != env.ID || got.Type != "environment_deleted" {
		t.Fatalf("default delete answer: %+v %v", got, err)
	}
}

// Both host forms are accepted by default; --host-form models an API that
// enforces one. http:// is refused under every form.
func TestContractHostForms(t *testing.T) {
	create := func(f *fixture, name string, hosts ...string) error {
		_, err := f.sdk.Beta.Environments.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: name, Config: anthropic.BetaEnvironmentNewParamsConfigUnion{
			OfCloud: &anthropic.BetaCloudConfigParams{Networking: limited(hosts, false, false)}}})
		return err
	}
	for form, want := range map[string][2]bool{ // accepts bare, accepts https://
		"":                     {true, true},
		emulator.HostFormAny:   {true, true},
		emulator.HostFormHTTPS: {false, true},
		emulator.HostFormBare:  {true, false},
	} {
		f := setup(t, emulator.Options{HostForm: form})
		for i, host := range []string{"api.example.com", "https://api.example.com"} {
			err := create(f, fmt.Sprint("e", i), host)
			if want[i] && err != nil {
				t.Errorf("form %q refused %s: %v", form, host, err)
			}
			if !want[i] {
				wantCode(t, err, 400, "invalid_request_error", "")
			}
		}
		wantCode(t, create(f, "plain", "http://api.example.com"), 400, "invalid_request_error", "")
		// The entry is stored as sent, never rewritten.
		page, err := f.sdk.Beta.Environments.List(f.ctx, anthropic.BetaEnvironmentListParams{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Data {
			got := e.Config.Networking.AllowedHosts
			if len(got) != 1 || got[0] != map[string]string{"e0": "api.example.com", "e1": "https://api.example.com"}[e.Name] {
				t.Errorf("form %q stored %v for %s", form, got, e.Name)
			}
		}
	}
	if _, err := emulator.New(emulator.Options{HostForm: "sometimes"}); err == nil || !strings.Contains(err.Error(), "any, https, bare") {
		t.Fatalf("unknown host form: %v", err)
	}
}

// With rate limits the emulator answers 429 rate_limit_error with a whole
// number of seconds in Retry-After once a class's bucket is empty; classes
// are separate, and the bucket refills with time. By default a bucket is
// as deep as the limit: a minute's worth may go at once.
func TestContractRateLimitsEnforced(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	strict := emulator.DocumentedRateLimits
	strict.Burst = 1
	f := setup(t, emulator.Options{RateLimits: strict, Now: func() time.Time { return now }})
	envs := f.sdk.Beta.Environments
	f.create(t, "first")
	var res *http.Response
	_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "second"}, option.WithResponseInto(&res))
	wantCode(t, err, 429, "rate_limit_error", "")
	if res.Header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q, want 1", res.Header.Get("Retry-After"))
	}
	// Updates, archives and deletes are writes too; reads have their own budget.
	_, err = envs.Delete(f.ctx, "env_x", anthropic.BetaEnvironmentDeleteParams{})
	wantCode(t, err, 429, "rate_limit_error", "")
	if _, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{}); err != nil {
		t.Fatalf("reads: %v", err)
	}
	_, err = envs.List(f.ctx, anthropic.BetaEnvironmentListParams{})
	wantCode(t, err, 429, "rate_limit_error", "")
	now = now.Add(time.Second)
	f.create(t, "second")
	if n := f.emu.Len(); n != 2 {
		t.Fatalf("a refused create was stored: %d environments", n)
	}
	def := setup(t, emulator.Options{RateLimits: emulator.DocumentedRateLimits, Now: func() time.Time { return now }})
	for i := range 60 {
		def.create(t, fmt.Sprint("burst-", i))
	}
	_, err = def.sdk.Beta.Environments.New(def.ctx, anthropic.BetaEnvironmentNewParams{Name: "61st"})
	wantCode(t, err, 429, "rate_limit_error", "")
	if err := f.emu.SetRateLimits(emulator.RateLimits{Writes: -1}); err == nil {
		t.Fatal("negative limit accepted")
	}
}
