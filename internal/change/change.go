// Package change owns the one model of "what changed" between two objects
// of an environment: the attribute paths that differ (Field) and what the
// change does to network reach (Egress). Plan (changes, drift), apply (its
// staleness and verification checks), history, rollback and every view
// call it, so a reviewer reading a plan and an auditor reading history of
// the same applied change see the same fields and the same egress items.
//
// Paths are the schema.Path* vocabulary. Two objects are compared in a
// flattened form: scalars by value, lists (allowed hosts, packages) as
// sets, so order and duplicates never produce a difference; a null and an
// empty description are the same "no description".
package change

import (
	"sort"
	"strings"

	"terrarium/internal/sets"
	"terrarium/schema"
)

// Field is one attribute that differs between two objects. Scalars carry
// Before and After (a string, a bool, or nil for unset). Sets (allowed
// hosts, packages) have Set true, carry the whole sorted lists in Before
// and After ([]string, never nil) and what the change adds and removes.
type Field struct {
	// Path is the attribute path (schema.PathName, schema.MetadataPath(k),
	// schema.PathArchived, ...).
	Path string `json:"path"`
	Set  bool   `json:"set,omitempty"`
	// Sensitive fields carry no values: Before, After, Added and Removed
	// are left empty (see Redact).
	Sensitive bool     `json:"sensitive,omitempty"`
	Before    any      `json:"before"`
	After     any      `json:"after"`
	Added     []string `json:"added,omitempty"`
	Removed   []string `json:"removed,omitempty"`
}

// flat is an environment spec flattened to attribute paths.
type flat struct {
	scalars map[string]any      // path -> string, bool or nil
	sets    map[string][]string // path -> sorted unique items
}

// flatten returns the paths of s. Reserved metadata keys are kept only when
// withReserved is set. An empty scope is left out unless keepScope.
func flatten(s *schema.EnvSpec, withReserved, keepScope bool) flat {
	f := flat{scalars: map[string]any{}, sets: map[string][]string{}}
	f.scalars[schema.PathName] = s.Name
	// null and "" both mean "no description" to a reader; comparing them as
	// equal keeps an API that normalises one to the other from diffing.
	if s.Description != nil && *s.Description != "" {
		f.scalars[schema.PathDescription] = *s.Description
	} else {
		f.scalars[schema.PathDescription] = nil
	}
	if s.Scope != "" || keepScope {
		f.scalars[schema.PathScope] = s.Scope
	}
	for k, v := range s.Metadata {
		if !withReserved && schema.IsReservedMetadataKey(k) {
			continue
		}
		f.scalars[schema.MetadataPath(k)] = v
	}
	f.scalars[schema.PathConfigType] = s.Config.Type
	if s.Config.Type != schema.ConfigCloud {
		return f
	}
	for _, m := range schema.PackageManagers {
		f.sets[schema.PackagesPath(m)] = sets.Of(s.Config.Packages.Get(m))
	}
	n := s.Config.Networking
	if n == nil || n.Type == schema.NetworkingUnrestricted {
		f.scalars[schema.PathNetworkingType] = schema.NetworkingUnrestricted
		f.sets[schema.PathAllowedHosts] = []string{}
		f.scalars[schema.PathAllowMCPServers] = false
		f.scalars[schema.PathAllowPackageManagers] = false
		return f
	}
	f.scalars[schema.PathNetworkingType] = n.Type
	f.sets[schema.PathAllowedHosts] = sets.Of(n.AllowedHosts)
	f.scalars[schema.PathAllowMCPServers] = n.AllowMCPServers
	f.scalars[schema.PathAllowPackageManagers] = n.AllowPackageManagers
	return f
}

