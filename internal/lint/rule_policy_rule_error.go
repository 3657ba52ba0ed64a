package lint

var policyRuleError = &Rule{
	Name:     "policy-rule-error",
	Title:    "Custom rule expression could not be evaluated",
	Severity: SeverityError,
	Tags:     []string{tagPolicy, tagCustom},
	Doc: `Finds a custom rule (a rule block of a policy) whose condition, when or
error_message fails for an environment: an attribute that is null, a
function given the wrong type, a result that is not true or false. The
finding points at the expression in the policy file and names the
environment.

A rule that cannot be evaluated checks nothing, so this is an error: the
policy would otherwise pass silently.

Fix: make the expression hold for every environment it sees, for example
with try(EXPR, FALLBACK) or can(EXPR), or narrow the rule with when.`,
	// The custom rules report it; it has no Check of its own.
}
