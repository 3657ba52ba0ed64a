package plan

import (
	"slices"
	"strings"

	"terrarium/schema"
)

// RedactFields blanks the values of the fields whose path is sensitive, so
// no view can show them. A sensitive field still says that it changes.
func RedactFields(fields []FieldDiff, sensitive []string) []FieldDiff {
	if len(sensitive) == 0 {
		return fields
	}
	for i, f := range fields {
		if slices.Contains(sensitive, f.Path) {
			fields[i] = FieldDiff{Path: f.Path, Set: f.Set, Sensitive: true}
		}
	}
	return fields
}

// SensitiveText stands in for a value derived from a sensitive variable.
const SensitiveText = "(sensitive value)"

// RedactEgress hides the hosts of items when the configured allowed_hosts
// derive from a sensitive variable: each host item keeps its kind and
// classification, so it is still counted, but carries Sensitive instead of
// the host. Removed hosts are hidden too, since they may be the sensitive
// value applied earlier.
func RedactEgress(items []EgressItem, sensitive []string) []EgressItem {
	if !slices.Contains(sensitive, pathHosts) {
		return items
	}
	for i, it := range items {
		if it.Host != "" {
			items[i].Host, items[i].Sensitive = "", true
		}
	}
	return items
}

// RedactSpec returns a copy of s with the values at the sensitive paths
// replaced by a placeholder, for views that print whole objects.
func RedactSpec(s *schema.EnvSpec, sensitive []string) *schema.EnvSpec {
	if s == nil || len(sensitive) == 0 {
		return s
	}
	const hidden = SensitiveText
	c := *s
	c.Metadata = make(map[string]string, len(s.Metadata))
	for k, v := range s.Metadata {
		c.Metadata[k] = v
	}
	if s.Config.Packages != nil {
		p := *s.Config.Packages
		c.Config.Packages = &p
	}
	if s.Config.Networking != nil {
		n := *s.Config.Networking
		c.Config.Networking = &n
	}
	for _, path := range sensitive {
		switch {
		case path == pathName:
			c.Name = hidden
		case path == pathDescription:
			h := hidden
			c.Description = &h
		case strings.HasPrefix(path, prefixMetadata):
			c.Metadata[strings.TrimPrefix(path, prefixMetadata)] = hidden
		case path == pathHosts && c.Config.Networking != nil:
			c.Config.Networking.AllowedHosts = []string{hidden}
		case strings.HasPrefix(path, prefixPackages) && c.Config.Packages != nil:
			c.Config.Packages.Set(strings.TrimPrefix(path, prefixPackages), []string{hidden})
		}
	}
	return &c
}
