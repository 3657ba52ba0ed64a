package lint

var hostIPLiteral = &Rule{
	Name:             "host-ip-literal",
	Title:            "Allowed host given as an IP address",
	Severity:         SeverityWarning,
	Tags:             []string{tagNetworking},
	SecuritySeverity: 4.0,
	Doc: `Finds allowed hosts written as IP addresses, in any spelling.

An IP literal says nothing about who runs the service, changes owner when
the address is reassigned, and usually cannot present a certificate that
HTTPS will accept.

Internal addresses are reported by host-internal instead.

Fix: use the service's DNS name.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err == nil && h.Host.IsIP && h.Host.Internal() == "" {
				p.Report(h.Finding("Allowed host is an IP address ("+h.Host.ASCII+")", "Use the service's DNS name: addresses change owner and rarely carry a valid certificate."))
			}
		})
	},
}
