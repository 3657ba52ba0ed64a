package plan

import (
	"terrarium/internal/sets"
	"terrarium/schema"
)

// EgressDelta is what one change does to an environment's network reach.
type EgressDelta struct {
	Address string       `json:"address"`
	Name    string       `json:"name"`
	Action  Action       `json:"action"`
	Items   []EgressItem `json:"items"`
}

// EgressItem is one widening or narrowing of reach.
type EgressItem struct {
	// Kind is one of the Egress* constants.
	Kind string `json:"kind"`
	// Host is set for host_added and host_removed.
	Host     string `json:"host,omitempty"`
	Widening bool   `json:"widening"`
	// Sensitive is set, and Host left empty, when the host derives from a
	// sensitive variable: the item is still counted and classified.
	Sensitive bool `json:"sensitive,omitempty"`
}

// Egress item kinds.
const (
	EgressHostAdded      = "host_added"
	EgressHostRemoved    = "host_removed"
	EgressUnrestricted   = "unrestricted" // switched to unrestricted
	EgressLimited        = "limited"      // switched from unrestricted
	EgressMCPGranted     = "mcp_granted"  // allow_mcp_servers on
	EgressMCPRevoked     = "mcp_revoked"  // allow_mcp_servers off
	EgressPkgMgrsGranted = "package_managers_granted"
	EgressPkgMgrsRevoked = "package_managers_revoked"
	// EgressRemoved: the environment is archived or deleted, and all of
	// its reach goes with it.
	EgressRemoved = "reach_removed"
	// EgressSelfHosted: a cloud environment is replaced by a self-hosted
	// one, whose network the API no longer limits.
	EgressSelfHosted = "self_hosted"
)

// reach is an environment's network reach as the egress delta sees it.
type reach struct {
	unrestricted bool
	hosts        []string
	mcp, pkg     bool
}

// reachOf returns the reach of a spec; ok is false for self-hosted
// environments, whose network the API does not govern. A cloud config with
// no networking block is unrestricted, as the API defaults it.
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

// egressItems compares the reach before (nil: the environment does not
// exist yet, so every grant widens) with the reach after.
func egressItems(before, after *schema.EnvSpec) []EgressItem {
	b, had := reachOf(before) // absent or self-hosted: reaches nothing
	a, ok := reachOf(after)
	switch {
	case !ok && had && after == nil:
		return []EgressItem{{Kind: EgressRemoved}}
	case !ok && had:
		return []EgressItem{{Kind: EgressSelfHosted, Widening: true}}
	case !ok:
		return nil
	}
	switch {
	case b.unrestricted && a.unrestricted:
		return nil
	case a.unrestricted:
		return []EgressItem{{Kind: EgressUnrestricted, Widening: true}}
	case b.unrestricted:
		return []EgressItem{{Kind: EgressLimited, Widening: false}}
	}
	var items []EgressItem
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

func appendFlag(items []EgressItem, before, after bool, granted, revoked string) []EgressItem {
	switch {
	case after && !before:
		return append(items, EgressItem{Kind: granted, Widening: true})
	case before && !after:
		return append(items, EgressItem{Kind: revoked})
	}
	return items
}

// Widens reports whether any item of the delta widens reach.
func (d EgressDelta) Widens() bool {
	for _, it := range d.Items {
		if it.Widening {
			return true
		}
	}
	return false
}
