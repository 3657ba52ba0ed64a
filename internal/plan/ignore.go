package plan

import (
	"maps"
	"slices"
	"strings"

	"terrarium/schema"
)

// applyIgnore returns desired with every ignored attribute taken from live,
// so that the update sends back what is there and the diff shows nothing.
func applyIgnore(desired schema.EnvSpec, live *schema.EnvSpec, ignore []string) schema.EnvSpec {
	if len(ignore) == 0 {
		return desired
	}
	out := CloneSpec(desired)
	for _, p := range ignore {
		ignorePath(&out, live, p)
	}
	return out
}

func ignorePath(out *schema.EnvSpec, live *schema.EnvSpec, p string) {
	cloud := out.Config.Type == schema.ConfigCloud && live.Config.Type == schema.ConfigCloud
	switch {
	case p == "all":
		for _, q := range []string{schema.PathName, schema.PathDescription, schema.PathScope, schema.PathMetadata, schema.PathConfig} {
			ignorePath(out, live, q)
		}
	case p == schema.PathConfig:
		out.Config = CloneSpec(*live).Config
	case p == schema.PathName:
		out.Name = live.Name
	case p == schema.PathDescription:
		out.Description = live.Description
	case p == schema.PathScope:
		out.Scope = live.Scope
	case p == schema.PathMetadata:
		for k := range out.Metadata {
			if !schema.IsReservedMetadataKey(k) {
				delete(out.Metadata, k)
			}
		}
		for k, v := range live.Metadata {
			if !schema.IsReservedMetadataKey(k) {
				out.Metadata[k] = v
			}
		}
	case strings.HasPrefix(p, schema.PrefixMetadata):
		k := strings.TrimPrefix(p, schema.PrefixMetadata)
		if v, ok := live.Metadata[k]; ok {
			out.Metadata[k] = v
		} else {
			delete(out.Metadata, k)
		}
	case !cloud:
		// Package and networking paths mean nothing for a self-hosted side.
	case p == schema.PathPackages:
		for _, m := range schema.PackageManagers {
			out.Config.Packages.Set(m, slices.Clone(live.Config.Packages.Get(m)))
		}
	case strings.HasPrefix(p, schema.PrefixPackages):
		m := strings.TrimPrefix(p, schema.PrefixPackages)
		if slices.Contains(schema.PackageManagers, m) {
			out.Config.Packages.Set(m, slices.Clone(live.Config.Packages.Get(m)))
		}
	case p == schema.PathNetworking || p == schema.PathNetworkingType:
		out.Config.Networking = cloneNet(live.Config.Networking)
	case strings.HasPrefix(p, schema.PrefixNetworking):
		ignoreNetField(out, live, p)
	}
}

func ignoreNetField(out *schema.EnvSpec, live *schema.EnvSpec, p string) {
	o, l := out.Config.Networking, live.Config.Networking
	if o == nil || l == nil || o.Type != schema.NetworkingLimited || l.Type != schema.NetworkingLimited {
		return
	}
	switch p {
	case schema.PathAllowedHosts:
		o.AllowedHosts = slices.Clone(l.AllowedHosts)
	case schema.PathAllowMCPServers:
		o.AllowMCPServers = l.AllowMCPServers
	case schema.PathAllowPackageManagers:
		o.AllowPackageManagers = l.AllowPackageManagers
	}
}

// CloneSpec returns a deep copy of s.
func CloneSpec(s schema.EnvSpec) schema.EnvSpec {
	out := s
	if s.Description != nil {
		d := *s.Description
		out.Description = &d
	}
	out.Metadata = maps.Clone(s.Metadata)
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
	}
	if s.Config.Packages != nil {
		p := schema.Packages{}
		for _, m := range schema.PackageManagers {
			p.Set(m, slices.Clone(s.Config.Packages.Get(m)))
		}
		out.Config.Packages = &p
	}
	out.Config.Networking = cloneNet(s.Config.Networking)
	return out
}

func cloneNet(n *schema.Networking) *schema.Networking {
	if n == nil {
		return nil
	}
	c := *n
	c.AllowedHosts = slices.Clone(n.AllowedHosts)
	return &c
}

// withOwner returns a copy of s carrying the stack's ownership keys.
func withOwner(s schema.EnvSpec, stack, address string) *schema.EnvSpec {
	out := CloneSpec(s)
	out.Metadata[schema.MetaStack] = stack
	out.Metadata[schema.MetaAddress] = address
	return &out
}

// removedKeys lists the keys of live's metadata that desired drops; the
// update must send them as deletions because the API merges metadata.
func removedKeys(live, desired map[string]string) []string {
	var out []string
	for k := range live {
		if _, ok := desired[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// OwnedSpec returns a copy of s carrying the stack's ownership keys.
func OwnedSpec(s schema.EnvSpec, stack, address string) *schema.EnvSpec {
	return withOwner(s, stack, address)
}
