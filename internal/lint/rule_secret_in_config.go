package lint

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

var secretInConfig = &Rule{
	Name:             "secret-in-config",
	Title:            "API key, token, password or private key in the configuration",
	Severity:         SeverityError,
	Tags:             []string{tagSecurity},
	SecuritySeverity: 9.5,
	Doc: `Finds credentials written into block labels, for_each keys, names,
descriptions, scopes, metadata keys and values, allowed hosts, package specs,
the state backend's conn_str, and every other string written in a file
(variable defaults, locals, heredocs): Anthropic, OpenAI, GitHub, GitLab, AWS, Slack, Google, Stripe, npm
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
		var reported []hcl.Range
		labels := map[string]bool{}
		for _, env := range p.Config.Environments {
			check := func(value, key, path string, r hcl.Range) {
				if m := findSecret(value, key); m != nil {
					reported = append(reported, r)
					p.Report(Finding{
						Summary: "The value looks like " + m.kind,
						Detail:  "Secrets in the configuration are stored in git and sent to the API. Remove it, rotate it, and use a secret store.",
						Subject: r, Address: env.Address, Path: path, Value: redact(value, m), Sensitive: true,
					})
				}
			}
			// The label and the for_each key are in the address (and the
			// state), not only in a field: Report's scrub redacts the
			// address of every finding that carries one.
			// A name left to default is the label, checked as the name.
			if !labels[env.Label] && env.Name.Value != env.Label {
				labels[env.Label] = true
				check(env.Label, "", "", env.DeclRange)
			}
			if env.Key != nil {
				check(*env.Key, "", "", env.DeclRange)
			}
			check(env.Name.Value, "", "name", env.Name.Range)
			for _, f := range []struct {
				s    *schema.String
				path string
			}{{env.Description, "description"}, {env.Scope, "scope"}} {
				if f.s != nil {
					check(f.s.Value, "", f.path, f.s.Range)
				}
			}
			for _, m := range env.Metadata {
				// The path is built only for an entry with a finding.
				if findSecret(m.Key.Value, "") == nil && findSecret(m.Value.Value, m.Key.Value) == nil {
					continue
				}
				path := metadataPath(m.Key.Value)
				check(m.Key.Value, "", path, m.Key.Range)
				check(m.Value.Value, m.Key.Value, path, m.Value.Range)
			}
		}
		if r := checkBackend(p); r != nil {
			reported = append(reported, *r)
		}
		// entry checks one list entry; finding starts its finding.
		entry := func(value string, r hcl.Range, finding func(string, string) Finding, what, advice string) {
			if m := findSecret(value, ""); m != nil {
				reported = append(reported, r)
				f := finding("The "+what+" carries "+m.kind, advice)
				f.Value, f.Sensitive = redact(value, m), true
				p.Report(f)
			}
		}
		p.Hosts(func(h HostEntry) {
			entry(h.Value.Value, h.Value.Range, h.Finding, "allowed host", "Remove the credential from the host and rotate it.")
		})
		p.Packages(func(e PackageEntry) {
			entry(e.Value.Value, e.Value.Range, e.Finding, "package spec",
				"Remove the credential from the spec (an index URL with a token, a git URL with a password) and rotate it.")
		})
		checkLiterals(p, reported)
	},
}

// checkLiterals looks at every string literal of every file (variable
// defaults, locals, heredocs, values the field checks above do not
// reach), skipping those a finding above already covers: whatever the
// position, the file is in git.
func checkLiterals(p *Pass, reported []hcl.Range) {
	for _, name := range p.fileNames() {
		f := p.Config.Files[name]
		// The whole text holds every literal's tokens: lex only a file
		// where something looks like a secret at all.
		if f == nil || findSecret(string(f.Bytes), "") == nil {
			continue
		}
		tokens, _ := hclsyntax.LexConfig(f.Bytes, name, hcl.InitialPos)
		for _, t := range tokens {
			if t.Type != hclsyntax.TokenQuotedLit && t.Type != hclsyntax.TokenStringLit {
				continue
			}
			m := findSecret(string(t.Bytes), "")
			if m == nil || covered(reported, t.Range) {
				continue
			}
			p.Report(Finding{
				Summary: "The string looks like " + m.kind,
				Detail:  "Secrets in the configuration are stored in git. Remove it, rotate it, and pass it in from a secret store (a sensitive variable set with --var or TERRARIUM_VAR_name, never a default).",
				Subject: t.Range, Value: redact(string(t.Bytes), m), Sensitive: true,
			})
		}
	}
}

// covered reports whether one of rs holds the start of r.
func covered(rs []hcl.Range, r hcl.Range) bool {
	for _, x := range rs {
		if x.Filename == r.Filename && x.Start.Byte <= r.Start.Byte && r.Start.Byte < max(x.End.Byte, x.Start.Byte+1) {
			return true
		}
	}
	return false
}

// checkBackend looks for a password in a literal backend conn_str, and
// returns the range it reported.
func checkBackend(p *Pass) *hcl.Range {
	b := p.Config.Settings.Backend
	if b == nil || b.Body == nil {
		return nil
	}
	attrs, _ := b.Body.JustAttributes()
	a := attrs["conn_str"]
	if a == nil {
		return nil
	}
	v, diags := schema.NewEvaluator().Eval(a.Expr, nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || v.IsMarked() || v.Type() != cty.String {
		return nil
	}
	conn := v.AsString()
	if m := findSecret(conn, "conn_str"); m != nil {
		p.Report(Finding{
			Summary: "The backend connection string holds " + m.kind,
			Detail:  "Leave the password out of conn_str: set PGPASSWORD, use ~/.pgpass, or give the connection string in TERRARIUM_PG_CONN.",
			Subject: a.Expr.Range(), Path: "terrarium.backend.conn_str", Value: redact(conn, m), Sensitive: true,
		})
		return a.Expr.Range().Ptr()
	}
	return nil
}
