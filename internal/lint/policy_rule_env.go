package lint

import (
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

// envAttrs are the attributes of the environment object a custom rule's
// expressions see, for the check of references at load time.
var envAttrs = []string{"address", "label", "key", "name", "description", "scope", "metadata", "config"}

// envObject is the environment as configured, as the value custom rules
// see:
//
//	address     string   environment.x or environment.x["key"]
//	label       string   the block label
//	key         string   the for_each key; null without for_each
//	name        string
//	description string   null when not set
//	scope       string   null when not set
//	metadata    map(string)
//	config = {
//	  type       string  cloud or self_hosted
//	  packages   object  apt, cargo, gem, go, npm, pip: list(string), [] when absent
//	  networking object  type (null without a networking block), allowed_hosts
//	                     list(string), allow_mcp_servers and allow_package_managers bool
//	}
//
// Every part of it has the same type for every environment, so a rule can
// read any attribute without try(). A value that derives from a sensitive
// variable carries schema.SensitiveMark, which every function and
// template passes on: a message built from it is never shown.
func envObject(env *schema.Environment) cty.Value {
	key := cty.NullVal(cty.String)
	if env.Key != nil {
		key = cty.StringVal(*env.Key)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"address":     cty.StringVal(env.Address),
		"label":       cty.StringVal(env.Label),
		"key":         key,
		"name":        strVal(env.Name),
		"description": optStr(env.Description),
		"scope":       optStr(env.Scope),
		"metadata":    metadataVal(env.Metadata),
		"config":      configVal(env.Config),
	})
}

func strVal(s schema.String) cty.Value {
	v := cty.StringVal(s.Value)
	if s.Sensitive {
		v = v.Mark(schema.SensitiveMark)
	}
	return v
}

func optStr(s *schema.String) cty.Value {
	if s == nil {
		return cty.NullVal(cty.String)
	}
	return strVal(*s)
}

// metadataVal is the metadata map. A key cannot carry a mark, so a
// sensitive key marks the whole map.
func metadataVal(entries []schema.MetadataEntry) cty.Value {
	if len(entries) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	m := make(map[string]cty.Value, len(entries))
	keySensitive := false
	for _, e := range entries {
		m[e.Key.Value] = strVal(e.Value)
		keySensitive = keySensitive || e.Key.Sensitive
	}
	v := cty.MapVal(m)
	if keySensitive {
		v = v.Mark(schema.SensitiveMark)
	}
	return v
}

func listVal(list []schema.String) cty.Value {
	if len(list) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	out := make([]cty.Value, len(list))
	for i, s := range list {
		out[i] = strVal(s)
	}
	return cty.ListVal(out)
}

func configVal(c *schema.EnvConfigBlock) cty.Value {
	typ := cty.NullVal(cty.String)
	pkgs := map[string]cty.Value{}
	for _, m := range schema.PackageManagers {
		pkgs[m] = cty.ListValEmpty(cty.String)
	}
	net := map[string]cty.Value{
		"type":                   cty.NullVal(cty.String),
		"allowed_hosts":          cty.ListValEmpty(cty.String),
		"allow_mcp_servers":      cty.False,
		"allow_package_managers": cty.False,
	}
	if c != nil {
		typ = strVal(c.Type)
		if p := c.Packages; p != nil {
			for _, m := range schema.PackageManagers {
				pkgs[m] = listVal(p.Lists[m])
			}
		}
		if n := c.Networking; n != nil {
			net["type"] = strVal(n.Type)
			net["allowed_hosts"] = listVal(n.AllowedHosts)
			if n.AllowMCPServers != nil {
				net["allow_mcp_servers"] = cty.BoolVal(n.AllowMCPServers.Value)
			}
			if n.AllowPackageManagers != nil {
				net["allow_package_managers"] = cty.BoolVal(n.AllowPackageManagers.Value)
			}
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"type": typ, "packages": cty.ObjectVal(pkgs), "networking": cty.ObjectVal(net),
	})
}

// sensitiveStrings lists the values of env that derive from a sensitive
// variable, so that an error message that quotes one can be cleaned.
func sensitiveStrings(env *schema.Environment) []string {
	var out []string
	add := func(s schema.String) {
		if s.Sensitive && s.Value != "" {
			out = append(out, s.Value)
		}
	}
	add(env.Name)
	for _, s := range []*schema.String{env.Description, env.Scope} {
		if s != nil {
			add(*s)
		}
	}
	for _, m := range env.Metadata {
		add(m.Key)
		add(m.Value)
	}
	if c := env.Config; c != nil {
		if n := c.Networking; n != nil {
			for _, h := range n.AllowedHosts {
				add(h)
			}
		}
		if p := c.Packages; p != nil {
			for _, l := range p.Lists {
				for _, s := range l {
					add(s)
				}
			}
		}
	}
	return out
}
