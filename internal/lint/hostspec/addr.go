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
	ipv4Compat   = netip.MustParsePrefix("::/96")
	sixToFour    = netip.MustParsePrefix("2002::/16")
	siteLocal    = netip.MustParsePrefix("fec0::/10")
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
	case loopbackNames[name] || hasSuffixLabel(name, loopbackNames):
		return "a public DNS name that resolves to loopback"
	}
	if a, ok := wildcardDNSAddr(name); ok {
		if why := addrInternal(a); why != "" {
			return why + " (through a wildcard-DNS name)"
		}
	}
	for _, suffix := range privateSuffixes {
		if name == suffix || strings.HasSuffix(name, "."+suffix) {
			return "a private-use DNS name (." + suffix + ")"
		}
	}
	return ""
}

// loopbackNames are public names whose every subdomain resolves to 127.0.0.1.
var loopbackNames = map[string]bool{"localtest.me": true, "lvh.me": true, "vcap.me": true, "lacolhost.com": true}

func hasSuffixLabel(name string, set map[string]bool) bool {
	for i := 0; i < len(name); i++ {
		if name[i] == '.' && set[name[i+1:]] {
			return true
		}
	}
	return false
}

// privateSuffixes are DNS suffixes that only ever name private networks.
var privateSuffixes = []string{"internal", "local", "localdomain", "home.arpa", "intranet", "lan"}

// wildcardDNSSuffixes are services that answer any address written in the
// name: 10.0.0.1.nip.io, 10-0-0-1.sslip.io, 0a000001.nip.io.
var wildcardDNSSuffixes = []string{"nip.io", "sslip.io", "xip.io", "traefik.me", "nip.direct"}

// wildcardDNSAddr returns the address a wildcard-DNS name resolves to.
func wildcardDNSAddr(name string) (netip.Addr, bool) {
	for _, suffix := range wildcardDNSSuffixes {
		rest, ok := strings.CutSuffix(name, "."+suffix)
		if !ok {
			continue
		}
		labels := strings.Split(rest, ".")
		if len(labels) >= 4 {
			if a, err := netip.ParseAddr(strings.Join(labels[len(labels)-4:], ".")); err == nil {
				return a, true
			}
		}
		last := labels[len(labels)-1]
		if i := strings.LastIndexByte(last, '-'); strings.Count(last, "-") >= 3 && i >= 0 {
			parts := strings.Split(last, "-")
			if a, err := netip.ParseAddr(strings.Join(parts[len(parts)-4:], ".")); err == nil {
				return a, true
			}
		}
		if len(last) == 8 {
			if a, ok := ParseIPv4("0x" + last); ok {
				return a, true
			}
		}
	}
	return netip.Addr{}, false
}

// embeddedIPv4 returns the IPv4 address that an IPv6 address reaches by
// construction: NAT64 (64:ff9b::/96), IPv4-compatible (::a.b.c.d, deprecated
// but still parsed) and 6to4 (2002:AABB:CCDD::/48); else a unchanged.
func embeddedIPv4(a netip.Addr) netip.Addr {
	if !a.Is6() {
		return a
	}
	b := a.As16()
	switch {
	case nat64.Contains(a), ipv4Compat.Contains(a) && !a.IsLoopback() && !a.IsUnspecified():
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
	}
	return a
}

func addrInternal(a netip.Addr) string {
	a = a.Unmap()
	a = embeddedIPv4(a)
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
	case a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || siteLocal.Contains(a):
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
