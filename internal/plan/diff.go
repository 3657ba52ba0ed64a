package plan

import (
	"sort"

	"terrarium/internal/sets"
	"terrarium/schema"
)

// flat is an environment spec flattened to attribute paths: the form every
// comparison (change, drift, staleness, verification) works on. Sets are
// sorted and deduplicated so that order never produces a difference.
type flat struct {
	scalars map[string]any      // path -> string, bool or nil
	sets    map[string][]string // path -> sorted unique items
}

// Attribute paths of an environment.
const (
	pathName        = "name"
	pathDescription = "description"
	pathScope       = "scope"
	pathType        = "config.type"
	pathNetType     = "config.networking.type"
	pathHosts       = "config.networking.allowed_hosts"
	pathMCP         = "config.networking.allow_mcp_servers"
	pathPkgMgrs     = "config.networking.allow_package_managers"
	prefixMetadata  = "metadata."
	prefixPackages  = "config.packages."
)

// flatten returns the paths of spec. Reserved metadata keys are kept only
// when withReserved is set. An empty scope is left out unless keepScope.
func flatten(s *schema.EnvSpec, withReserved, keepScope bool) flat {
	f := flat{scalars: map[string]any{}, sets: map[string][]string{}}
	f.scalars[pathName] = s.Name
	// null and "" both mean "no description" to a reader; comparing them as
	// equal keeps an API that normalises one to the other from diffing.
	if s.Description != nil && *s.Description != "" {
		f.scalars[pathDescription] = *s.Description
	} else {
		f.scalars[pathDescription] = nil
	}
	if s.Scope != "" || keepScope {
		f.scalars[pathScope] = s.Scope
	}
	for k, v := range s.Metadata {
		if !withReserved && schema.IsReservedMetadataKey(k) {
			continue
		}
		f.scalars[prefixMetadata+k] = v
	}
	f.scalars[pathType] = s.Config.Type
	if s.Config.Type != schema.ConfigCloud {
		return f
	}
	for _, m := range schema.PackageManagers {
		f.sets[prefixPackages+m] = sets.Of(s.Config.Packages.Get(m))
	}
	n := s.Config.Networking
	if n == nil || n.Type == schema.NetworkingUnrestricted {
		f.scalars[pathNetType] = schema.NetworkingUnrestricted
		f.sets[pathHosts] = []string{}
		f.scalars[pathMCP] = false
		f.scalars[pathPkgMgrs] = false
		return f
	}
	f.scalars[pathNetType] = n.Type
	f.sets[pathHosts] = sets.Of(n.AllowedHosts)
	f.scalars[pathMCP] = n.AllowMCPServers
	f.scalars[pathPkgMgrs] = n.AllowPackageManagers
	return f
}

// diffFlat lists the paths where a and b differ, sorted by path.
func diffFlat(a, b flat) []FieldDiff {
	var out []FieldDiff
	for _, p := range unionKeys(a.scalars, b.scalars) {
		av, aok := a.scalars[p]
		bv, bok := b.scalars[p]
		if aok && bok && av == bv {
			continue
		}
		if !aok && !bok {
			continue
		}
		out = append(out, FieldDiff{Path: p, Before: av, After: bv})
	}
	for _, p := range unionKeys(a.sets, b.sets) {
		added, removed := sets.Delta(a.sets[p], b.sets[p])
		if len(added) == 0 && len(removed) == 0 {
			continue
		}
		out = append(out, FieldDiff{Path: p, Set: true, Before: orEmpty(a.sets[p]), After: orEmpty(b.sets[p]), Added: added, Removed: removed})
	}
	sort.SliceStable(out, func(i, j int) bool { return pathLess(out[i].Path, out[j].Path) })
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// pathOrder puts the attributes in the order a reader expects.
var pathOrder = map[string]int{
	pathName: 0, pathDescription: 1, pathScope: 2, "metadata": 3, pathType: 4,
	"config.packages": 5, pathNetType: 6, pathHosts: 7, pathMCP: 8, pathPkgMgrs: 9,
}

func pathRank(p string) int {
	if r, ok := pathOrder[p]; ok {
		return r
	}
	switch {
	case len(p) > len(prefixMetadata) && p[:len(prefixMetadata)] == prefixMetadata:
		return pathOrder["metadata"]
	case len(p) > len(prefixPackages) && p[:len(prefixPackages)] == prefixPackages:
		return pathOrder["config.packages"]
	}
	return 100
}

func pathLess(a, b string) bool {
	ra, rb := pathRank(a), pathRank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// DiffSpecs lists the user-visible differences from before to after:
// reserved metadata keys are left out, and an empty scope in after means
// "whatever the API chose".
func DiffSpecs(before, after *schema.EnvSpec) []FieldDiff {
	if sameSpec(before, after) {
		return nil
	}
	return diffSpecsFull(before, after)
}

// diffSpecsFull is DiffSpecs without the fast path.
func diffSpecsFull(before, after *schema.EnvSpec) []FieldDiff {
	b := flatten(before, false, true)
	a := flatten(after, false, false)
	if _, ok := a.scalars[pathScope]; !ok {
		delete(b.scalars, pathScope)
	}
	return diffFlat(b, a)
}

// DiffLive lists every difference between two live objects, archival and
// reserved keys included: what changed between two reads of one environment.
func DiffLive(before, after *schema.LiveEnv) []FieldDiff {
	d := diffFlat(flatten(&before.EnvSpec, true, true), flatten(&after.EnvSpec, true, true))
	if before.Archived() != after.Archived() {
		d = append(d, FieldDiff{Path: "archived", Before: before.Archived(), After: after.Archived()})
	}
	return d
}

// Verify compares what an API call returned with what was asked and lists
// the fields that differ, reserved keys included.
func Verify(asked *schema.EnvSpec, got *schema.LiveEnv) []FieldDiff {
	a := flatten(asked, true, false)
	g := flatten(&got.EnvSpec, true, true)
	if _, ok := a.scalars[pathScope]; !ok {
		delete(g.scalars, pathScope)
	}
	return diffFlat(a, g)
}
