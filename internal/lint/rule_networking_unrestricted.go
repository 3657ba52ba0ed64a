package lint

import "terrarium/schema"

var networkingUnrestricted = &Rule{
	Name:             "networking-unrestricted",
	Title:            "Cloud environment with unrestricted networking",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 8.0,
	Doc: `Finds cloud environments whose networking type is "unrestricted".

An agent in an unrestricted environment can reach any host on the internet:
exfiltrating data or fetching untrusted code takes one request. Least
privilege means listing the hosts the agent needs.

Fix: set type = "limited" and list the hosts in allowed_hosts:

    networking {
      type          = "limited"
      allowed_hosts = ["https://api.example.com"]
    }`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			if !isCloud(env) || env.Config.Networking == nil {
				continue
			}
			t := env.Config.Networking.Type
			if t.Value == schema.NetworkingUnrestricted {
				p.Report(Finding{
					Summary: "Networking is unrestricted",
					Detail:  "The agent can reach any host. Use type = \"limited\" with an allowed_hosts list.",
					Subject: t.Range, Address: env.Address, Path: "config.networking.type", Value: t.Value,
				})
			}
		}
	},
}
