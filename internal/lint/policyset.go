package lint

import (
	"strconv"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/lint/hostspec"
	"terrarium/schema"
)

// PolicySet is every policy that applies to a run. Where several set the
// same thing, the strictest wins: a false allow_* beats a true one, a true
// require_pinned_packages beats false, the smallest max_allowed_hosts wins,
// every approved_hosts and approved_package_managers list must approve, and
// required_metadata keys add up.
type PolicySet struct {
	Policies []*Policy
}

func effectivePolicy(cfg *schema.Config, extra []*Policy) (*PolicySet, hcl.Diagnostics) {
	set := &PolicySet{}
	var diags hcl.Diagnostics
	for _, v := range cfg.Extensions[BlockPolicy] {
		if p, ok := v.(*Policy); ok {
			set.Policies = append(set.Policies, p)
		}
	}
	if len(set.Policies) > 1 {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Duplicate policy block",
			Detail:  "A configuration has at most one policy block; the first is at " + set.Policies[0].Range.String() + ".",
			Subject: set.Policies[1].Range.Ptr(),
		})
	}
	for _, p := range extra {
		if p != nil {
			set.Policies = append(set.Policies, p)
		}
	}
	return set, diags
}

// forbids returns the first policy setting picked by get that is false.
func (s *PolicySet) forbids(get func(*Policy) *BoolSetting) *BoolSetting {
	for _, p := range s.Policies {
		if b := get(p); b != nil && !b.Value {
			return b
		}
	}
	return nil
}

// requires returns the first policy setting picked by get that is true.
func (s *PolicySet) requires(get func(*Policy) *BoolSetting) *BoolSetting {
	for _, p := range s.Policies {
		if b := get(p); b != nil && b.Value {
			return b
		}
	}
	return nil
}

// maxHosts returns the smallest max_allowed_hosts, or nil.
func (s *PolicySet) maxHosts() *IntSetting {
	var best *IntSetting
	for _, p := range s.Policies {
		if m := p.MaxAllowedHosts; m != nil && (best == nil || m.Value < best.Value) {
			best = m
		}
	}
	return best
}

// unapprovedBy returns the approved_hosts list of the first policy that
// does not approve h, or nil when every policy approves it.
func (s *PolicySet) unapprovedBy(h hostspec.Host) *ListSetting {
	for _, p := range s.Policies {
		if p.ApprovedHosts == nil {
			continue
		}
		ok := false
		for _, pat := range p.approved {
			if pat.Matches(h) {
				ok = true
				break
			}
		}
		if !ok {
			return p.ApprovedHosts
		}
	}
	return nil
}

// managerNotApprovedBy returns the first approved_package_managers list that
// lacks manager, or nil.
func (s *PolicySet) managerNotApprovedBy(manager string) *ListSetting {
	for _, p := range s.Policies {
		if l := p.ApprovedPackageManagers; l != nil && !contains(l.Values, manager) {
			return l
		}
	}
	return nil
}

// requiredMetadata returns every required key with the range that requires it.
func (s *PolicySet) requiredMetadata() ([]string, []hcl.Range) {
	var keys []string
	var ranges []hcl.Range
	for _, p := range s.Policies {
		if l := p.RequiredMetadata; l != nil {
			for i, k := range l.Values {
				if !contains(keys, k) {
					keys = append(keys, k)
					ranges = append(ranges, l.Ranges[i])
				}
			}
		}
	}
	return keys, ranges
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }

// policyRef is the "forbidden by" sentence naming a policy setting.
func policyRef(r hcl.Range) string {
	return "Forbidden by the policy at " + r.Filename + ":" + itoa(r.Start.Line) + "."
}
