package lint

var packagesBlocked = &Rule{
	Name:     "packages-blocked",
	Title:    "Packages under limited networking without allow_package_managers",
	Severity: SeverityError,
	Tags:     []string{tagNetworking, tagSupplyChain},
	Doc: `Finds cloud environments that list packages under limited networking but do
not set allow_package_managers = true.

The API refuses such a config: the packages could not be downloaded.

Fix: set allow_package_managers = true in the networking block, or remove
the packages.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || !hasPackages(env.Config) || (n.AllowPackageManagers != nil && n.AllowPackageManagers.Value) {
				continue
			}
			subject, value := n.Range, ""
			if n.AllowPackageManagers != nil {
				subject, value = n.AllowPackageManagers.Range, "false"
			}
			p.Report(Finding{
				Summary: "Packages need allow_package_managers = true under limited networking",
				Detail:  "The API refuses packages under limited networking unless package managers may reach their registries.",
				Subject: subject, Address: env.Address, Path: "config.networking.allow_package_managers", Value: value,
			})
		}
	},
}
