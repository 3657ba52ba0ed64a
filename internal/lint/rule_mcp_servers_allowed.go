package lint

var mcpServersAllowed = &Rule{
	Name:             "mcp-servers-allowed",
	Title:            "MCP servers allowed under limited networking",
	Severity:         SeverityWarning,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 5.0,
	Doc: `Finds limited networking blocks with allow_mcp_servers = true.

The setting lets the agent reach the MCP servers configured for it in
addition to allowed_hosts: egress that the host list does not show.

Fix: set allow_mcp_servers = false unless the agent needs them, and ignore
the finding with a reason when it does.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || n.AllowMCPServers == nil || !n.AllowMCPServers.Value {
				continue
			}
			p.Report(Finding{
				Summary: "MCP servers are allowed",
				Detail:  "The agent may reach its MCP servers beyond allowed_hosts.",
				Subject: n.AllowMCPServers.Range, Address: env.Address, Path: "config.networking.allow_mcp_servers", Value: "true",
			})
		}
	},
}
