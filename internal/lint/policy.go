package lint

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"terrarium/internal/lint/hostspec"
	"terrarium/schema"
)

// Policy is one decoded policy block, from the configuration or from a
// --policy file. A nil field was not set.
type Policy struct {
	ApprovedHosts *ListSetting
	// approved holds ApprovedHosts parsed, in the same order.
	approved                []hostspec.Host
	AllowUnrestricted       *BoolSetting
	AllowMCPServers         *BoolSetting
	AllowPackageManagers    *BoolSetting
	ApprovedPackageManagers *ListSetting
	RequirePinnedPackages   *BoolSetting
	MaxAllowedHosts         *IntSetting
	RequiredMetadata        *ListSetting
	// Rules are the policy's custom rules, in source order.
	Rules []*CustomRule
	// Range is the policy block's header.
	Range hcl.Range
}

var policySchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "approved_hosts"}, {Name: "allow_unrestricted"}, {Name: "allow_mcp_servers"},
	{Name: "allow_package_managers"}, {Name: "approved_package_managers"},
	{Name: "require_pinned_packages"}, {Name: "max_allowed_hosts"}, {Name: "required_metadata"},
}, Blocks: []hcl.BlockHeaderSchema{{Type: "rule", LabelNames: []string{"name"}}}}

// decodePolicyBlock decodes a policy block; it is the Decode of the
// "policy" BlockType and of --policy files.
func decodePolicyBlock(block *hcl.Block, ctx *hcl.EvalContext) (any, hcl.Diagnostics) {
	content, diags := block.Body.Content(policySchema)
	p := &Policy{Range: block.DefRange}
	bools := map[string]**BoolSetting{
		"allow_unrestricted": &p.AllowUnrestricted, "allow_mcp_servers": &p.AllowMCPServers,
		"allow_package_managers": &p.AllowPackageManagers, "require_pinned_packages": &p.RequirePinnedPackages,
	}
	lists := map[string]**ListSetting{
		"approved_hosts": &p.ApprovedHosts, "approved_package_managers": &p.ApprovedPackageManagers,
		"required_metadata": &p.RequiredMetadata,
	}
	for name, a := range content.Attributes {
		var d hcl.Diagnostics
		switch {
		case bools[name] != nil:
			*bools[name], d = decodeBool(a, ctx)
		case lists[name] != nil:
			*lists[name], d = decodeList(a, ctx)
		case name == "max_allowed_hosts":
			p.MaxAllowedHosts, d = decodeInt(a, ctx)
		}
		diags = append(diags, d...)
	}
	diags = append(diags, p.decodeRules(content.Blocks, ctx)...)
	diags = append(diags, p.check()...)
	return p, diags
}

// decodeRules decodes the policy's rule blocks; a name may appear once.
func (p *Policy) decodeRules(blocks []*hcl.Block, ctx *hcl.EvalContext) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, b := range blocks {
		cr, d := decodeCustomRule(b, ctx)
		diags = append(diags, d...)
		if cr == nil {
			continue
		}
		if prev := p.rule(cr.Name); prev != nil {
			diags = append(diags, duplicateCustomRule(cr, prev))
			continue
		}
		p.Rules = append(p.Rules, cr)
	}
	return diags
}

// rule returns the policy's custom rule called name, or nil.
func (p *Policy) rule(name string) *CustomRule {
	for _, r := range p.Rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func duplicateCustomRule(dup, first *CustomRule) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Duplicate custom rule",
		Detail:  "Rule " + quote(dup.Name) + " is already defined at " + first.Range.String() + "; give this one another name.",
		Subject: dup.Range.Ptr(),
	}
}

// check parses the host patterns and validates manager names.
func (p *Policy) check() hcl.Diagnostics {
	var diags hcl.Diagnostics
	if l := p.ApprovedHosts; l != nil {
		for i, v := range l.Values {
			// A bare pattern means https, as a bare allowed host does.
			h, err := hostspec.Parse(v)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Invalid approved_hosts pattern",
					Detail: quote(v) + ": " + err.Error() + ".", Subject: l.Ranges[i].Ptr(),
				})
				continue
			}
			p.approved = append(p.approved, h)
		}
	}
	if l := p.ApprovedPackageManagers; l != nil {
		for i, v := range l.Values {
			if !isManager(v) {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Unknown package manager",
					Detail:  quote(v) + " is not a package manager; use apt, cargo, gem, go, npm or pip.",
					Subject: l.Ranges[i].Ptr(),
				})
			}
		}
	}
	return diags
}

func isManager(m string) bool {
	for _, x := range schema.PackageManagers {
		if x == m {
			return true
		}
	}
	return false
}

// LoadPolicyFile reads a policy file: HCL with exactly one policy block.
// It returns the parsed file too, so that views can show its source.
func LoadPolicyFile(path string) (*Policy, *hcl.File, hcl.Diagnostics) {
	src, diags := schema.ReadNamedFile("Cannot read policy file", path)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	if d := schema.CheckNesting(src, path); d.HasErrors() {
		return nil, nil, d
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		return nil, f, diags
	}
	content, d := f.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: BlockPolicy}}})
	diags = append(diags, d...)
	if diags.HasErrors() {
		return nil, f, diags
	}
	if len(content.Blocks) != 1 {
		return nil, f, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid policy file",
			Detail:  "A policy file holds exactly one policy block; this one has " + itoa(len(content.Blocks)) + ".",
			Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos},
		})
	}
	v, d := decodePolicyBlock(content.Blocks[0], nil)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return nil, f, diags
	}
	return v.(*Policy), f, diags
}

// LoadPolicyFiles loads the policy files at paths (lint --policy, plan
// --policy), in order. files holds each file parsed, for rendering the
// diagnostics; loading stops at the first file with errors.
func LoadPolicyFiles(paths []string) ([]*Policy, map[string]*hcl.File, hcl.Diagnostics) {
	files := map[string]*hcl.File{}
	var policies []*Policy
	var diags hcl.Diagnostics
	for _, path := range paths {
		pol, f, d := LoadPolicyFile(path)
		if f != nil {
			files[path] = f
		}
		diags = append(diags, d...)
		if d.HasErrors() {
			return nil, files, diags
		}
		policies = append(policies, pol)
	}
	return policies, files, diags
}
