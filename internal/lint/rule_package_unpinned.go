package lint

var packageUnpinned = &Rule{
	Name:             "package-unpinned",
	Title:            "Package without an exact version",
	Severity:         SeverityWarning,
	Tags:             []string{tagSupplyChain},
	SecuritySeverity: 4.0,
	Doc: `Finds packages without an exact version in their manager's syntax: pip
"name==1.2.3", npm "name@1.2.3", cargo "name@1.2.3", gem "name:1.2.3", go
"module/path@v1.2.3", apt "name=1.2-3". "latest", ranges, wildcards,
branches and tags count as unpinned.

An unpinned package installs whatever the registry serves on the day the
environment starts: builds are not reproducible and a compromised release
arrives without review.

Fix: pin the exact version.`,
	Check: func(p *Pass) {
		p.Packages(func(e PackageEntry) {
			if e.Err == nil && !e.Spec.Pinned {
				p.Report(e.Finding("Package "+quote(e.Spec.Name)+" is not pinned", "Unpinned: "+e.Spec.Unpinned+". Pin an exact version in "+e.Manager+"'s syntax."))
			}
		})
	},
}
