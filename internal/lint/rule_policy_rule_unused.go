package lint

var policyRuleUnused = &Rule{
	Name:     "policy-rule-unused",
	Title:    "Custom rule applies to no environment",
	Severity: SeverityNotice,
	Tags:     []string{tagPolicy, tagCustom},
	Doc: `Finds a custom rule whose when expression is false for every environment of
the configuration, so that it checks nothing. A configuration without
environments is not reported.

This is often right (a rule for production stacks linted in a development
stack), and often a typo in when (a metadata key spelt differently), hence a
notice.

Fix: correct the when expression, or remove the rule if nothing it was
written for remains.`,
	// The custom rules report it; it has no Check of its own.
}
