package lint

import "terrarium/schema"

var networkingOnSelfHosted = &Rule{
	Name:     "networking-on-self-hosted",
	Title:    "Networking or packages on a self_hosted config",
	Severity: SeverityError,
	Tags:     []string{tagNetworking, tagHygiene},
	Doc: `Finds networking or packages blocks in a self_hosted config.

A self_hosted environment runs on your own infrastructure; the API's
self_hosted config carries only its type, so networking and packages are
silently dropped. A reviewer would believe a restriction that does not exist.

Fix: remove the blocks, and enforce egress on the host that runs the agent.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			c := env.Config
			if c == nil || c.Type.Value != schema.ConfigSelfHosted {
				continue
			}
			if c.Networking != nil {
				p.Report(Finding{
					Summary: "Networking has no effect on a self_hosted config",
					Detail:  "The API ignores networking for self_hosted environments; restrict egress where the agent runs.",
					Subject: c.Networking.Range, Address: env.Address, Path: "config.networking",
				})
			}
			if c.Packages != nil {
				p.Report(Finding{
					Summary: "Packages have no effect on a self_hosted config",
					Detail:  "The API ignores packages for self_hosted environments; install them where the agent runs.",
					Subject: c.Packages.Range, Address: env.Address, Path: "config.packages",
				})
			}
		}
	},
}
