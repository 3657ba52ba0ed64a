package plan

import (
	"slices"
	"strconv"
	"strings"

	"terrarium/schema"
)

// SensitiveText stands in for a value derived from a sensitive variable.
const SensitiveText = schema.SensitiveText

// ShownName is how a message or view names an environment called name
// whose sensitive paths are sensitive: quoted (%q), or SensitiveText when
// the name derives from a sensitive variable.
func ShownName(name string, sensitive []string) string {
	if slices.Contains(sensitive, schema.PathName) {
		return SensitiveText
	}
	return strconv.Quote(name)
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
		key, isMeta := schema.MetadataKey(path)
		manager, isPkgs := schema.PackagesManager(path)
		switch {
		case path == schema.PathName:
			c.Name = hidden
		case path == schema.PathDescription:
			h := hidden
			c.Description = &h
		case isMeta && !c.MetadataSensitive:
			c.Metadata[key] = hidden
		case path == schema.PathMetadata:
			// The map itself derives from a secret: its keys go too, and
			// the views write the whole map as one SensitiveText.
			c.Metadata = map[string]string{schema.SensitiveMapKey: ""}
			c.MetadataSensitive = true
		case path == schema.PathAllowedHosts && c.Config.Networking != nil:
			c.Config.Networking.AllowedHosts = []string{hidden}
		case isPkgs && c.Config.Packages != nil:
			c.Config.Packages.Set(manager, []string{hidden})
		}
	}
	return &c
}

// HideSensitive replaces in msg (an API error, a verification failure)
// every value at c's sensitive paths, longest first: those its
// configuration derives from a sensitive variable (After) and those the
// live environment has there (Before: the value replaced, and what an
// archive sends, the name parked with a suffix), so that an error quoting
// what was sent or what the API holds cannot show it.
func HideSensitive(c *Change, msg string) string {
	if c == nil || len(c.Sensitive) == 0 {
		return msg
	}
	var values []string
	for _, path := range c.Sensitive {
		if c.After != nil {
			values = append(values, c.After.ValuesAt(path)...)
		}
		if c.Before != nil {
			values = append(values, c.Before.ValuesAt(path)...)
		}
	}
	values = slices.DeleteFunc(values, func(v string) bool { return len(v) < 3 })
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	for _, v := range values {
		msg = strings.ReplaceAll(msg, v, SensitiveText)
	}
	return msg
}
