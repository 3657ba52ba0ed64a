package lint

var policyRequiredMetadata = &Rule{
	Name:     "policy-required-metadata",
	Title:    "Metadata key that the policy requires is missing",
	Severity: SeverityError,
	Tags:     []string{tagPolicy, tagHygiene},
	Doc: `Finds environments without a metadata key (or with an empty value for it)
that a policy's required_metadata lists, such as an owner or cost centre.

Fix: add the key to the environment's metadata.`,
	Check: func(p *Pass) {
		keys, ranges := p.Policy.requiredMetadata()
		for _, env := range p.Config.Environments {
			have := map[string]bool{}
			for _, m := range env.Metadata {
				have[m.Key.Value] = m.Value.Value != ""
			}
			for i, k := range keys {
				if have[k] {
					continue
				}
				p.Report(Finding{
					Summary: "Metadata key " + quote(k) + " is required by policy", Detail: policyRef(ranges[i]),
					Subject: env.DeclRange, Address: env.Address, Path: metadataPath(k),
					PolicyRange: ranges[i].Ptr(),
				})
			}
		}
	},
}
