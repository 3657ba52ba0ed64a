package schema

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

var (
	configTypes     = []string{ConfigCloud, ConfigSelfHosted}
	networkingTypes = []string{NetworkingUnrestricted, NetworkingLimited}
)

var envConfigSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type", Required: true}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "packages"}, {Type: "networking"}},
}

var packagesSchema = func() *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, m := range PackageManagers {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: m})
	}
	return s
}()

var networkingSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type", Required: true}, {Name: "allowed_hosts"}, {Name: "allow_mcp_servers"}, {Name: "allow_package_managers"},
	},
}

// decodeEnvConfig decodes an environment's config block. Packages and
// networking under self_hosted are kept: lint reports them.
func (ev *evaluator) decodeEnvConfig(b *hcl.Block, ctx *hcl.EvalContext) (*EnvConfigBlock, hcl.Diagnostics) {
	c := &EnvConfigBlock{Range: blockRange(b)}
	content, diags := bodyContent(b.Body, envConfigSchema)
	if a := content.Attributes["type"]; a != nil {
		s, _, d := ev.evalEnum(a, ctx, configTypes, true)
		diags = append(diags, d...)
		c.Type = s
	}
	var seen = map[string]*hcl.Block{}
	for _, nb := range content.Blocks {
		if prev := seen[nb.Type]; prev != nil {
			diags = diags.Append(duplicateBlock(nb.Type, "", nb, prev))
			continue
		}
		seen[nb.Type] = nb
		var d hcl.Diagnostics
		if nb.Type == "packages" {
			c.Packages, d = ev.decodePackages(nb, ctx)
		} else {
			c.Networking, d = ev.decodeNetworking(nb, ctx)
		}
		diags = append(diags, d...)
	}
	return c, diags
}

func (ev *evaluator) decodePackages(b *hcl.Block, ctx *hcl.EvalContext) (*PackagesBlock, hcl.Diagnostics) {
	p := &PackagesBlock{Lists: map[string][]String{}, AttrRanges: map[string]hcl.Range{}, Range: blockRange(b)}
	content, diags := bodyContent(b.Body, packagesSchema)
	for _, m := range PackageManagers {
		a := content.Attributes[m]
		if a == nil {
			continue
		}
		list, d := ev.evalStringList(a, ctx)
		diags = append(diags, d...)
		p.Lists[m] = list
		p.AttrRanges[m] = a.Range
	}
	return p, diags
}

func (ev *evaluator) decodeNetworking(b *hcl.Block, ctx *hcl.EvalContext) (*NetworkingBlock, hcl.Diagnostics) {
	n := &NetworkingBlock{Range: blockRange(b)}
	content, diags := bodyContent(b.Body, networkingSchema)
	if a := content.Attributes["type"]; a != nil {
		s, _, d := ev.evalEnum(a, ctx, networkingTypes, true)
		diags = append(diags, d...)
		n.Type = s
	}
	if a := content.Attributes["allowed_hosts"]; a != nil {
		list, d := ev.evalStringList(a, ctx)
		diags = append(diags, d...)
		n.AllowedHosts, n.AllowedHostsRange = list, a.Range
	}
	for _, f := range []struct {
		name string
		slot **Bool
	}{{"allow_mcp_servers", &n.AllowMCPServers}, {"allow_package_managers", &n.AllowPackageManagers}} {
		slot := f.slot
		a := content.Attributes[f.name]
		if a == nil {
			continue
		}
		v, ok, d := ev.evalBool(a, ctx)
		diags = append(diags, d...)
		if ok {
			*slot = &v
		}
	}
	return n, diags
}

var lifecycleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "prevent_destroy"}, {Name: "ignore_changes"}, {Name: "on_destroy"}},
}

func (ev *evaluator) decodeLifecycle(b *hcl.Block, ctx *hcl.EvalContext) (Lifecycle, hcl.Diagnostics) {
	lc := Lifecycle{Range: blockRange(b)}
	content, diags := bodyContent(b.Body, lifecycleSchema)
	if a := content.Attributes["prevent_destroy"]; a != nil {
		v, _, d := ev.evalBool(a, ctx)
		diags = append(diags, d...)
		lc.PreventDestroy = v.Value
	}
	if a := content.Attributes["on_destroy"]; a != nil {
		v, ok, d := ev.evalEnum(a, ctx, onDestroyValues, false)
		diags = append(diags, d...)
		if ok {
			lc.OnDestroy = &v
		}
	}
	if a := content.Attributes["ignore_changes"]; a != nil {
		paths, d := ignorePaths(a)
		diags = append(diags, d...)
		lc.IgnoreChanges = paths
	}
	return lc, diags
}

// decodeMetadata decodes the metadata map. A literal object keeps each key's
// and value's range; a computed map gives every entry the expression range.
func (ev *evaluator) decodeMetadata(a *hcl.Attribute, ctx *hcl.EvalContext) ([]MetadataEntry, hcl.Diagnostics) {
	entries, diags := ev.metadataEntries(a, ctx)
	seen := map[string]bool{}
	out := entries[:0]
	for _, e := range entries {
		switch {
		case seen[e.Key.Value]:
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate metadata key",
				Detail: fmt.Sprintf("The metadata key %q is set more than once.", e.Key.Value), Subject: e.Key.Range.Ptr()})
		case IsReservedMetadataKey(e.Key.Value):
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reserved metadata key",
				Detail:  fmt.Sprintf("The metadata key %q is reserved: terrarium writes it to record which stack owns the environment and whether it is protected from destruction.", e.Key.Value),
				Subject: e.Key.Range.Ptr()})
		default:
			seen[e.Key.Value] = true
			out = append(out, e)
		}
	}
	sortEntries(out)
	return out, diags
}
