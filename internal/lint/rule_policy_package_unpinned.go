package lint

var policyPackageUnpinned = &Rule{
	Name:             "policy-package-unpinned",
	Title:            "Unpinned package where the policy requires pinned packages",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagSupplyChain},
	SecuritySeverity: 5.0,
	Doc: `Finds packages without an exact version when a policy sets
require_pinned_packages = true. See package-unpinned for each manager's
syntax.

Fix: pin the exact version.`,
	Check: func(p *Pass) {
		b := p.Policy.requires(func(x *Policy) *BoolSetting { return x.RequirePinnedPackages })
		if b == nil {
			return
		}
		p.Packages(func(e PackageEntry) {
			if e.Err == nil && !e.Spec.Pinned {
				f := e.Finding("Package "+quote(e.Spec.Name)+" must be pinned by policy", "Unpinned: "+e.Spec.Unpinned+". "+policyRef(b.Range))
				f.PolicyRange = b.Range.Ptr()
				p.Report(f)
			}
		})
	},
}
