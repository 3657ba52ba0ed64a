package lint

var policyMCPServers = &Rule{
	Name:             "policy-mcp-servers",
	Title:            "allow_mcp_servers that the policy forbids",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagNetworking},
	SecuritySeverity: 6.0,
	Doc: `Finds allow_mcp_servers = true when a policy sets allow_mcp_servers = false.

Fix: set allow_mcp_servers = false.`,
	Check: func(p *Pass) {
		b := p.Policy.forbids(func(x *Policy) *BoolSetting { return x.AllowMCPServers })
		if b == nil {
			return
		}
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || n.AllowMCPServers == nil || !n.AllowMCPServers.Value {
				continue
			}
			p.Report(Finding{
				Summary: "MCP servers are forbidden by policy", Detail: policyRef(b.Range),
				Subject: n.AllowMCPServers.Range, Address: env.Address, Path: "config.networking.allow_mcp_servers", Value: "true",
				PolicyRange: b.Range.Ptr(),
			})
		}
	},
}