// diff lists the paths where a and b differ, in Less order.
func diff(a, b flat) []Field {
	var out []Field
	for _, p := range sets.Keys(a.scalars, b.scalars) {
		av, aok := a.scalars[p]
		bv, bok := b.scalars[p]
		if aok == bok && av == bv {
			continue
		}
		out = append(out, Field{Path: p, Before: av, After: bv})
	}
	for _, p := range sets.Keys(a.sets, b.sets) {
		added, removed := sets.Delta(a.sets[p], b.sets[p])
		if len(added) == 0 && len(removed) == 0 {
			continue
		}
		out = append(out, Field{Path: p, Set: true, Before: orEmpty(a.sets[p]), After: orEmpty(b.sets[p]), Added: added, Removed: removed})
	}
	sort.SliceStable(out, func(i, j int) bool { return Less(out[i].Path, out[j].Path) })
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// order lists the attributes in the order a reader of an environment
// block expects them; a prefix ("metadata.") stands for every path it
// starts.
var order = []string{
	schema.PathName, schema.PathDescription, schema.PathScope, schema.PrefixMetadata,
	schema.PathConfigType, schema.PrefixPackages, schema.PathNetworkingType, schema.PathAllowedHosts,
	schema.PathAllowMCPServers, schema.PathAllowPackageManagers, schema.PathArchived,
}

// rank is the place of p in order; unknown paths go last.
func rank(p string) int {
	for i, q := range order {
		if p == q || (strings.HasSuffix(q, ".") && strings.HasPrefix(p, q)) {
			return i
		}
	}
	return len(order)
}

// Less orders attribute paths as every list of fields is ordered: name,
// description, scope, metadata keys, config type, packages, networking,
// archived; paths of one rank by name.
func Less(a, b string) bool {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

// Specs lists the user-visible differences from before (the live object's
// spec) to after (the desired spec): what a plan shows for an update or a
// replace. Reserved metadata keys are left out, and an empty scope in after
// means "whatever the API chose", so it is never a difference. It returns
// nil when nothing differs.
func Specs(before, after *schema.EnvSpec) []Field {
	if sameSpec(before, after) {
		return nil
	}
	return specsFull(before, after)
}

// specsFull is Specs without the fast path.
func specsFull(before, after *schema.EnvSpec) []Field {
	b := flatten(before, false, true)
	a := flatten(after, false, false)
	if _, ok := a.scalars[schema.PathScope]; !ok {
		delete(b.scalars, schema.PathScope)
	}
	return diff(b, a)
}

// Created lists every attribute a new object sets, as Specs against an
// empty object would, but without empty sets and with Before left nil: the
// fields a plan shows for a create.
func Created(after *schema.EnvSpec) []Field {
	var out []Field
	for _, f := range specsFull(&schema.EnvSpec{}, after) {
		if f.Set && len(f.Added) == 0 {
			continue
		}
		f.Before = nil
		out = append(out, f)
	}
	return out
}

// Live lists the user-visible differences between two live objects of one
// environment, archival included: what history shows between two versions
// and what plan reports as drift. Reserved metadata keys are left out: a
// move changes them, and they are never a user's change.
func Live(before, after *schema.LiveEnv) []Field {
	return live(before, after, false)
}

// LiveWithReserved is Live with the reserved metadata keys compared too:
// every difference between two reads of one environment.
func LiveWithReserved(before, after *schema.LiveEnv) []Field {
	return live(before, after, true)
}

func live(before, after *schema.LiveEnv, withReserved bool) []Field {
	d := diff(flatten(&before.EnvSpec, withReserved, true), flatten(&after.EnvSpec, withReserved, true))
	if before.Archived() != after.Archived() {
		d = append(d, Field{Path: schema.PathArchived, Before: before.Archived(), After: after.Archived()})
	}
	return d
}

// Verify compares what an API call returned with what was asked and lists
// the fields that differ, reserved keys included. An empty scope asked for
// is the API's choice and never differs.
func Verify(asked *schema.EnvSpec, got *schema.LiveEnv) []Field {
	a := flatten(asked, true, false)
	g := flatten(&got.EnvSpec, true, true)
	if _, ok := a.scalars[schema.PathScope]; !ok {
		delete(g.scalars, schema.PathScope)
	}
	return diff(a, g)
}

// Redact blanks the values of the fields whose path is in sensitive, in
// place, so that no view can show them; a sensitive field still says that
// it changes. A sensitive path may name a whole map (schema.PathMetadata,
// when the map itself derives from a sensitive variable): its keys are
// part of the secret, so the fields under it become one field of that
// path, where the first of them was. It returns fields.
func Redact(fields []Field, sensitive []string) []Field {
	if len(sensitive) == 0 {
		return fields
	}
	out := fields[:0]
	collapsed := map[string]bool{}
	for _, f := range fields {
		whole, exact := covering(f.Path, sensitive)
		switch {
		case whole != "" && collapsed[whole]:
			continue
		case whole != "":
			collapsed[whole] = true
			f = Field{Path: whole, Sensitive: true}
		case exact:
			f = Field{Path: f.Path, Set: f.Set, Sensitive: true}
		}
		out = append(out, f)
	}
	return out
}

// covering returns the sensitive path that holds path as one of its
// members ("metadata" for "metadata.team"), else whether path itself is
// sensitive.
func covering(path string, sensitive []string) (whole string, exact bool) {
	for _, s := range sensitive {
		if strings.HasPrefix(path, s+".") {
			return s, false
		}
		exact = exact || path == s
	}
	return "", exact
}
