package render

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strconv"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/schema"
)

// The state log records the values a sensitive variable gave an
// environment, as the API holds them, with the paths that are sensitive.
// The views of recorded versions hide those values the way plan does.

// redactLive returns l with the values at the sensitive paths hidden.
func redactLive(l *schema.LiveEnv, sensitive []string) *schema.LiveEnv {
	if l == nil || len(sensitive) == 0 {
		return l
	}
	c := *l
	c.EnvSpec = *plan.RedactSpec(&l.EnvSpec, sensitive)
	return &c
}

// redactChanges returns cs with the values at sensitive paths blanked
// (change.Redact); a change still shows that it happened.
func redactChanges(cs []change.Field, sensitive []string) []change.Field {
	if len(sensitive) == 0 {
		return cs
	}
	return change.Redact(slices.Clone(cs), sensitive)
}

// redactVersion hides the sensitive values of one recorded version.
func redactVersion(v state.Version) state.Version {
	v.Live = redactLive(v.Live, v.Sensitive)
	v.Changes = redactChanges(v.Changes, v.Sensitive)
	v.Egress = change.RedactEgress(v.Egress, v.Sensitive)
	return v
}

// redactHistory hides the sensitive values of every version of h.
func redactHistory(h *state.AddressHistory) *state.AddressHistory {
	c := *h
	c.Versions = make([]state.Version, len(h.Versions))
	for i, v := range h.Versions {
		c.Versions[i] = redactVersion(v)
	}
	return &c
}

// redactDiff hides the sensitive values of a version diff.
func redactDiff(d *state.VersionDiff) *state.VersionDiff {
	c := *d
	c.Changes = redactChanges(d.Changes, d.Sensitive)
	c.Egress = change.RedactEgress(d.Egress, d.Sensitive)
	return &c
}

// redactResource hides the sensitive values of a recorded environment.
func redactResource(r *state.Resource) *state.Resource {
	c := *r
	c.Live = *redactLive(&r.Live, r.Sensitive)
	return &c
}

// redactIntents hides the sensitive values of the specs of pending intents.
func redactIntents(ins []state.Intent) []state.Intent {
	out := make([]state.Intent, len(ins))
	for i, in := range ins {
		in.Spec = plan.RedactSpec(in.Spec, in.Sensitive)
		out[i] = in
	}
	return out
}

// sensitiveMap is how JSON writes the metadata map of a view's copy that
// is sensitive as a whole (plan.RedactSpec: one key, schema.SensitiveMapKey,
// with an empty value), at any indent.
var sensitiveMap = regexp.MustCompile(`\{\s*"\\u0000terrarium:sensitive-map":\s*""\s*\}`)

// newJSONEncoder is escape.NewJSONEncoder for a view that may print an
// object: a metadata map sensitive as a whole is written as the one
// string "(sensitive value)", as the other views say it, not as a map.
func newJSONEncoder(w io.Writer) *json.Encoder {
	return escape.NewJSONEncoder(sensitiveMapWriter{w})
}

type sensitiveMapWriter struct{ w io.Writer }

// Write writes p, one whole document (json.Encoder writes each Encode
// at once), with every sensitive map replaced.
func (s sensitiveMapWriter) Write(p []byte) (int, error) {
	out := p
	if bytes.Contains(p, []byte(`"\u0000terrarium:sensitive-map"`)) {
		out = sensitiveMap.ReplaceAll(p, []byte(strconv.Quote(plan.SensitiveText)))
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
