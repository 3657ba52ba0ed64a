package lint

var packageManagersUnneeded = &Rule{
	Name:             "package-managers-unneeded",
	Title:            "allow_package_managers without packages",
	Severity:         SeverityWarning,
	Tags:             []string{tagNetworking},
	SecuritySeverity: 3.0,
	Doc: `Finds limited networking blocks with allow_package_managers = true in an
environment that lists no packages.

The setting opens the package registries to the agent for nothing: it
can then download and run arbitrary packages.

Fix: remove allow_package_managers, or set it to false.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || n.AllowPackageManagers == nil || !n.AllowPackageManagers.Value || hasPackages(env.Config) {
				continue
			}
			p.Report(Finding{
				Summary: "Package managers are allowed but no packages are listed",
				Detail:  "allow_package_managers opens the package registries to the agent; remove it when no packages are installed.",
				Subject: n.AllowPackageManagers.Range, Address: env.Address, Path: "config.networking.allow_package_managers", Value: "true",
			})
		}
	},
}
