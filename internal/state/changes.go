package state

import (
	"maps"
	"slices"

	"terrarium/internal/sets"
	"terrarium/schema"
)

// FieldChange is one field that differs between two versions. Scalars carry
// Old and New; lists are compared as sets and carry Added and Removed.
type FieldChange struct {
	Path    string   `json:"path"`
	Old     any      `json:"old,omitempty"`
	New     any      `json:"new,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Change is a before/after pair.
type Change[T comparable] struct {
	From T `json:"from"`
	To   T `json:"to"`
}

// EgressDelta is how an environment's reach outside changed.
type EgressDelta struct {
	HostsAdded   []string `json:"hosts_added,omitempty"`
	HostsRemoved []string `json:"hosts_removed,omitempty"`
	// Networking is set when the effective networking type changed
	// ("" when the environment does not exist or is not a cloud config).
	Networking      *Change[string] `json:"networking,omitempty"`
	MCPServers      *Change[bool]   `json:"mcp_servers,omitempty"`
	PackageManagers *Change[bool]   `json:"package_managers,omitempty"`
}

// Empty reports whether nothing about egress changed.
func (d EgressDelta) Empty() bool {
	return len(d.HostsAdded) == 0 && len(d.HostsRemoved) == 0 && d.Networking == nil && d.MCPServers == nil && d.PackageManagers == nil
}

// Widens reports whether the change lets the environment reach more.
func (d EgressDelta) Widens() bool {
	return len(d.HostsAdded) > 0 ||
		(d.Networking != nil && d.Networking.To == schema.NetworkingUnrestricted) ||
		(d.MCPServers != nil && d.MCPServers.To) ||
		(d.PackageManagers != nil && d.PackageManagers.To)
}

// egress is the effective networking of one version.
type egress struct {
	typ        string
	hosts      []string
	mcp, pkgmr bool
}

func egressOf(e *schema.LiveEnv) egress {
	if e == nil || e.Config.Type != schema.ConfigCloud {
		return egress{}
	}
	n := e.Config.Networking
	if n == nil || n.Type == schema.NetworkingUnrestricted {
		return egress{typ: schema.NetworkingUnrestricted}
	}
	return egress{typ: n.Type, hosts: n.AllowedHosts, mcp: n.AllowMCPServers, pkgmr: n.AllowPackageManagers}
}

// Egress compares the egress of two versions; from is nil for a creation.
func Egress(from, to *schema.LiveEnv) EgressDelta {
	a, b := egressOf(from), egressOf(to)
	var d EgressDelta
	d.HostsAdded, d.HostsRemoved = sets.Diff(a.hosts, b.hosts)
	if a.typ != b.typ {
		d.Networking = &Change[string]{a.typ, b.typ}
	}
	if a.mcp != b.mcp {
		d.MCPServers = &Change[bool]{a.mcp, b.mcp}
	}
	if a.pkgmr != b.pkgmr {
		d.PackageManagers = &Change[bool]{a.pkgmr, b.pkgmr}
	}
	return d
}

// Changes lists the fields that differ between two versions; from is nil
// for a creation. Terrarium's reserved metadata keys are left out.
func Changes(from, to *schema.LiveEnv) []FieldChange {
	var a, b schema.LiveEnv
	if from != nil {
		a = *from
	}
	if to != nil {
		b = *to
	}
	var cs []FieldChange
	scalar := func(path string, old, new any, differ bool) {
		if differ {
			cs = append(cs, FieldChange{Path: path, Old: old, New: new})
		}
	}
	list := func(path string, old, new []string) {
		if add, rm := sets.Diff(old, new); len(add)+len(rm) > 0 {
			cs = append(cs, FieldChange{Path: path, Added: add, Removed: rm})
		}
	}
	scalar("name", a.Name, b.Name, a.Name != b.Name)
	da, db := deref(a.Description), deref(b.Description)
	scalar("description", da, db, da != db || (a.Description == nil) != (b.Description == nil))
	scalar("scope", a.Scope, b.Scope, a.Scope != b.Scope)
	for _, k := range metaKeys(a.Metadata, b.Metadata) {
		va, oka := a.Metadata[k]
		vb, okb := b.Metadata[k]
		scalar("metadata."+k, optional(va, oka), optional(vb, okb), va != vb || oka != okb)
	}
	scalar("config.type", a.Config.Type, b.Config.Type, a.Config.Type != b.Config.Type)
	for _, m := range schema.PackageManagers {
		list("config.packages."+m, a.Config.Packages.Get(m), b.Config.Packages.Get(m))
	}
	na, nb := networking(a.Config.Networking), networking(b.Config.Networking)
	scalar("config.networking.type", na.Type, nb.Type, na.Type != nb.Type)
	list("config.networking.allowed_hosts", na.AllowedHosts, nb.AllowedHosts)
	scalar("config.networking.allow_mcp_servers", na.AllowMCPServers, nb.AllowMCPServers, na.AllowMCPServers != nb.AllowMCPServers)
	scalar("config.networking.allow_package_managers", na.AllowPackageManagers, nb.AllowPackageManagers, na.AllowPackageManagers != nb.AllowPackageManagers)
	scalar("archived", a.Archived(), b.Archived(), a.Archived() != b.Archived())
	return cs
}

func networking(n *schema.Networking) schema.Networking {
	if n == nil {
		return schema.Networking{}
	}
	return *n
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func optional(v string, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

// metaKeys returns the sorted user keys of both maps.
func metaKeys(a, b map[string]string) []string {
	keys := map[string]bool{}
	for k := range maps.Keys(a) {
		keys[k] = true
	}
	for k := range maps.Keys(b) {
		keys[k] = true
	}
	out := slices.Sorted(maps.Keys(keys))
	return slices.DeleteFunc(out, schema.IsReservedMetadataKey)
}
