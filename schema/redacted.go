package schema

import (
	"encoding/json"
	"time"
)

// SensitiveText stands in, in every view, for a value derived from a
// sensitive variable.
const SensitiveText = "(sensitive value)"

// envSpecFields is EnvSpec without its methods, so that MarshalJSON can
// encode the fields the ordinary way.
type envSpecFields EnvSpec

// redactedEnvSpec is the JSON of a view's copy whose metadata map is
// sensitive as a whole: "metadata" is one string, SensitiveText.
type redactedEnvSpec struct {
	envSpecFields
	Metadata string `json:"metadata"`
}

// MarshalJSON encodes s with the fields' own tags, except that a copy
// whose MetadataSensitive is set writes "metadata": "(sensitive value)"
// in place of the map (the map's keys derive from the secret too).
func (s EnvSpec) MarshalJSON() ([]byte, error) {
	if s.MetadataSensitive {
		return json.Marshal(redactedEnvSpec{envSpecFields: envSpecFields(s), Metadata: SensitiveText})
	}
	return json.Marshal(envSpecFields(s))
}

// liveEnvJSON is LiveEnv's JSON: its fields in LiveEnv's order, the spec
// through envSpecFields (EnvSpec's MarshalJSON, promoted through the
// embedding, would otherwise encode only the spec). TestLiveEnvJSONFields
// keeps it in step with LiveEnv.
type liveEnvJSON struct {
	ID string `json:"id"`
	envSpecFields
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ArchivedAt *time.Time `json:"archived_at"`
}

// MarshalJSON encodes l with the fields' own tags (the spec's beside id
// and the times), metadata as EnvSpec.MarshalJSON writes it.
func (l LiveEnv) MarshalJSON() ([]byte, error) {
	v := liveEnvJSON{ID: l.ID, envSpecFields: envSpecFields(l.EnvSpec), CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt, ArchivedAt: l.ArchivedAt}
	if l.MetadataSensitive {
		return json.Marshal(struct {
			liveEnvJSON
			Metadata string `json:"metadata"`
		}{v, SensitiveText})
	}
	return json.Marshal(v)
}

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
