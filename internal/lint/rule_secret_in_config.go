package lint

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

var secretInConfig = &Rule{
	Name:             "secret-in-config",
	Title:            "API key, token, password or private key in the configuration",
	Severity:         SeverityError,
	Tags:             []string{tagSecurity},
	SecuritySeverity: 9.5,
	Doc: `Finds credentials written into names, descriptions, metadata, allowed
hosts and the state backend's conn_str: Anthropic, OpenAI, GitHub, GitLab, AWS, Slack, Google, Stripe, npm
and PyPI keys by their fixed prefixes; private keys; JSON Web Tokens;
password=... assignments; passwords in URLs; and long random-looking values
under metadata keys named like secret, token or password.

Everything in these fields is sent to the API and readable by anyone who can
list environments, and the file itself lives in git. Findings never repeat
the secret: the value is shown redacted.

Fix: remove the secret, rotate it (it is in the git history now), and give
the agent credentials through the platform's secret store instead. For the
PostgreSQL backend, leave the password out of conn_str and set it with
PGPASSWORD (or ~/.pgpass), or give the whole connection string in
TERRARIUM_PG_CONN.`,
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
		checkBackend(p)
		p.Hosts(func(h HostEntry) {
			if m := findSecret(h.Value.Value, ""); m != nil {
				f := h.Finding("The allowed host carries "+m.kind, "Remove the credential from the host and rotate it.")
				f.Value, f.Sensitive = redact(h.Value.Value, m), true
				p.Report(f)
			}
		})
	},
}

// checkBackend looks for a password in a literal backend conn_str.
func checkBackend(p *Pass) {
	b := p.Config.Settings.Backend
	if b == nil || b.Body == nil {
		return
	}
	attrs, _ := b.Body.JustAttributes()
	a := attrs["conn_str"]
	if a == nil {
		return
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || v.IsMarked() || v.Type() != cty.String {
		return
	}
	conn := v.AsString()
	if m := findSecret(conn, "conn_str"); m != nil {
		p.Report(Finding{
			Summary: "The backend connection string holds " + m.kind,
			Detail:  "Leave the password out of conn_str: set PGPASSWORD, use ~/.pgpass, or give the connection string in TERRARIUM_PG_CONN.",
			Subject: a.Expr.Range(), Path: "terrarium.backend.conn_str", Value: redact(conn, m), Sensitive: true,
		})
	}
}
