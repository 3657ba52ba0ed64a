package render

import (
	"slices"
	"strings"

	"terrarium/internal/plan"
	"terrarium/internal/state"
	"terrarium/schema"
)

// The state log records the values a sensitive variable gave an
// environment, as the API holds them, with the paths that are sensitive.
// The views of recorded versions hide those values the way plan does.

// pathHosts is the path of an environment's allowed hosts.
const pathHosts = "config.networking.allowed_hosts"

// redactLive returns l with the values at the sensitive paths hidden.
func redactLive(l *schema.LiveEnv, sensitive []string) *schema.LiveEnv {
	if l == nil || len(sensitive) == 0 {
		return l
	}
	c := *l
	c.EnvSpec = *plan.RedactSpec(&l.EnvSpec, sensitive)
	return &c
}

// redactChanges hides the values of the field changes at sensitive paths;
// a change still shows that it happened and, for lists, how many items.
func redactChanges(cs []state.FieldChange, sensitive []string) []state.FieldChange {
	if len(sensitive) == 0 {
		return cs
	}
	out := make([]state.FieldChange, len(cs))
	for i, c := range cs {
		if isSensitivePath(c.Path, sensitive) {
			c = state.FieldChange{Path: c.Path, Old: hideAny(c.Old), New: hideAny(c.New),
				Added: hideAll(c.Added, sensitiveText), Removed: hideAll(c.Removed, sensitiveText)}
		}
		out[i] = c
	}
	return out
}

// redactEgress hides the hosts of d when the allowed hosts are sensitive,
// keeping their number.
func redactEgress(d state.EgressDelta, sensitive []string) state.EgressDelta {
	if !slices.Contains(sensitive, pathHosts) {
		return d
	}
	d.HostsAdded, d.HostsRemoved = hideAll(d.HostsAdded, sensitiveHost), hideAll(d.HostsRemoved, sensitiveHost)
	return d
}

// redactVersion hides the sensitive values of one recorded version.
func redactVersion(v state.Version) state.Version {
	v.Live = redactLive(v.Live, v.Sensitive)
	v.Changes = redactChanges(v.Changes, v.Sensitive)
	v.Egress = redactEgress(v.Egress, v.Sensitive)
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
	c.Egress = redactEgress(d.Egress, d.Sensitive)
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

func isSensitivePath(path string, sensitive []string) bool {
	return slices.ContainsFunc(sensitive, func(s string) bool { return path == s || strings.HasPrefix(path, s+".") })
}

func hideAny(v any) any {
	if v == nil {
		return nil
	}
	return sensitiveText
}

func hideAll(list []string, with string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i := range list {
		out[i] = with
	}
	return out
}
