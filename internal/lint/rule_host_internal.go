package lint

var hostInternal = &Rule{
	Name:             "host-internal",
	Title:            "Allowed host on an internal network or a metadata endpoint",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 9.0,
	Doc: `Finds allowed hosts that point at loopback, private (RFC 1918), link-local,
carrier-grade NAT or unique-local addresses, localhost and *.localhost, or a
cloud instance-metadata endpoint (169.254.169.254, fd00:ec2::254,
metadata.google.internal).

Letting an agent reach these is server-side request forgery by design:
metadata endpoints hand out cloud credentials, and internal services trust
callers from inside. Every spelling is recognised: decimal (2852039166),
hex (0xA9FEA9FE), octal, short forms (127.1), IPv4-mapped IPv6
(::ffff:169.254.169.254), NAT64, 6to4, trailing dots, mixed case and
full-width digits. Names that can only be private are caught too:
.internal, .local, .home.arpa and similar suffixes, public loopback names
(*.localtest.me, *.lvh.me) and wildcard-DNS names that embed an internal
address (10.0.0.1.nip.io, 10-0-0-1.sslip.io).

Fix: remove the entry; expose what the agent needs on a public HTTPS host.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil {
				return
			}
			if why := h.Host.Internal(); why != "" {
				p.Report(h.Finding("Allowed host is "+why, quote(h.Value.Value)+" resolves to "+h.Host.ASCII+", "+why+": an agent must not reach it."))
			}
		})
	},
}
