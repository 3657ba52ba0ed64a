package lint

var networkingImplicit = &Rule{
	Name:             "networking-implicit",
	Title:            "Cloud environment without a networking block (defaults to unrestricted)",
	Severity:         SeverityError,
	Tags:             []string{tagNetworking, tagSecurity},
	SecuritySeverity: 8.0,
	Doc: `Finds cloud environments with no networking block.

When a cloud config omits networking, the API defaults it to "unrestricted":
the agent can reach any host, and nothing in the file says so. A reviewer
reading the configuration cannot see the widest possible egress.

Fix: add a networking block, normally limited:

    networking {
      type          = "limited"
      allowed_hosts = ["https://api.example.com"]
    }

If unrestricted networking is really intended, say so with
type = "unrestricted" (networking-unrestricted then reports it).`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			if isCloud(env) && env.Config.Networking == nil {
				p.Report(Finding{
					Summary: "No networking block: the API defaults to unrestricted",
					Detail:  "Without a networking block the environment gets unrestricted egress. Add networking { type = \"limited\" ... }.",
					Subject: env.Config.Range, Address: env.Address, Path: "config.networking",
				})
			}
		}
	},
}
