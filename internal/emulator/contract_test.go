package emulator_test

// Contract tests: the official SDK, pointed at the emulator, exercises every
// endpoint and every documented error. They are the emulator's promise of
// fidelity to the real API (../../shared/docs/API.md).

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"

	"terrarium/internal/emulator"
)

const key = "sk-ant-contract-key"

type fixture struct {
	emu *emulator.Emulator
	url string
	sdk anthropic.Client
	ctx context.Context
}

func setup(t *testing.T, opts emulator.Options, sdkOpts ...option.RequestOption) *fixture {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = key
	}
	opts.Seed = 42
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	o := append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey(key), option.WithMaxRetries(0)}, sdkOpts...)
	return &fixture{emu: emu, url: srv.URL, sdk: anthropic.NewClient(o...), ctx: context.Background()}
}

func (f *fixture) create(t *testing.T, name string) *anthropic.BetaEnvironment {
	t.Helper()
	env, err := f.sdk.Beta.Environments.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: name})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return env
}

// wantCode asserts that err is an API error with status and error code.
func wantCode(t *testing.T, err error, status int, typ, code string) {
	t.Helper()
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("want API error %d %s, got %T %v", status, code, err, err)
	}
	if apiErr.StatusCode != status || string(apiErr.Type()) != typ || string(apiErr.ErrorCode()) != code {
		t.Fatalf("got %d %s %q, want %d %s %q (%s)", apiErr.StatusCode, apiErr.Type(), apiErr.ErrorCode(), status, typ, code, apiErr.Message)
	}
	if !strings.HasPrefix(apiErr.RequestID, "req_") {
		t.Fatalf("no request-id: %q", apiErr.RequestID)
	}
}

func limited(hosts []string, mcp, pm bool) anthropic.BetaCloudConfigParamsNetworkingUnion {
	return anthropic.BetaCloudConfigParamsNetworkingUnion{OfLimited: &anthropic.BetaLimitedNetworkParams{
		AllowedHosts: hosts, AllowMCPServers: param.NewOpt(mcp), AllowPackageManagers: param.NewOpt(pm),
	}}
}

func TestContractEveryEndpoint(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	created, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{
		Name:        "analytics",
		Description: param.NewOpt("data team"),
		Metadata:    map[string]string{"team": "data"},
		Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Packages:   anthropic.BetaPackagesParams{Pip: []string{"pandas==2.2.0"}},
			Networking: limited([]string{"https://api.example.com"}, false, true),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.ID, "env_") || created.Type != "environment" || created.Scope != "organization" {
		t.Fatalf("created: %s", created.RawJSON())
	}
	if created.JSON.ArchivedAt.Valid() || !created.JSON.Description.Valid() {
		t.Fatalf("archived_at must be null and description set: %s", created.RawJSON())
	}
	for _, ts := range []string{created.CreatedAt, created.UpdatedAt} {
		if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
			t.Fatalf("time %q is not RFC 3339", ts)
		}
	}
	cloud := created.Config.AsCloud()
	if cloud.Packages.Pip[0] != "pandas==2.2.0" || cloud.Packages.Apt == nil || !cloud.Packages.JSON.Apt.Valid() {
		t.Fatalf("packages: %s", cloud.Packages.RawJSON())
	}
	net := cloud.Networking.AsLimited()
	if net.AllowedHosts[0] != "https://api.example.com" || net.AllowMCPServers || !net.AllowPackageManagers {
		t.Fatalf("networking: %s", cloud.Networking.RawJSON())
	}

	got, err := envs.Get(f.ctx, created.ID, anthropic.BetaEnvironmentGetParams{})
	if err != nil || got.RawJSON() != created.RawJSON() {
		t.Fatalf("get: %v\n%s\n%s", err, got.RawJSON(), created.RawJSON())
	}
	upd, err := envs.Update(f.ctx, created.ID, anthropic.BetaEnvironmentUpdateParams{Name: param.NewOpt("analytics-2")})
	if err != nil || upd.Name != "analytics-2" || upd.Config.RawJSON() != created.Config.RawJSON() {
		t.Fatalf("update: %v %s", err, upd.RawJSON())
	}
	page, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{})
	if err != nil || len(page.Data) != 1 || page.NextPage != "" {
		t.Fatalf("list: %v %s", err, page.RawJSON())
	}
	arch, err := envs.Archive(f.ctx, created.ID, anthropic.BetaEnvironmentArchiveParams{})
	if err != nil || !arch.JSON.ArchivedAt.Valid() {
		t.Fatalf("archive: %v %s", err, arch.RawJSON())
	}
	del, err := envs.Delete(f.ctx, created.ID, anthropic.BetaEnvironmentDeleteParams{})
	if err != nil || del.ID != created.ID || del.Type != "environment_deleted" {
		t.Fatalf("delete: %v %+v", err, del)
	}
	_, err = envs.Get(f.ctx, created.ID, anthropic.BetaEnvironmentGetParams{})
	wantCode(t, err, 404, "not_found_error", "environment_not_found")
}

