package lint

var hostNotApproved = &Rule{
	Name:             "host-not-approved",
	Title:            "Allowed host that the policy's approved_hosts does not approve",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagNetworking, tagSecurity},
	SecuritySeverity: 7.5,
	Doc: `Finds allowed hosts that do not match every policy's approved_hosts.

approved_hosts is an allow-list of "https://host" patterns; a leading "*."
label matches one or more labels (https://*.corp.example approves
https://api.corp.example, not https://corp.example). Scheme and port must
match. When several policies apply (the configuration's policy block and
--policy files), a host must be approved by each one that has a list.

Fix: use an approved host, or ask the policy's owners to approve this one.`,
	Check: func(p *Pass) {
		p.Hosts(func(h HostEntry) {
			if h.Err != nil {
				return
			}
			if l := p.Policy.unapprovedBy(h.Host); l != nil {
				f := h.Finding("Allowed host "+quote(h.Value.Value)+" is not approved by policy", "No approved_hosts pattern matches it. "+policyRef(l.Range))
				f.PolicyRange = l.Range.Ptr()
				p.Report(f)
			}
		})
	},
}
