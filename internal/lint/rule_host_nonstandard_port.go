package lint

var hostNonstandardPort = &Rule{
	Name:             "host-nonstandard-port",
	Title:            "Allowed host on a non-standard port",
	Severity:         SeverityWarning,
	Tags:             []string{tagNetworking},
	SecuritySeverity: 3.0,
	Doc: `Finds allowed hosts with an explicit port other than 443.

Services on unusual ports are often development or administrative
endpoints that were never meant to be reachable from an agent.

Fix: use the service's standard HTTPS endpoint, or ignore the finding with
a reason when the port is intended.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err == nil && h.Host.Scheme != "" && h.Host.NonstandardPort() {
				p.Report(h.Finding("Allowed host uses port "+h.Host.Port, "Port "+h.Host.Port+" is not the standard port of "+h.Host.Scheme+"."))
			}
		})
	},
}
