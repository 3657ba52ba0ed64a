// Package origin names where a plan was made and where a run ran: the
// environments API endpoint, the workspace and the organization. A plan
// and every state-log record of a run carry one, so that a plan is never
// applied to another API than it was made for and an auditor can tell an
// emulator run from a real one.
package origin

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// DefaultAPIURL is the endpoint the SDK uses when neither --api-url nor
// $ANTHROPIC_BASE_URL names one (API.md).
const DefaultAPIURL = "https://api.anthropic.com"

// OrganizationHeader is the response header in which the Anthropic API
// reports the organization a credential belongs to.
const OrganizationHeader = "anthropic-organization-id"

// EmulatorOrganizationID is the stable, obviously fake organization id
// every terrarium emulator reports, so that a run against a served emulator
// (terrarium emulator, reached with --api-url) is marked as one too.
const EmulatorOrganizationID = "00000000-0000-4000-8000-0000000e0e0e"

// Origin is where a run talks to.
type Origin struct {
	// APIURL is the base URL requests went to, without a trailing slash.
	// For the in-process emulator it is its loopback URL, which changes on
	// every run; EmulatorData identifies it instead.
	APIURL string `json:"api_url"`
	// Emulator is true for the in-process emulator (--emulator);
	// EmulatorData is the absolute path of its data file.
	Emulator     bool   `json:"emulator,omitempty"`
	EmulatorData string `json:"emulator_data,omitempty"`
	// WorkspaceID is the anthropic-workspace-id sent, empty for the
	// credential's default workspace.
	WorkspaceID string `json:"workspace_id,omitempty"`
	// OrganizationID is the anthropic-organization-id the API answered
	// with; empty when it reported none.
	OrganizationID string `json:"organization_id,omitempty"`
	// Accepted is set on a state-log record of a run against another
	// origin than the log's, which the user accepted with --accept-origin.
	Accepted bool `json:"accepted,omitempty"`
}

// NormalizeURL is u without trailing slashes and with its credentials
// redacted (see Redact), or DefaultAPIURL when empty. Origins are recorded,
// compared and printed in this form, so that a password in an API URL never
// reaches a plan file, the state log or a message, and rotating it does not
// change the origin.
func NormalizeURL(u string) string {
	u = strings.TrimRight(Redact(u), "/")
	if u == "" {
		return DefaultAPIURL
	}
	return u
}

// Redacted stands in for a credential removed from a URL.
const Redacted = "xxxxx"

// Redact is raw with what may be a credential replaced by Redacted: the
// password of its user information (or the user name when it is alone, as
// a token often is: https://TOKEN@host), every query value and the
// fragment. A URL that does not parse (a password with a stray '%' in it)
// is redacted by its text: such a URL is refused, and the refusal quotes it.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactText(raw)
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery {
		return raw
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), Redacted)
		} else {
			u.User = url.User(Redacted)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k, vs := range q {
			for i := range vs {
				vs[i] = Redacted
			}
			q[k] = vs
		}
		u.RawQuery = q.Encode()
	}
	if u.Fragment != "" || u.RawFragment != "" {
		u.Fragment, u.RawFragment = Redacted, ""
	}
	return u.String()
}

// redactText is Redact of a URL that does not parse, by its text alone:
// everything after the scheme up to the last '@' (user information, which
// may itself hold '/', '?' or '#'), and what follows a '?' or '#' after it.
// It may hide more than a credential, never less.
func redactText(raw string) string {
	scheme, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = Redacted + rest[i:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i+1] + Redacted
	}
	return scheme + rest
}

// Same reports whether o and p name the same place: the same emulator data
// file, or the same API URL; the same workspace; and the same organization
// when both know it. Accepted is ignored.
func (o Origin) Same(p Origin) bool {
	if o.Emulator != p.Emulator || o.WorkspaceID != p.WorkspaceID {
		return false
	}
	if o.Emulator {
		if o.EmulatorData != p.EmulatorData {
			return false
		}
	} else if NormalizeURL(o.APIURL) != NormalizeURL(p.APIURL) {
		return false
	}
	return o.OrganizationID == "" || p.OrganizationID == "" || o.OrganizationID == p.OrganizationID
}

// String describes o in one line, for messages and views:
// "the local emulator (data in X)" or "URL", then the workspace and the
// organization when known.
func (o Origin) String() string {
	var b strings.Builder
	if o.Emulator {
		fmt.Fprintf(&b, "the local emulator (data in %s)", printable(o.EmulatorData))
	} else {
		b.WriteString(printable(NormalizeURL(o.APIURL)))
	}
	if o.WorkspaceID != "" {
		fmt.Fprintf(&b, ", workspace %s", printable(o.WorkspaceID))
	} else {
		b.WriteString(", default workspace")
	}
	if o.OrganizationID != "" {
		fmt.Fprintf(&b, ", organization %s", printable(o.OrganizationID))
		if o.OrganizationID == EmulatorOrganizationID && !o.Emulator {
			b.WriteString(" (a terrarium emulator, not the real API)")
		}
	}
	if o.Accepted {
		b.WriteString(" (accepted with --accept-origin)")
	}
	return b.String()
}

// printable is s, or s quoted with Go escapes when it holds anything but
// printable characters: an origin's parts come from flags, files and API
// answers, and must not reach a terminal raw.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
