package lint

import "github.com/hashicorp/hcl/v2"

var policyUnrestricted = &Rule{
	Name:             "policy-unrestricted",
	Title:            "Unrestricted networking that the policy forbids",
	Severity:         SeverityError,
	Tags:             []string{tagPolicy, tagNetworking, tagSecurity},
	SecuritySeverity: 8.0,
	Doc: `Finds cloud environments with unrestricted networking, written or implied
by a missing networking block, when a policy sets allow_unrestricted = false
or has an approved_hosts list without allow_unrestricted = true.

Fix: use limited networking with approved hosts.`,
	Check: func(p *Pass) {
		forbid := unrestrictedForbidden(p.Policy)
		if forbid == nil {
			return
		}
		for _, env := range p.Config.Environments {
			if !isCloud(env) {
				continue
			}
			n := env.Config.Networking
			f := Finding{Summary: "Unrestricted networking is forbidden by policy", Address: env.Address, Path: "config.networking", PolicyRange: forbid.Ptr()}
			switch {
			case n == nil:
				f.Subject, f.Detail = env.Config.Range, "Without a networking block the API defaults to unrestricted. "+policyRef(*forbid)
			case n.Type.Value == "unrestricted":
				f.Subject, f.Path, f.Value, f.Detail = n.Type.Range, "config.networking.type", n.Type.Value, policyRef(*forbid)
			default:
				continue
			}
			p.Report(f)
		}
	},
}

// unrestrictedForbidden returns the policy setting that forbids unrestricted
// networking, or nil.
func unrestrictedForbidden(s *PolicySet) *hcl.Range {
	if b := s.forbids(func(p *Policy) *BoolSetting { return p.AllowUnrestricted }); b != nil {
		return &b.Range
	}
	for _, p := range s.Policies {
		if p.ApprovedHosts != nil && (p.AllowUnrestricted == nil || !p.AllowUnrestricted.Value) {
			return &p.ApprovedHosts.Range
		}
	}
	return nil
}
