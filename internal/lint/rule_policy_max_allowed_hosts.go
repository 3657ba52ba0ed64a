package lint

var policyMaxAllowedHosts = &Rule{
	Name:             "policy-max-allowed-hosts",
	Title:            "More allowed hosts than the policy's max_allowed_hosts",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagNetworking},
	SecuritySeverity: 4.0,
	Doc: `Finds environments whose allowed_hosts list is longer than the smallest
max_allowed_hosts of the policies that apply.

A long allow-list is hard to review and usually means the environment does
too many jobs.

Fix: split the environment, or drop hosts it does not need.`,
	Check: func(p *Pass) {
		m := p.Policy.maxHosts()
		if m == nil {
			return
		}
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || len(n.AllowedHosts) <= m.Value {
				continue
			}
			p.Report(Finding{
				Summary: "allowed_hosts lists " + itoa(len(n.AllowedHosts)) + " hosts; the policy allows at most " + itoa(m.Value),
				Detail:  policyRef(m.Range),
				Subject: n.AllowedHostsRange, Address: env.Address, Path: "config.networking.allowed_hosts", Value: itoa(len(n.AllowedHosts)),
				PolicyRange: m.Range.Ptr(),
			})
		}
	},
}
