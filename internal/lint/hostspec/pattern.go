package hostspec

import "strings"

// Matches reports whether pattern (a policy's approved_hosts entry, itself
// parsed with Parse) approves h. Scheme and port must match after
// normalisation. A "*." pattern label matches one or more labels; a
// wildcard host is approved only by a pattern that covers every host it
// could match.
func (pattern Host) Matches(h Host) bool {
	if pattern.Canonical() == h.Canonical() {
		return true
	}
	if !pattern.Wildcard || h.IsIP {
		return false
	}
	if pattern.scheme() != h.scheme() || pattern.port() != h.port() {
		return false
	}
	base := strings.TrimPrefix(pattern.ASCII, "*.")
	name := h.ASCII
	if h.Wildcard {
		name = strings.TrimPrefix(name, "*.")
		return name == base || strings.HasSuffix(name, "."+base)
	}
	return strings.HasSuffix(name, "."+base)
}

func (h Host) scheme() string {
	if h.Scheme == "" {
		return "https"
	}
	return h.Scheme
}

func (h Host) port() string {
	if h.Port == "" {
		return DefaultPort(h.scheme())
	}
	return h.Port
}
