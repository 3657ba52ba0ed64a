package cli_test

import (
	"context"
	"os"
	"strings"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/param"
	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/emulator"
)

// The adopt scripts' commands join the plan scripts' (planScriptCmds is
// the harness's Cmds map).
func init() {
	planScriptCmds["sdkenv"] = sdkenv
}

// sdkenv makes environments "by hand" with the official SDK against the
// emulator's data file, as a user would before adopting them:
//
//	sdkenv create NAME [FLAG...]   a new environment, its id in $SDKENV_ID; flags:
//	    desc=TEXT  meta=KEY=VALUE  pkg=MANAGER=SPEC  host=URL  mcp  pm
//	    limited  unrestricted  self_hosted  account
//	sdkenv archive NAME
func sdkenv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: sdkenv create|archive NAME [FLAG...]")
	}
	const key = "sdkenv-key"
	ts.Check(os.MkdirAll(ts.MkAbs(".terrarium"), 0o700))
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{DataFile: ts.MkAbs(".terrarium/emulator.json"), APIKey: key, AllowAccountScope: true})
	ts.Check(err)
	defer srv.Close()
	sdk := anthropic.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(key), option.WithMaxRetries(0))
	envs := sdk.Beta.Environments
	ctx := context.Background()
	switch args[0] {
	case "create":
		e, err := envs.New(ctx, sdkParams(ts, args[1], args[2:]))
		ts.Check(err)
		ts.Setenv("SDKENV_ID", e.ID)
	case "archive":
		page, err := envs.List(ctx, anthropic.BetaEnvironmentListParams{Limit: param.NewOpt[int64](100)})
		ts.Check(err)
		for _, e := range page.Data {
			if e.Name == args[1] {
				_, err := envs.Archive(ctx, e.ID, anthropic.BetaEnvironmentArchiveParams{})
				ts.Check(err)
				return
			}
		}
		ts.Fatalf("no environment named %q", args[1])
	default:
		ts.Fatalf("sdkenv: unknown subcommand %q", args[0])
	}
}

func sdkParams(ts *testscript.TestScript, name string, flags []string) anthropic.BetaEnvironmentNewParams {
	p := anthropic.BetaEnvironmentNewParams{Name: name}
	var pkgs anthropic.BetaPackagesParams
	var lim *anthropic.BetaLimitedNetworkParams
	cloud := &anthropic.BetaCloudConfigParams{}
	selfHosted := false
	for _, f := range flags {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "desc":
			p.Description = param.NewOpt(v)
		case "meta":
			mk, mv, _ := strings.Cut(v, "=")
			if p.Metadata == nil {
				p.Metadata = map[string]string{}
			}
			p.Metadata[mk] = mv
		case "pkg":
			m, spec, _ := strings.Cut(v, "=")
			list := map[string]*[]string{"apt": &pkgs.Apt, "cargo": &pkgs.Cargo, "gem": &pkgs.Gem, "go": &pkgs.Go, "npm": &pkgs.Npm, "pip": &pkgs.Pip}[m]
			if list == nil {
				ts.Fatalf("sdkenv: unknown package manager %q", m)
			}
			*list = append(*list, spec)
		case "limited", "host", "mcp", "pm":
			if lim == nil {
				lim = &anthropic.BetaLimitedNetworkParams{AllowedHosts: []string{}}
			}
			switch k {
			case "host":
				lim.AllowedHosts = append(lim.AllowedHosts, v)
			case "mcp":
				lim.AllowMCPServers = param.NewOpt(true)
			case "pm":
				lim.AllowPackageManagers = param.NewOpt(true)
			}
		case "unrestricted":
			cloud.Networking = anthropic.BetaCloudConfigParamsNetworkingUnion{OfUnrestricted: &anthropic.BetaUnrestrictedNetworkParam{}}
		case "self_hosted":
			selfHosted = true
		case "account":
			p.Scope = anthropic.BetaEnvironmentNewParamsScopeAccount
		default:
			ts.Fatalf("sdkenv: unknown flag %q", f)
		}
	}
	if selfHosted {
		sh := anthropic.NewBetaSelfHostedConfigParams()
		p.Config = anthropic.BetaEnvironmentNewParamsConfigUnion{OfSelfHosted: &sh}
		return p
	}
	cloud.Packages = pkgs
	if lim != nil {
		cloud.Networking = anthropic.BetaCloudConfigParamsNetworkingUnion{OfLimited: lim}
	}
	p.Config = anthropic.BetaEnvironmentNewParamsConfigUnion{OfCloud: cloud}
	return p
}
