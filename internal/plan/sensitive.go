package plan

import (
	"terrarium/schema"
)

// RedactSpec returns a copy of s with the values at the sensitive paths
// replaced by a placeholder, for views that print whole objects.
func RedactSpec(s *schema.EnvSpec, sensitive []string) *schema.EnvSpec {
	if s == nil || len(sensitive) == 0 {
		return s
	}
	const hidden = "(sensitive value)"
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
		case isMeta:
			c.Metadata[key] = hidden
		case path == schema.PathAllowedHosts && c.Config.Networking != nil:
			c.Config.Networking.AllowedHosts = []string{hidden}
		case isPkgs && c.Config.Packages != nil:
			c.Config.Packages.Set(manager, []string{hidden})
		}
	}
	return &c
}
