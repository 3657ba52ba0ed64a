package schema

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// EnvironmentHCL writes spec as an HCL environment block ready to paste
// into a configuration (history --hcl, state show, rollback's refusal,
// import --generate-config). Terrarium's reserved metadata keys are left
// out: they are written by terrarium, not by the config.
func EnvironmentHCL(address string, spec EnvSpec) []byte {
	label, key := splitEnvAddress(address)
	f := hclwrite.NewEmptyFile()
	root := f.Body()
	if key != "" {
		root.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# instance " + key + " of a for_each block\n")}})
	}
	b := root.AppendNewBlock("environment", []string{label}).Body()
	b.SetAttributeValue("name", cty.StringVal(spec.Name))
	if spec.Description != nil {
		b.SetAttributeValue("description", cty.StringVal(*spec.Description))
	}
	if spec.MetadataSensitive {
		// Unquoted, as plan shows it: a quoted string would read as the value.
		b.SetAttributeRaw("metadata", hclwrite.Tokens{{Type: hclsyntax.TokenIdent, Bytes: []byte(SensitiveText)}})
	} else if meta := hclUserMetadata(spec.Metadata); len(meta) > 0 {
		b.SetAttributeValue("metadata", cty.ObjectVal(meta))
	}
	if spec.Scope != "" {
		b.SetAttributeValue("scope", cty.StringVal(spec.Scope))
	}
	hclConfigBlock(b.AppendNewBlock("config", nil).Body(), spec.Config)
	return f.Bytes()
}

func hclConfigBlock(b *hclwrite.Body, c EnvConfig) {
	b.SetAttributeValue("type", cty.StringVal(c.Type))
	if c.Packages != nil && !c.Packages.Empty() {
		pb := b.AppendNewBlock("packages", nil).Body()
		for _, m := range PackageManagers {
			if specs := c.Packages.Get(m); len(specs) > 0 {
				pb.SetAttributeValue(m, HCLStringList(specs))
			}
		}
	}
	if n := c.Networking; n != nil {
		nb := b.AppendNewBlock("networking", nil).Body()
		nb.SetAttributeValue("type", cty.StringVal(n.Type))
		if n.Type == NetworkingLimited {
			nb.SetAttributeValue("allowed_hosts", HCLStringList(n.AllowedHosts))
			nb.SetAttributeValue("allow_package_managers", cty.BoolVal(n.AllowPackageManagers))
			nb.SetAttributeValue("allow_mcp_servers", cty.BoolVal(n.AllowMCPServers))
		}
	}
}

// HCLStringList is ss as an HCL list literal for hclwrite: a tuple of
// strings, or an empty list.
func HCLStringList(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.TupleVal(vals)
}

func hclUserMetadata(m map[string]string) map[string]cty.Value {
	out := map[string]cty.Value{}
	for k, v := range m {
		if !IsReservedMetadataKey(k) {
			out[k] = cty.StringVal(v)
		}
	}
	return out
}

// splitEnvAddress turns environment.LABEL["KEY"] into LABEL and ["KEY"].
func splitEnvAddress(address string) (label, key string) {
	rest := strings.TrimPrefix(address, "environment.")
	if i := strings.IndexByte(rest, '['); i >= 0 {
		return rest[:i], rest[i:]
	}
	return rest, ""
}
