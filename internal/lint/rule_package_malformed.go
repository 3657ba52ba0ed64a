package lint

var packageMalformed = &Rule{
	Name:             "package-malformed",
	Title:            "Package spec that is not valid for its manager",
	Severity:         SeverityError,
	Tags:             []string{tagSupplyChain, tagSecurity},
	SecuritySeverity: 6.0,
	Doc: `Finds package specs that are empty, contain whitespace or shell
metacharacters, start with "-" (read as an option), or do not follow their
manager's syntax (pip PEP 508 names, npm names and scopes, crate names,
gem names, Go import paths, Debian package names).

Such a spec either fails when the environment starts or, worse, is read by
the package manager as something else: an option or a second command.

Fix: write one package per entry in the manager's own syntax.`,
	Check: func(p *Pass) {
		p.Packages(func(e PackageEntry) {
			if e.Err != nil {
				p.Report(e.Finding("Package spec is malformed for "+e.Manager, e.Err.Error()+"."))
			}
		})
	},
}
