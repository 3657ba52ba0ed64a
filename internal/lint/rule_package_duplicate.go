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

Fix: keep one entry. When the two entries are written identically, lint
--fix deletes the later one (if the list is written out literally and no
comment sits between the entries); when they differ (another version, an
extra), a person must choose.`,
	Check: func(p *Pass) {
		// Entries come environment by environment: the map holds one
		// environment's packages at a time.
		type managerKey struct{ manager, key string }
		seen := map[managerKey]PackageEntry{}
		var prev PackageEntry
		p.Packages(func(e PackageEntry) {
			defer func() { prev = e }()
			if e.Env != prev.Env {
				clear(seen)
			}
			if e.Err != nil {
				return
			}
			key := managerKey{e.Manager, e.Spec.Key}
			if first, ok := seen[key]; ok {
				f := e.Finding("Package "+quote(e.Spec.Name)+" is listed twice", "The first entry, "+quote(first.Value.Value)+", is at "+first.Value.Range.String()+".")
				if first.Value.Value == e.Value.Value && prev.Env == e.Env && prev.Manager == e.Manager && prev.Index == e.Index-1 {
					f.Fix = p.removeElementFix(prev.Value.Range, e.Value.Range, e.Value.Value)
				}
				p.Report(f)
				return
			}
			seen[key] = e
		})
	},
}
