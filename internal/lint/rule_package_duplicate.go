package lint

var packageDuplicate = &Rule{
	Name:     "package-duplicate",
	Title:    "Package listed twice for one manager",
	Severity: SeverityWarning,
	Tags:     []string{tagSupplyChain, tagHygiene},
	Doc: `Finds a package listed more than once for the same manager of one
environment, comparing normalised names (pip: PEP 503, so Foo_Bar and
foo-bar are one package; cargo: - and _ are one).

Which version wins is up to the manager; the reader cannot tell.

Fix: keep one entry.`,
	Check: func(p *Pass) {
		seen := map[string]PackageEntry{}
		p.Packages(func(e PackageEntry) {
			if e.Err != nil {
				return
			}
			key := e.Env.Address + "\x00" + e.Manager + "\x00" + e.Spec.Key
			if first, ok := seen[key]; ok {
				p.Report(e.Finding("Package "+quote(e.Spec.Name)+" is listed twice", "The first entry, "+quote(first.Value.Value)+", is at "+first.Value.Range.String()+"."))
				return
			}
			seen[key] = e
		})
	},
}