func TestContractSelfHosted(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	sh := anthropic.NewBetaSelfHostedConfigParams()
	env, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "runner", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfSelfHosted: &sh}})
	if err != nil || env.Config.Type != "self_hosted" || env.Config.RawJSON() != `{"type":"self_hosted"}` {
		t.Fatalf("self-hosted: %v %s", err, env.RawJSON())
	}
	_, err = envs.Update(f.ctx, env.ID, anthropic.BetaEnvironmentUpdateParams{Config: anthropic.BetaEnvironmentUpdateParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{}}})
	wantCode(t, err, 400, "invalid_request_error", "invalid_config_type_change")
	cloud := f.create(t, "cloudy")
	_, err = envs.Update(f.ctx, cloud.ID, anthropic.BetaEnvironmentUpdateParams{Config: anthropic.BetaEnvironmentUpdateParamsConfigUnion{OfSelfHosted: &sh}})
	wantCode(t, err, 400, "invalid_request_error", "invalid_config_type_change")
	if cloud.Config.Networking.Type != "unrestricted" || cloud.Config.Networking.RawJSON() != `{"type":"unrestricted"}` {
		t.Fatalf("default networking: %s", cloud.Config.RawJSON())
	}
}

func TestContractErrorCodes(t *testing.T) {
	f := setup(t, emulator.Options{})
	envs := f.sdk.Beta.Environments
	env := f.create(t, "one")

	for name, call := range map[string]func() error{
		"get": func() error { _, err := envs.Get(f.ctx, "env_nope", anthropic.BetaEnvironmentGetParams{}); return err },
		"update": func() error {
			_, err := envs.Update(f.ctx, "env_nope", anthropic.BetaEnvironmentUpdateParams{})
			return err
		},
		"archive": func() error {
			_, err := envs.Archive(f.ctx, "env_nope", anthropic.BetaEnvironmentArchiveParams{})
			return err
		},
		"delete": func() error {
			_, err := envs.Delete(f.ctx, "env_nope", anthropic.BetaEnvironmentDeleteParams{})
			return err
		},
	} {
		t.Run("not found "+name, func(t *testing.T) { wantCode(t, call(), 404, "not_found_error", "environment_not_found") })
	}

	bad := map[string]anthropic.BetaEnvironmentNewParams{
		"name required": {},
		"http host": {Name: "h", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Networking: limited([]string{"http://api.example.com"}, false, false)}}},
		"ftp host": {Name: "h", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Networking: limited([]string{"ftp://api.example.com"}, false, false)}}},
		"empty host": {Name: "h", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Networking: limited([]string{"https://"}, false, false)}}},
		"packages without allow_package_managers": {Name: "p", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &anthropic.BetaCloudConfigParams{
			Packages: anthropic.BetaPackagesParams{Npm: []string{"express@4.18.0"}}, Networking: limited(nil, false, false)}}},
		"account scope": {Name: "s", Scope: anthropic.BetaEnvironmentNewParamsScopeAccount},
	}
	for name, p := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := envs.New(f.ctx, p)
			wantCode(t, err, 400, "invalid_request_error", "")
		})
	}
	t.Run("name taken", func(t *testing.T) {
		_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "one"})
		wantCode(t, err, 409, "invalid_request_error", "")
		two := f.create(t, "two")
		_, err = envs.Update(f.ctx, two.ID, anthropic.BetaEnvironmentUpdateParams{Name: param.NewOpt("one")})
		wantCode(t, err, 409, "invalid_request_error", "")
	})
	t.Run("malformed JSON", func(t *testing.T) {
		_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{}, option.WithRequestBody("application/json", []byte(`{"name":`)))
		wantCode(t, err, 400, "invalid_request_error", "")
	})
	t.Run("unknown field", func(t *testing.T) {
		_, err := envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "u"}, option.WithJSONSet("colour", "blue"))
		wantCode(t, err, 400, "invalid_request_error", "")
		_, err = envs.Update(f.ctx, env.ID, anthropic.BetaEnvironmentUpdateParams{}, option.WithJSONSet("config", map[string]any{"type": "cloud", "networking": map[string]any{"type": "unrestricted", "allowed_hosts": []string{}}}))
		wantCode(t, err, 400, "invalid_request_error", "")
	})
	t.Run("limit at and over the documented max", func(t *testing.T) {
		if _, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](1000)}); err != nil {
			t.Fatalf("limit=1000 is documented: %v", err)
		}
		_, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](1001)})
		wantCode(t, err, 400, "invalid_request_error", "")
	})
	t.Run("bad cursor", func(t *testing.T) {
		_, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{Page: param.NewOpt("not-a-cursor")})
		wantCode(t, err, 400, "invalid_request_error", "")
	})
	t.Run("archived update", func(t *testing.T) {
		a := f.create(t, "to-archive")
		if _, err := envs.Archive(f.ctx, a.ID, anthropic.BetaEnvironmentArchiveParams{}); err != nil {
			t.Fatal(err)
		}
		_, err := envs.Update(f.ctx, a.ID, anthropic.BetaEnvironmentUpdateParams{Name: param.NewOpt("x")})
		wantCode(t, err, 400, "invalid_request_error", "environment_archived")
		// An archived environment keeps its name.
		_, err = envs.New(f.ctx, anthropic.BetaEnvironmentNewParams{Name: "to-archive"})
		wantCode(t, err, 409, "invalid_request_error", "")
	})
	t.Run("delete in use", func(t *testing.T) {
		if err := f.emu.SetInUse(env.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err := envs.Delete(f.ctx, env.ID, anthropic.BetaEnvironmentDeleteParams{})
		wantCode(t, err, 400, "invalid_request_error", "")
		_ = f.emu.SetInUse(env.ID, false)
		if _, err := envs.Delete(f.ctx, env.ID, anthropic.BetaEnvironmentDeleteParams{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		_, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{}, option.WithAPIKey("sk-ant-other"))
		wantCode(t, err, 401, "authentication_error", "")
	})
	for _, code := range []struct {
		status     int
		typ, code  string
		injectCode string
	}{
		{429, "rate_limit_error", "", ""}, {529, "overloaded_error", "", ""}, {500, "api_error", "", ""},
		{403, "permission_error", "environment_create_disabled", "environment_create_disabled"},
		{403, "permission_error", "environment_update_disabled", "environment_update_disabled"},
		{400, "invalid_request_error", "organization_on_hold", "organization_on_hold"},
	} {
		t.Run("injected "+code.typ+" "+code.code, func(t *testing.T) {
			if err := f.emu.Inject(emulator.Injection{Status: code.status, Code: code.injectCode, Path: "/v1/environments"}); err != nil {
				t.Fatal(err)
			}
			_, err := envs.List(f.ctx, anthropic.BetaEnvironmentListParams{})
			wantCode(t, err, code.status, code.typ, code.code)
		})
	}
}
