package lint

import "terrarium/schema"

var policyPackageManagerNotApproved = &Rule{
	Name:             "policy-package-manager-not-approved",
	Title:            "Packages for a manager the policy does not approve",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagSupplyChain},
	SecuritySeverity: 5.0,
	Doc: `Finds packages listed for a manager that is missing from a policy's
approved_package_managers.

Fix: use an approved manager, or ask the policy's owners to approve it.`,
	Check: func(p *Pass) {
		for _, env := range p.Config.Environments {
			if !isCloud(env) || env.Config.Packages == nil {
				continue
			}
			pk := env.Config.Packages
			for _, m := range schema.PackageManagers {
				if len(pk.Lists[m]) == 0 {
					continue
				}
				if l := p.Policy.managerNotApprovedBy(m); l != nil {
					p.Report(Finding{
						Summary: "Package manager " + quote(m) + " is not approved by policy", Detail: policyRef(l.Range),
						Subject: pk.AttrRanges[m], Address: env.Address, Path: "config.packages." + m, Value: m,
						PolicyRange: l.Range.Ptr(),
					})
				}
			}
		}
	},
}
