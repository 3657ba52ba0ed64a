package schema

// SensitiveText stands in, in every view, for a value derived from a
// sensitive variable.
const SensitiveText = "(sensitive value)"

// SensitiveMapKey is the one key of the metadata map of a view's copy
// whose map is sensitive as a whole (plan.RedactSpec), with an empty
// value: a NUL begins it, which JSON writes as \u0000, so the views that
// write JSON can replace the map it is alone in by SensitiveText
// (render's JSON writers), and no key a configuration or the API holds
// is taken for it by chance.
const SensitiveMapKey = "\x00terrarium:sensitive-map"

// ValuesAt returns the strings of s at one attribute path, as plan names
// paths (PathName, PathMetadata, "metadata.KEY", ...): for a metadata map
// as a whole, its user keys and values; nil for a path s has nothing at.
func (s *EnvSpec) ValuesAt(path string) []string {
	key, isMeta := MetadataKey(path)
	manager, isPkgs := PackagesManager(path)
	switch {
	case path == PathName:
		return []string{s.Name}
	case path == PathDescription && s.Description != nil:
		return []string{*s.Description}
	case isMeta:
		if v, ok := s.Metadata[key]; ok {
			return []string{v}
		}
	case path == PathMetadata:
		var out []string
		for k, v := range s.Metadata {
			if !IsReservedMetadataKey(k) {
				out = append(out, k, v)
			}
		}
		return out
	case path == PathAllowedHosts && s.Config.Networking != nil:
		return s.Config.Networking.AllowedHosts
	case isPkgs && s.Config.Packages != nil:
		return s.Config.Packages.Get(manager)
	}
	return nil
}
