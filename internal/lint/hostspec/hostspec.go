// Package hostspec parses the entries of allowed_hosts ("https://host[:port]")
// with net/url, net/netip and IDNA, and classifies what they point at. It
// never uses regular expressions over the whole string: every spelling of an
// address (decimal, hex, octal, short forms, IPv4-mapped IPv6, trailing dots,
// mixed case, full-width characters) goes through the same real parsers.
package hostspec

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Host is one parsed allowed_hosts entry.
type Host struct {
	// Raw is the entry as written.
	Raw string
	// Scheme is the lower-cased URL scheme; empty when the entry has none.
	Scheme string
	// Hostname is the host as written, without brackets or port.
	Hostname string
	// ASCII is the normalised host name: lower case, no trailing dot, IDNA
	// A-labels; for IP literals the canonical address text. A wildcard keeps
	// its leading "*.".
	ASCII string
	// Port is the explicit port, "" when none.
	Port string
	// Wildcard is true for a leading "*." label.
	Wildcard bool
	// Addr is set when the host is an IP address in any spelling.
	Addr netip.Addr
	// IsIP reports whether Addr is valid.
	IsIP bool
}

// Error says why an entry is not a host URL.
type Error struct {
	Reason string
}

func (e *Error) Error() string { return e.Reason }

func malformed(format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Parse parses an allowed_hosts entry. An entry without a scheme
// ("example.com") is parsed as a host with an empty Scheme, so that the
// caller can report the missing https:// and still examine the host.
func Parse(raw string) (Host, error) {
	h := Host{Raw: raw}
	if strings.TrimSpace(raw) == "" {
		return h, malformed("the host is empty")
	}
	if !utf8.ValidString(raw) {
		return h, malformed("the host is not valid UTF-8")
	}
	for _, r := range raw {
		if unicode.IsSpace(r) {
			return h, malformed("the host contains whitespace")
		}
		if unicode.IsControl(r) {
			return h, malformed("the host contains a control character")
		}
	}
	s := raw
	if !strings.Contains(s, "://") {
		s = "https://" + s
	} else {
		h.Scheme = strings.ToLower(s[:strings.Index(s, "://")])
	}
	u, err := url.Parse(s)
	if err != nil {
		return h, malformed("not a URL: %s", unwrapURLError(err))
	}
	if err := checkURLParts(u); err != nil {
		return h, err
	}
	h.Hostname = u.Hostname()
	h.Port = u.Port()
	if h.Hostname == "" {
		return h, malformed("the URL has no host")
	}
	if err := checkPort(u); err != nil {
		return h, err
	}
	if err := h.normalise(strings.HasPrefix(u.Host, "[")); err != nil {
		return h, err
	}
	return h, nil
}

func unwrapURLError(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}

func checkURLParts(u *url.URL) error {
	switch {
	case u.Opaque != "":
		return malformed("not a host URL (opaque %q)", u.Opaque)
	case u.User != nil:
		return malformed("the URL carries user information (user:password@)")
	case u.Path != "" && u.Path != "/":
		return malformed("the URL has a path (%s); allowed_hosts takes hosts only", u.EscapedPath())
	case u.RawQuery != "" || u.ForceQuery:
		return malformed("the URL has a query string")
	case u.Fragment != "" || strings.HasSuffix(u.String(), "#"):
		return malformed("the URL has a fragment")
	}
	return nil
}

func checkPort(u *url.URL) error {
	hostport := u.Host
	if i := strings.LastIndex(hostport, "]"); i >= 0 {
		hostport = hostport[i+1:]
	}
	if strings.HasSuffix(hostport, ":") {
		return malformed("the port is empty")
	}
	p := u.Port()
	if p == "" {
		return nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return malformed("the port %q is not a number from 1 to 65535", p)
	}
	return nil
}

// normalise fills ASCII, Wildcard, Addr and IsIP.
func (h *Host) normalise(bracketed bool) error {
	name := h.Hostname
	if bracketed {
		a, err := netip.ParseAddr(name)
		if err != nil || !a.Is6() {
			return malformed("%q in brackets is not an IPv6 address", name)
		}
		h.setAddr(a)
		return nil
	}
	if a, ok := ParseIPv4(strings.TrimSuffix(name, ".")); ok {
		h.setAddr(a)
		return nil
	}
	if strings.HasPrefix(name, "*.") {
		h.Wildcard = true
		name = name[2:]
	}
	if strings.Contains(name, "*") {
		return malformed("a wildcard may only be a whole leading label (*.example.com)")
	}
	ascii, err := toASCII(name)
	if err != nil {
		return err
	}
	if a, ok := ParseIPv4(ascii); ok { // full-width digits map to ASCII ones
		h.setAddr(a)
		return nil
	}
	if h.Wildcard {
		ascii = "*." + ascii
	}
	h.ASCII = ascii
	return nil
}

func (h *Host) setAddr(a netip.Addr) {
	h.Addr = a.Unmap().WithZone("")
	h.IsIP = true
	h.ASCII = h.Addr.String()
}

var lookup = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.StrictDomainName(true), idna.Transitional(false))

func toASCII(name string) (string, error) {
	trimmed := strings.TrimSuffix(name, ".")
	if trimmed == "" || strings.HasSuffix(trimmed, ".") || strings.HasPrefix(trimmed, ".") || strings.Contains(trimmed, "..") {
		return "", malformed("the host name %q has an empty label", name)
	}
	if !utf8.ValidString(trimmed) || strings.ContainsAny(trimmed, "%") {
		return "", malformed("the host name %q has escaped or invalid characters", name)
	}
	ascii, err := lookup.ToASCII(trimmed)
	if err == nil {
		_, err = lookup.ToASCII(ascii) // A-labels must decode to a valid name
	}
	if err != nil {
		return "", malformed("the host name %q is not a valid domain name", name)
	}
	// Mapping drops some characters (soft hyphen, zero-width joiner), which
	// can leave a label, or the whole name, empty.
	if ascii == "" || strings.HasPrefix(ascii, ".") || strings.HasSuffix(ascii, ".") || strings.Contains(ascii, "..") {
		return "", malformed("the host name %q has an empty label once invisible characters are removed", name)
	}
	for _, label := range strings.Split(ascii, ".") {
		if len(label) > 63 {
			return "", malformed("a label of %q is longer than 63 characters", name)
		}
	}
	if len(ascii) > 253 {
		return "", malformed("the host name is longer than 253 characters")
	}
	return strings.ToLower(ascii), nil
}

// DefaultPort returns the default port of a scheme, "" when unknown.
func DefaultPort(scheme string) string {
	switch scheme {
	case "https", "":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// Canonical is the normalised form used to find duplicates: scheme, IDNA
// host name without trailing dot, and the port only when it is not the
// scheme's default.
func (h Host) Canonical() string {
	scheme := h.Scheme
	if scheme == "" {
		scheme = "https"
	}
	host := h.ASCII
	if h.IsIP && h.Addr.Is6() {
		host = "[" + host + "]"
	}
	if h.Port != "" && h.Port != DefaultPort(scheme) {
		host += ":" + h.Port
	}
	return scheme + "://" + host
}

// NonstandardPort reports whether the entry names a port other than its
// scheme's default.
func (h Host) NonstandardPort() bool {
	return h.Port != "" && h.Port != DefaultPort(h.Scheme)
}
