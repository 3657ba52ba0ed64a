package change

import (
	"slices"

	"terrarium/schema"
)

// sameSpec reports, without allocating, whether Specs(before, after)
// would be empty. Most environments of a large stack are unchanged, and
// this keeps the diff of thousands of them fast; any doubt (a set listed in
// another order) answers false and leaves the decision to the full diff.
func sameSpec(before, after *schema.EnvSpec) bool {
	if before.Name != after.Name || !sameDesc(before.Description, after.Description) {
		return false
	}
	if after.Scope != "" && after.Scope != before.Scope {
		return false
	}
	if !sameUserMeta(before.Metadata, after.Metadata) || before.Config.Type != after.Config.Type {
		return false
	}
	if after.Config.Type != schema.ConfigCloud {
		return true
	}
	for _, m := range schema.PackageManagers {
		if !slices.Equal(before.Config.Packages.Get(m), after.Config.Packages.Get(m)) {
			return false
		}
	}
	return sameNet(before.Config.Networking, after.Config.Networking)
}

func sameDesc(a, b *string) bool {
	av, bv := "", ""
	if a != nil {
		av = *a
	}
	if b != nil {
		bv = *b
	}
	return av == bv
}

func sameUserMeta(a, b map[string]string) bool {
	n := 0
	for k, v := range a {
		if schema.IsReservedMetadataKey(k) {
			continue
		}
		n++
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	for k := range b {
		if !schema.IsReservedMetadataKey(k) {
			n--
		}
	}
	return n == 0
}

func sameNet(a, b *schema.Networking) bool {
	unrA := a == nil || a.Type != schema.NetworkingLimited
	unrB := b == nil || b.Type != schema.NetworkingLimited
	if unrA || unrB {
		return unrA == unrB
	}
	return a.AllowMCPServers == b.AllowMCPServers && a.AllowPackageManagers == b.AllowPackageManagers &&
		slices.Equal(a.AllowedHosts, b.AllowedHosts)
}
