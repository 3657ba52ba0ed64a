package lint

var policyPackageManagers = &Rule{
	Name:             "policy-package-managers",
	Title:            "allow_package_managers that the policy forbids",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagNetworking, tagSupplyChain},
	SecuritySeverity: 6.0,
	Doc: `Finds allow_package_managers = true when a policy sets
allow_package_managers = false.

Fix: set allow_package_managers = false and remove the packages, or bake
them into an image the policy owners approve.`,
	Check: func(p *Pass) {
		b := p.Policy.forbids(func(x *Policy) *BoolSetting { return x.AllowPackageManagers })
		if b == nil {
			return
		}
		for _, env := range p.Config.Environments {
			n := limitedNetworking(env)
			if n == nil || n.AllowPackageManagers == nil || !n.AllowPackageManagers.Value {
				continue
			}
			p.Report(Finding{
				Summary: "Package managers are forbidden by policy", Detail: policyRef(b.Range),
				Subject: n.AllowPackageManagers.Range, Address: env.Address, Path: "config.networking.allow_package_managers", Value: "true",
				PolicyRange: b.Range.Ptr(),
			})
		}
	},
}
