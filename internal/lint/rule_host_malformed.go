package lint

var hostMalformed = &Rule{
	Name:             "host-malformed",
	Title:            "Allowed host that is not a host URL",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking},
	SecuritySeverity: 5.0,
	Doc: `Finds allowed_hosts entries that are not "https://host[:port]".

An entry with a path, query or fragment, whitespace, an empty or invalid
host name, user information (user:password@) or a bad port does not say
which host it allows: the API may refuse it or read it differently from
the reviewer. Entries are parsed with net/url, net/netip and IDNA.

Fix: keep only scheme, host and, when needed, port.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil {
				p.Report(h.Finding("Allowed host is malformed", h.Err.Error()+"."))
			}
		})
	},
}
