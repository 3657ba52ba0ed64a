package lint

var hostWildcard = &Rule{
	Name:             "host-wildcard",
	Title:            "Allowed host with a wildcard",
	Severity:         SeverityWarning,
	Tags:             []string{tagNetworking},
	SecuritySeverity: 4.0,
	Doc: `Finds allowed hosts with a "*." wildcard label.

A wildcard allows every present and future subdomain, including ones that
serve user content or that someone else can claim.

Fix: list the subdomains the agent needs.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err == nil && h.Host.Wildcard {
				p.Report(h.Finding("Allowed host is a wildcard", "Every subdomain of "+h.Host.ASCII[2:]+" is allowed; list the ones the agent needs."))
			}
		})
	},
}
