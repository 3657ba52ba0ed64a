package lint

var hostNotHTTPS = &Rule{
	Name:             "host-not-https",
	Title:            "Allowed host without https://",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 7.0,
	Doc: `Finds allowed_hosts entries whose scheme is not https, or that have no scheme.

The API requires every allowed host to be HTTPS-prefixed. Plain http lets
anyone on the path read and change the traffic, and an entry without a
scheme is refused or misread.

Fix: write the entry as "https://host" (with ":port" only when needed).`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil || h.Host.Scheme == "https" {
				return
			}
			if h.Host.Scheme == "" {
				p.Report(h.Finding("Allowed host has no scheme", "Write it as \"https://"+h.Value.Value+"\": the API requires HTTPS-prefixed hosts."))
				return
			}
			p.Report(h.Finding("Allowed host uses "+h.Host.Scheme+"://, not https://", "The API requires HTTPS-prefixed hosts, and plain traffic can be read and changed in transit."))
		})
	},
}
