package change

import (
	"encoding/json"
	"slices"

	"terrarium/internal/sets"
	"terrarium/schema"
)

// EgressItem is one widening or narrowing of an environment's network
// reach.
type EgressItem struct {
	// Kind is one of the Egress* constants.
	Kind string `json:"kind"`
	// Host is set for host_added and host_removed.
	Host string `json:"host,omitempty"`
	// Widening is true when the item lets the environment reach more.
	Widening bool `json:"widening"`
	// Sensitive is set, and Host left empty, when the host derives from a
	// sensitive variable (RedactEgress): the item is still counted and
	// classified.
	Sensitive bool `json:"sensitive,omitempty"`
}

// Egress item kinds, as the plan and history JSON spell them.
const (
	EgressHostAdded      = "host_added"   // widening
	EgressHostRemoved    = "host_removed" // narrowing
	EgressUnrestricted   = "unrestricted" // switched to unrestricted: widening
	EgressLimited        = "limited"      // switched from unrestricted: narrowing
	EgressMCPGranted     = "mcp_granted"  // allow_mcp_servers on: widening
	EgressMCPRevoked     = "mcp_revoked"  // allow_mcp_servers off: narrowing
	EgressPkgMgrsGranted = "package_managers_granted"
	EgressPkgMgrsRevoked = "package_managers_revoked"
	// EgressRemoved: the environment is archived or deleted, and all of
	// its reach goes with it (narrowing).
	EgressRemoved = "reach_removed"
	// EgressSelfHosted: a cloud environment is replaced by a self-hosted
	// one, whose network the API no longer limits (widening).
	EgressSelfHosted = "self_hosted"
)

// Egress is what one change does to an environment's network reach, item
// by item: hosts added, then hosts removed (each sorted), then the MCP and
// package-manager grants. It is empty when reach does not change.
type Egress []EgressItem

// Widens reports whether any item of the delta widens reach.
func (e Egress) Widens() bool {
	for _, it := range e {
		if it.Widening {
			return true
		}
	}
	return false
}

// MarshalJSON writes an empty delta as [], never null.
func (e Egress) MarshalJSON() ([]byte, error) {
	if e == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]EgressItem(e))
}

// reach is an environment's network reach as the egress delta sees it.
type reach struct {
	unrestricted bool
	hosts        []string
	mcp, pkg     bool
}

// reachOf returns the reach of a spec; ok is false for a self-hosted
// environment, whose network the API does not govern, and for none. A
// cloud config with no networking block is unrestricted, as the API
// defaults it.
func reachOf(s *schema.EnvSpec) (r reach, ok bool) {
	if s == nil || s.Config.Type != schema.ConfigCloud {
		return reach{}, false
	}
	n := s.Config.Networking
	if n == nil || n.Type != schema.NetworkingLimited {
		return reach{unrestricted: true}, true
	}
	return reach{hosts: sets.Of(n.AllowedHosts), mcp: n.AllowMCPServers, pkg: n.AllowPackageManagers}, true
}

// EgressOf compares the reach of before with the reach of after. A nil
// before is an environment that does not exist yet, so every grant of
// after widens; a nil after is one that goes (archived or deleted), whose
// reach is removed. A cloud environment that becomes self-hosted widens:
// the API stops limiting its network.
func EgressOf(before, after *schema.EnvSpec) Egress {
	b, had := reachOf(before) // absent or self-hosted: reaches nothing
	a, ok := reachOf(after)
	switch {
	case !ok && had && after == nil:
		return Egress{{Kind: EgressRemoved}}
	case !ok && had:
		return Egress{{Kind: EgressSelfHosted, Widening: true}}
	case !ok:
		return nil
	}
	switch {
	case b.unrestricted && a.unrestricted:
		return nil
	case a.unrestricted:
		return Egress{{Kind: EgressUnrestricted, Widening: true}}
	case b.unrestricted:
		return Egress{{Kind: EgressLimited}}
	}
	var items Egress
	added, removed := sets.Delta(b.hosts, a.hosts)
	for _, h := range added {
		items = append(items, EgressItem{Kind: EgressHostAdded, Host: h, Widening: true})
	}
	for _, h := range removed {
		items = append(items, EgressItem{Kind: EgressHostRemoved, Host: h})
	}
	items = appendFlag(items, b.mcp, a.mcp, EgressMCPGranted, EgressMCPRevoked)
	return appendFlag(items, b.pkg, a.pkg, EgressPkgMgrsGranted, EgressPkgMgrsRevoked)
}

func appendFlag(items Egress, before, after bool, granted, revoked string) Egress {
	switch {
	case after && !before:
		return append(items, EgressItem{Kind: granted, Widening: true})
	case before && !after:
		return append(items, EgressItem{Kind: revoked})
	}
	return items
}

// Existing is the spec of a live object that still reaches anything: nil
// for nil and for an archived environment, whose reach is gone. Pass it to
// EgressOf for the side of a change that is a live object.
func Existing(l *schema.LiveEnv) *schema.EnvSpec {
	if l == nil || l.Archived() {
		return nil
	}
	return &l.EnvSpec
}

// Reach is what an environment can reach: any host, or the listed hosts
// plus the MCP servers and package managers it is allowed.
type Reach struct {
	Unrestricted    bool
	Hosts           []string // sorted, without duplicates
	MCP             bool
	PackageManagers bool
}

// ReachOf returns the reach of a spec as EgressOf sees it; ok is false for
// nil and for a self-hosted environment, whose network the API does not
// govern.
func ReachOf(s *schema.EnvSpec) (Reach, bool) {
	r, ok := reachOf(s)
	return Reach{Unrestricted: r.unrestricted, Hosts: r.hosts, MCP: r.mcp, PackageManagers: r.pkg}, ok
}

// RedactEgress returns e with its hosts hidden when sensitive (attribute
// paths, as Redact takes) holds the allowed hosts: each host item keeps
// its kind and classification, so it is still counted, but carries
// Sensitive instead of the host. Removed hosts are hidden too, since they
// may be a sensitive value applied earlier. e itself is not changed.
func RedactEgress(e Egress, sensitive []string) Egress {
	if !slices.Contains(sensitive, schema.PathAllowedHosts) {
		return e
	}
	out := slices.Clone(e)
	for i, it := range out {
		if it.Host != "" {
			out[i].Host, out[i].Sensitive = "", true
		}
	}
	return out
}
