package plan

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/state"
	"terrarium/schema"
)

// Test helpers build the positioned config model by hand, so the engine is
// tested without the loader.

func str(s string) schema.String { return schema.String{Value: s} }

type envOpt func(*schema.Environment)

func cfgEnv(label string, opts ...envOpt) *schema.Environment {
	e := &schema.Environment{
		Address: "environment." + label, Label: label, Name: str(label),
		Config: &schema.EnvConfigBlock{Type: str(schema.ConfigCloud)},
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

func withName(n string) envOpt { return func(e *schema.Environment) { e.Name = str(n) } }

func withDesc(d string) envOpt {
	return func(e *schema.Environment) { s := str(d); e.Description = &s }
}

func withMeta(kv ...string) envOpt {
	return func(e *schema.Environment) {
		for i := 0; i < len(kv); i += 2 {
			e.Metadata = append(e.Metadata, schema.MetadataEntry{Key: str(kv[i]), Value: str(kv[i+1])})
		}
	}
}

func withLimited(mcp, pkg bool, hosts ...string) envOpt {
	return func(e *schema.Environment) {
		n := &schema.NetworkingBlock{Type: str(schema.NetworkingLimited)}
		for _, h := range hosts {
			n.AllowedHosts = append(n.AllowedHosts, str(h))
		}
		n.AllowMCPServers = &schema.Bool{Value: mcp}
		n.AllowPackageManagers = &schema.Bool{Value: pkg}
		e.Config.Networking = n
	}
}

func withPip(pkgs ...string) envOpt {
	return func(e *schema.Environment) {
		var l []schema.String
		for _, p := range pkgs {
			l = append(l, str(p))
		}
		e.Config.Packages = &schema.PackagesBlock{Lists: map[string][]schema.String{"pip": l}}
	}
}

func selfHosted() envOpt {
	return func(e *schema.Environment) { e.Config = &schema.EnvConfigBlock{Type: str(schema.ConfigSelfHosted)} }
}

func preventDestroy() envOpt {
	return func(e *schema.Environment) {
		e.Lifecycle.PreventDestroy = true
		e.Lifecycle.Range = hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: 9, Column: 3}}
	}
}

func ignoring(paths ...string) envOpt {
	return func(e *schema.Environment) {
		for _, p := range paths {
			e.Lifecycle.IgnoreChanges = append(e.Lifecycle.IgnoreChanges, str(p))
		}
	}
}

func config(envs ...*schema.Environment) *schema.Config {
	return &schema.Config{Settings: schema.Settings{Stack: str("platform")}, Environments: envs}
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// liveOf is what the API would hold after creating e for stack platform.
func liveOf(id string, e *schema.Environment) schema.LiveEnv {
	spec := *withOwner(e.Spec(), "platform", e.Address, e.Lifecycle.PreventDestroy)
	spec.Scope = schema.ScopeOrganization
	return schema.LiveEnv{ID: id, EnvSpec: spec, CreatedAt: t0, UpdatedAt: t0}
}

func unmanaged(id, name string) schema.LiveEnv {
	e := cfgEnv(name)
	l := liveOf(id, e)
	l.Metadata = map[string]string{"owner": "someone"}
	return l
}

func snapshotOf(lives ...schema.LiveEnv) *state.Snapshot {
	s := &state.Snapshot{Stack: "platform", Lineage: "lin-1", Serial: 3, Resources: map[string]*state.Resource{}}
	for _, l := range lives {
		_, addr := l.Owner()
		s.Resources[addr] = &state.Resource{Address: addr, ID: l.ID, Version: 1, Live: l}
	}
	return s
}

func compute(cfg *schema.Config, live []schema.LiveEnv, snap *state.Snapshot, opts Options) (*Plan, hcl.Diagnostics) {
	return Compute(Input{Config: cfg, Live: live, Snapshot: snap, Options: opts, Now: t0, ID: "plan_test", ToolVersion: "test"})
}
