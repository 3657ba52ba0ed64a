package lint

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severity is how serious a finding is. The zero value means "not set".
type Severity int

// Severities, in increasing order. SeverityNone is only a fail-on threshold:
// nothing fails.
const (
	SeverityUnset Severity = iota
	SeverityNotice
	SeverityWarning
	SeverityError
	SeverityNone
)

var severityNames = map[Severity]string{
	SeverityNotice:  "notice",
	SeverityWarning: "warning",
	SeverityError:   "error",
	SeverityNone:    "none",
}

// String returns the lower-case name.
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return "unset"
}

// MarshalJSON writes the name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads the name, so that values holding findings (saved
// plans) round-trip.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	if name == "unset" {
		*s = SeverityUnset
		return nil
	}
	v, err := ParseSeverity(name, true)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "error", "warning" or "notice" (and "none" when
// allowNone, for fail-on thresholds).
func ParseSeverity(s string, allowNone bool) (Severity, error) {
	for k, v := range severityNames {
		if v == strings.ToLower(s) && (k != SeverityNone || allowNone) {
			return k, nil
		}
	}
	if allowNone {
		return SeverityUnset, fmt.Errorf("%q is not a severity threshold: use error, warning, notice or none", s)
	}
	return SeverityUnset, fmt.Errorf("%q is not a severity: use error, warning or notice", s)
}

// Fails reports whether a finding of severity f fails a run whose
// threshold is s.
func (s Severity) Fails(f Severity) bool {
	return s != SeverityUnset && s != SeverityNone && f >= s
}
