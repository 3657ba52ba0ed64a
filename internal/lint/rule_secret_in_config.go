package lint

import "github.com/hashicorp/hcl/v2"

var secretInConfig = &Rule{
	Name:             "secret-in-config",
	Title:            "API key, token, password or private key in the configuration",
	Severity:         SeverityError,
	Tags:             []string{tagSecurity},
	SecuritySeverity: 9.5,
	Doc: `Finds credentials written into names, descriptions, metadata and allowed
hosts: Anthropic, OpenAI, GitHub, GitLab, AWS, Slack, Google, Stripe, npm
and PyPI keys by their fixed prefixes; private keys; JSON Web Tokens;
password=... assignments; passwords in URLs; and long random-looking values
under metadata keys named like secret, token or password.

Everything in these fields is sent to the API and readable by anyone who can
list environments, and the file itself lives in git. Findings never repeat
the secret: the value is shown redacted.

Fix: remove the secret, rotate it (it is in the git history now), and give
the agent credentials through the platform's secret store instead.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			check := func(value, key, path string, r hcl.Range) {
				if m := findSecret(value, key); m != nil {
					p.Report(Finding{
						Summary: "The value looks like " + m.kind,
						Detail:  "Secrets in the configuration are stored in git and sent to the API. Remove it, rotate it, and use a secret store.",
						Subject: r, Address: env.Address, Path: path, Value: redact(value, m), Sensitive: true,
					})
				}
			}
			check(env.Name.Value, "", "name", env.Name.Range)
			if d := env.Description; d != nil {
				check(d.Value, "", "description", d.Range)
			}
			for _, m := range env.Metadata {
				check(m.Value.Value, m.Key.Value, metadataPath(m.Key.Value), m.Value.Range)
			}
		}
		p.Hosts(func(h HostEntry) {
			if m := findSecret(h.Value.Value, ""); m != nil {
				f := h.Finding("The allowed host carries "+m.kind, "Remove the credential from the host and rotate it.")
				f.Value, f.Sensitive = redact(h.Value.Value, m), true
				p.Report(f)
			}
		})
	},
}
