package plantest

import (
	"terrarium/schema"
)

// Str is a schema.String without a range.
func Str(s string) schema.String { return schema.String{Value: s} }

// EnvOpt changes an environment built by Env.
type EnvOpt func(*schema.Environment)

// Env builds a cloud environment block instance named after its label.
func Env(label string, opts ...EnvOpt) *schema.Environment {
	e := &schema.Environment{
		Address: "environment." + label, Label: label, Name: Str(label),
		Config: &schema.EnvConfigBlock{Type: Str(schema.ConfigCloud)},
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Name sets the environment's name.
func Name(n string) EnvOpt { return func(e *schema.Environment) { e.Name = Str(n) } }

// Desc sets the description.
func Desc(d string) EnvOpt {
	return func(e *schema.Environment) { s := Str(d); e.Description = &s }
}

// Meta adds metadata key/value pairs.
func Meta(kv ...string) EnvOpt {
	return func(e *schema.Environment) {
		for i := 0; i < len(kv); i += 2 {
			e.Metadata = append(e.Metadata, schema.MetadataEntry{Key: Str(kv[i]), Value: Str(kv[i+1])})
		}
	}
}

// Limited sets limited networking.
func Limited(mcp, pkg bool, hosts ...string) EnvOpt {
	return func(e *schema.Environment) {
		n := &schema.NetworkingBlock{Type: Str(schema.NetworkingLimited),
			AllowMCPServers: &schema.Bool{Value: mcp}, AllowPackageManagers: &schema.Bool{Value: pkg}}
		for _, h := range hosts {
			n.AllowedHosts = append(n.AllowedHosts, Str(h))
		}
		e.Config.Networking = n
	}
}

// Packages sets one manager's packages.
func Packages(manager string, pkgs ...string) EnvOpt {
	return func(e *schema.Environment) {
		if e.Config.Packages == nil {
			e.Config.Packages = &schema.PackagesBlock{Lists: map[string][]schema.String{}}
		}
		var l []schema.String
		for _, p := range pkgs {
			l = append(l, Str(p))
		}
		e.Config.Packages.Lists[manager] = l
	}
}

// SelfHosted makes the config self_hosted.
func SelfHosted() EnvOpt {
	return func(e *schema.Environment) { e.Config = &schema.EnvConfigBlock{Type: Str(schema.ConfigSelfHosted)} }
}

// Config builds a configuration of stack "platform".
func Config(envs ...*schema.Environment) *schema.Config {
	return &schema.Config{Settings: schema.Settings{Stack: Str("platform")}, Environments: envs}
}
