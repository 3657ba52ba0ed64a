package generate_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/generate"
	"terrarium/internal/golden"
	"terrarium/internal/plan"
	"terrarium/schema"
)

const key = "sk-ant-generate-test"

// world is an emulator filled through the official SDK with environments
// whose names and configs stress the generator.
func world(t *testing.T) (api.Client, []schema.LiveEnv) {
	t.Helper()
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	emu, err := emulator.New(emulator.Options{APIKey: key, Seed: 7, AllowAccountScope: true, Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	sdk := anthropic.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(key), option.WithMaxRetries(0))
	ctx := context.Background()
	envs := sdk.Beta.Environments
	mk := func(p anthropic.BetaEnvironmentNewParams) *anthropic.BetaEnvironment {
		t.Helper()
		e, err := envs.New(ctx, p)
		if err != nil {
			t.Fatalf("create %q: %v", p.Name, err)
		}
		return e
	}
	limited := func(hosts []string, mcp, pm bool) anthropic.BetaCloudConfigParamsNetworkingUnion {
		return anthropic.BetaCloudConfigParamsNetworkingUnion{OfLimited: &anthropic.BetaLimitedNetworkParams{
			AllowedHosts: hosts, AllowMCPServers: param.NewOpt(mcp), AllowPackageManagers: param.NewOpt(pm)}}
	}
	cloud := func(c anthropic.BetaCloudConfigParams) anthropic.BetaEnvironmentNewParamsConfigUnion {
		return anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: &c}
	}
	sh := anthropic.NewBetaSelfHostedConfigParams()
	mk(anthropic.BetaEnvironmentNewParams{Name: "Data Science (prod)", Description: param.NewOpt("pandas & friends"),
		Metadata: map[string]string{"team": "data", "cost.center": "42"},
		Config: cloud(anthropic.BetaCloudConfigParams{
			Packages: anthropic.BetaPackagesParams{Apt: []string{"ffmpeg"}, Cargo: []string{"ripgrep@14.0.0"}, Gem: []string{"rails:7.1.0"},
				Go: []string{"golang.org/x/tools/cmd/goimports@latest"}, Npm: []string{"express@4.18.0"}, Pip: []string{"pandas==2.2.0", "numpy==2.1.0"}},
			Networking: limited([]string{"https://pypi.org", "https://api.corp.example"}, true, true)})})
	mk(anthropic.BetaEnvironmentNewParams{Name: "data-science-prod", Config: cloud(anthropic.BetaCloudConfigParams{Networking: limited(nil, false, false)})})
	mk(anthropic.BetaEnvironmentNewParams{Name: "Ünïcödé 環境"})
	mk(anthropic.BetaEnvironmentNewParams{Name: "42.answers"})
	mk(anthropic.BetaEnvironmentNewParams{Name: "runner", Config: anthropic.BetaEnvironmentNewParamsConfigUnion{OfSelfHosted: &sh}})
	mk(anthropic.BetaEnvironmentNewParams{Name: "open", Description: param.NewOpt(""), Scope: anthropic.BetaEnvironmentNewParamsScopeAccount,
		Config: cloud(anthropic.BetaCloudConfigParams{Networking: anthropic.BetaCloudConfigParamsNetworkingUnion{OfUnrestricted: &anthropic.BetaUnrestrictedNetworkParam{}}})})
	old := mk(anthropic.BetaEnvironmentNewParams{Name: "old thing"})
	if _, err := envs.Archive(ctx, old.ID, anthropic.BetaEnvironmentArchiveParams{}); err != nil {
		t.Fatal(err)
	}
	mk(anthropic.BetaEnvironmentNewParams{Name: "theirs", Metadata: map[string]string{schema.MetaStack: "other", schema.MetaAddress: "environment.theirs"}})
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: key, RateLimits: &api.RateLimits{}})
	if err != nil {
		t.Fatal(err)
	}
	live, err := c.List(ctx, api.ListOptions{IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	return c, live
}

// TestRoundTrip generates configuration for every unmanaged environment and
// checks that it is formatted, valid, and that a plan over it adopts each
// environment with no field change.
func TestRoundTrip(t *testing.T) {
	_, live := world(t)
	envs, skips, err := generate.Select(live, generate.Selection{AllUnmanaged: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 1 || skips[0].Name != "old thing" {
		t.Fatalf("skips = %+v, want the archived environment", skips)
	}
	res, gdiags := generate.File(envs, []string{"existing"})
	if gdiags.HasErrors() {
		t.Fatal(gdiags)
	}
	golden.Check(t, "testdata/roundtrip.hcl", res.Src)
	if got := hclwrite.Format(res.Src); string(got) != string(res.Src) {
		t.Errorf("not canonically formatted:\n%s", got)
	}
	cfg, diags := schema.LoadSources([]string{"generated.hcl"}, map[string][]byte{"generated.hcl": res.Src}, ".", schema.LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("generated configuration does not load: %s", diags.Error())
	}
	if len(cfg.Environments) != 6 || len(cfg.Imports) != 6 {
		t.Fatalf("%d environments and %d imports, want 6 each", len(cfg.Environments), len(cfg.Imports))
	}
	p, diags := plan.Compute(plan.Input{Config: cfg, Live: live})
	if diags.HasErrors() {
		t.Fatalf("plan: %s", diags.Error())
	}
	for _, c := range p.Changes {
		if c.Action != plan.ActionAdopt || len(c.Fields) != 0 {
			t.Errorf("%s: %s with fields %+v, want a bare adopt", c.Address, c.Action, c.Fields)
		}
	}
	if len(p.Changes) != 6 {
		t.Errorf("%d changes, want 6 adoptions", len(p.Changes))
	}
}

func TestSelectByID(t *testing.T) {
	_, live := world(t)
	byName := map[string]string{}
	for _, l := range live {
		byName[l.Name] = l.ID
	}
	envs, _, err := generate.Select(live, generate.Selection{IDs: []string{byName["runner"], byName["open"], byName["runner"]}})
	if err != nil || len(envs) != 2 || envs[0].Name != "open" {
		t.Fatalf("Select = %v, %v", envs, err)
	}
	for _, bad := range []string{byName["old thing"], byName["theirs"], "env_nope"} {
		if _, _, err := generate.Select(live, generate.Selection{IDs: []string{bad}}); err == nil {
			t.Errorf("Select(%s): no error", bad)
		}
	}
	envs, skips, _ := generate.Select(live, generate.Selection{IDs: []string{byName["runner"]}, Importing: map[string]bool{byName["runner"]: true}})
	if len(envs) != 0 || len(skips) != 1 {
		t.Errorf("an id an import block adopts: envs %v skips %v", envs, skips)
	}
}

func TestIsGeneratedKnowsTheHeader(t *testing.T) {
	res, diags := generate.File(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if !generate.IsGenerated([]byte(generate.Header)) || !generate.IsGenerated(res.Src) || generate.IsGenerated([]byte("# my notes\n")) {
		t.Error("IsGenerated does not tell a generated file")
	}
}
