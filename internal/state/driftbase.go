package state

import (
	"maps"
	"slices"

	"terrarium/schema"
)

// outsideBase is the version drift is measured from after settling found
// live neither what an intent asked (req) nor what it was (before): each
// attribute is terrarium's requested value where live agrees with the
// request (terrarium's own change landed there), and the value before
// elsewhere (what changed there was changed outside terrarium). Metadata
// keys and allowed hosts are judged one by one, package lists per manager.
// live's id and times are kept. before nil (a create) is the request.
func outsideBase(before *schema.LiveEnv, req *schema.EnvSpec, live *schema.LiveEnv) *schema.LiveEnv {
	base := *live
	if req == nil {
		if before != nil {
			base.EnvSpec = before.EnvSpec
		}
		return &base
	}
	if before == nil {
		base.EnvSpec = *req
		if base.Scope == "" {
			base.Scope = live.Scope
		}
		return &base
	}
	b, r, l := &before.EnvSpec, req, &live.EnvSpec
	s := &base.EnvSpec
	s.Name = pick(l.Name == r.Name, r.Name, b.Name)
	s.Description = pick(eqStr(l.Description, r.Description), r.Description, b.Description)
	s.Metadata = map[string]string{}
	for _, k := range keys(b.Metadata, r.Metadata, l.Metadata) {
		rv, rok := r.Metadata[k]
		lv, lok := l.Metadata[k]
		if lok == rok && lv == rv {
			if rok {
				s.Metadata[k] = rv
			}
		} else if bv, ok := b.Metadata[k]; ok {
			s.Metadata[k] = bv
		}
	}
	s.Scope = b.Scope
	s.Config.Type = pick(l.Config.Type == r.Config.Type, r.Config.Type, b.Config.Type)
	s.Config.Packages = b.Config.Packages
	if r.Config.Packages != nil || b.Config.Packages != nil {
		p := &schema.Packages{}
		for _, m := range schema.PackageManagers {
			same := sameSet(l.Config.Packages.Get(m), r.Config.Packages.Get(m))
			p.Set(m, pick(same, r.Config.Packages.Get(m), b.Config.Packages.Get(m)))
		}
		s.Config.Packages = p
	}
	s.Config.Networking = outsideNetworking(b.Config.Networking, r.Config.Networking, l.Config.Networking)
	return &base
}

// outsideNetworking is outsideBase's rule for the networking block: field
// by field and host by host when all three have one, else the whole block.
func outsideNetworking(b, r, l *schema.Networking) *schema.Networking {
	if b == nil || r == nil || l == nil {
		if (l == nil) == (r == nil) && (l == nil || sameNetworking(l, r)) {
			return r
		}
		return b
	}
	n := &schema.Networking{
		Type:                 pick(l.Type == r.Type, r.Type, b.Type),
		AllowMCPServers:      pick(l.AllowMCPServers == r.AllowMCPServers, r.AllowMCPServers, b.AllowMCPServers),
		AllowPackageManagers: pick(l.AllowPackageManagers == r.AllowPackageManagers, r.AllowPackageManagers, b.AllowPackageManagers),
	}
	for _, h := range keys(setOf(b.AllowedHosts), setOf(r.AllowedHosts), setOf(l.AllowedHosts)) {
		inR, inL := slices.Contains(r.AllowedHosts, h), slices.Contains(l.AllowedHosts, h)
		if pick(inL == inR, inR, slices.Contains(b.AllowedHosts, h)) {
			n.AllowedHosts = append(n.AllowedHosts, h)
		}
	}
	return n
}

func sameNetworking(a, b *schema.Networking) bool {
	return a.Type == b.Type && a.AllowMCPServers == b.AllowMCPServers &&
		a.AllowPackageManagers == b.AllowPackageManagers && sameSet(a.AllowedHosts, b.AllowedHosts)
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func eqStr(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameSet(a, b []string) bool {
	return maps.Equal(setOf(a), setOf(b))
}

func setOf(xs []string) map[string]string {
	m := make(map[string]string, len(xs))
	for _, x := range xs {
		m[x] = x
	}
	return m
}

// keys is the sorted union of the maps' keys.
func keys(ms ...map[string]string) []string {
	var out []string
	for _, m := range ms {
		out = append(out, slices.Collect(maps.Keys(m))...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
