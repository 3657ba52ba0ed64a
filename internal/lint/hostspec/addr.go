package hostspec

import (
	"net/netip"
	"strconv"
	"strings"
)

// ParseIPv4 parses an IPv4 address in every spelling inet_aton(3) accepts
// and that browsers and curl still honour: one to four parts, each decimal,
// octal (leading 0) or hex (0x); the last part fills the remaining bytes.
// "2852039166", "0xA9FEA9FE", "0251.0376.0251.0376" and "127.1" all parse.
func ParseIPv4(s string) (netip.Addr, bool) {
	if s == "" {
		return netip.Addr{}, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		v, ok := parseIPv4Part(p)
		if !ok {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var out uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		out |= v << (24 - 8*uint(i))
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*uint(5-len(vals))) {
		return netip.Addr{}, false
	}
	out |= last
	return netip.AddrFrom4([4]byte{byte(out >> 24), byte(out >> 16), byte(out >> 8), byte(out)}), true
}

func parseIPv4Part(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
		base, p = 16, p[2:]
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	v, err := strconv.ParseUint(p, base, 64)
	if err != nil || v > 0xffffffff {
		return 0, false
	}
	return v, true
}

var (
	cgnat        = netip.MustParsePrefix("100.64.0.0/10")
	thisNetwork  = netip.MustParsePrefix("0.0.0.0/8")
	benchmarking = netip.MustParsePrefix("198.18.0.0/15")
	nat64        = netip.MustParsePrefix("64:ff9b::/96")
	metadataV4   = netip.MustParseAddr("169.254.169.254")
	metadataV6   = netip.MustParseAddr("fd00:ec2::254")
	alibabaMeta  = netip.MustParseAddr("100.100.100.200")
)

// metadataNames are cloud instance-metadata host names.
var metadataNames = map[string]bool{
	"metadata.google.internal":   true,
	"metadata":                   true,
	"metadata.goog":              true,
	"instance-data":              true,
	"instance-data.ec2.internal": true,
}

// Internal reports why the host points inside the machine or network
// (loopback, private, link-local, CGNAT, unique-local, cloud metadata,
// localhost), or "" when it does not.
func (h Host) Internal() string {
	if h.IsIP {
		return addrInternal(h.Addr)
	}
	name := strings.TrimPrefix(h.ASCII, "*.")
	switch {
	case metadataNames[name]:
		return "a cloud instance-metadata endpoint"
	case name == "localhost" || strings.HasSuffix(name, ".localhost"):
		return "localhost (loopback)"
	case name == "localhost.localdomain":
		return "localhost (loopback)"
	}
	return ""
}

func addrInternal(a netip.Addr) string {
	a = a.Unmap()
	if nat64.Contains(a) { // 64:ff9b::a9fe:a9fe reaches 169.254.169.254
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	switch {
	case a == metadataV4 || a == metadataV6 || a == alibabaMeta:
		return "a cloud instance-metadata endpoint"
	case a.IsLoopback():
		return "a loopback address"
	case a.IsUnspecified() || (a.Is4() && thisNetwork.Contains(a)):
		return "an unspecified (this-host) address"
	case a.IsPrivate():
		if a.Is6() {
			return "a unique-local address"
		}
		return "a private address"
	case a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast():
		return "a link-local address"
	case a.Is4() && cgnat.Contains(a):
		return "a carrier-grade NAT (shared) address"
	case a.Is4() && benchmarking.Contains(a):
		return "a benchmarking-network address"
	case a.IsMulticast():
		return "a multicast address"
	}
	return ""
}
