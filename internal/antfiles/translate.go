package antfiles

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"go.yaml.in/yaml/v3"

	"terrarium/schema"
)

// Spec translates an environment file's body into the environment it
// creates. file names the file in diagnostics. Fields terrarium's HCL
// cannot express (any field the environment block has no attribute for,
// and terrarium's reserved metadata keys) are warnings and are left out;
// a field of the wrong type is an error.
func (d *Doc) Spec(file string) (schema.EnvSpec, hcl.Diagnostics) {
	t := &translator{file: file}
	var spec schema.EnvSpec
	body := d.Body
	if body == nil {
		body = &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	name := false
	t.fields(body, "", func(key string, v *yaml.Node) bool {
		switch key {
		case "type":
			// The kind itself, already read by KindOf.
		case "name":
			spec.Name, name = t.str(v, key), true
		case "description":
			if v.Tag != "!!null" {
				s := t.str(v, key)
				spec.Description = &s
			}
		case "scope":
			spec.Scope = t.str(v, key)
		case "metadata":
			spec.Metadata = t.metadata(v)
		case "config":
			spec.Config = t.config(v)
		default:
			return false
		}
		return true
	})
	if d.Prose != nil && *d.Prose != "" {
		if spec.Description != nil {
			t.warn(body, "Description given twice", "The frontmatter has a description and the Markdown text below it is one too; ant puts the text in description, and so does terrarium.")
		}
		p := *d.Prose
		spec.Description = &p
	}
	if !name {
		t.err(body, "Environment without a name", "The create endpoint needs a name; add name: to the file.")
	}
	return spec, t.diags
}

type translator struct {
	file  string
	diags hcl.Diagnostics
}

func (t *translator) rng(n *yaml.Node) *hcl.Range {
	line, col := max(n.Line, 1), max(n.Column, 1)
	return &hcl.Range{Filename: t.file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col}}
}

func (t *translator) err(n *yaml.Node, summary, detail string) {
	t.diags = t.diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: t.rng(n)})
}

func (t *translator) warn(n *yaml.Node, summary, detail string) {
	t.diags = t.diags.Append(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: t.rng(n)})
}

// fields calls fn for each key of the mapping m (at path prefix); a key fn
// does not take is reported as a field HCL cannot express. A duplicate key
// is an error.
func (t *translator) fields(m *yaml.Node, prefix string, fn func(key string, v *yaml.Node) bool) {
	m = deref(m)
	if m.Kind != yaml.MappingNode {
		t.err(m, "Not a mapping", fmt.Sprintf("%s must be a mapping of fields.", strings.TrimSuffix(prefix, ".")))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], deref(m.Content[i+1])
		path := prefix + k.Value
		if seen[k.Value] {
			t.err(k, "Duplicate field", fmt.Sprintf("%s is given twice.", path))
			continue
		}
		seen[k.Value] = true
		if !fn(k.Value, v) {
			t.warn(k, "Field not expressible in HCL", fmt.Sprintf(
				"%s has no attribute in terrarium's environment block; it is left out of the generated configuration. Check whether the environment needs it.", path))
		}
	}
}

// deref follows a YAML alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func (t *translator) str(n *yaml.Node, path string) string {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		t.err(n, "Not a string", fmt.Sprintf("%s must be a string.", path))
		return ""
	}
	return n.Value
}

func (t *translator) boolean(n *yaml.Node, path string) bool {
	n = deref(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		t.err(n, "Not a boolean", fmt.Sprintf("%s must be true or false.", path))
	}
	return b
}

func (t *translator) strings(n *yaml.Node, path string) []string {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		t.err(n, "Not a list", fmt.Sprintf("%s must be a list of strings.", path))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, e := range n.Content {
		out = append(out, t.str(e, fmt.Sprintf("%s[%d]", path, i)))
	}
	return out
}

// metadata reads the metadata mapping. A number or boolean value is kept as
// its text (the API's metadata values are strings) with a warning;
// terrarium's reserved keys are left out.
func (t *translator) metadata(n *yaml.Node) map[string]string {
	out := map[string]string{}
	t.fields(n, "metadata.", func(key string, v *yaml.Node) bool {
		switch {
		case schema.IsReservedMetadataKey(key):
			t.warn(v, "Reserved metadata key left out", fmt.Sprintf(
				"metadata.%s is one of terrarium's ownership keys, which terrarium writes itself; the configuration cannot set it.", key))
		case v.Kind == yaml.ScalarNode && v.Tag != "!!str" && v.Tag != "!!null":
			t.warn(v, "Metadata value is not a string", fmt.Sprintf(
				"metadata.%s is %s; metadata values are strings, so the configuration gives it as the string %q.", key, v.Value, v.Value))
			out[key] = v.Value
		default:
			out[key] = t.str(v, "metadata."+key)
		}
		return true
	})
	return out
}

func (t *translator) config(n *yaml.Node) schema.EnvConfig {
	var c schema.EnvConfig
	t.fields(n, "config.", func(key string, v *yaml.Node) bool {
		switch key {
		case "type":
			c.Type = t.str(v, "config.type")
		case "packages":
			c.Packages = t.packages(v)
		case "networking":
			c.Networking = t.networking(v)
		default:
			return false
		}
		return true
	})
	if c.Type == "" {
		t.err(n, "Config without a type", "config.type must be cloud or self_hosted.")
	}
	return c
}

func (t *translator) packages(n *yaml.Node) *schema.Packages {
	p := &schema.Packages{}
	managers := map[string]bool{}
	for _, m := range schema.PackageManagers {
		managers[m] = true
	}
	t.fields(n, "config.packages.", func(key string, v *yaml.Node) bool {
		switch {
		case key == "type":
			if s := t.str(v, "config.packages.type"); s != "packages" {
				t.err(v, "Unknown packages type", fmt.Sprintf("config.packages.type is %q; the API knows only \"packages\".", s))
			}
		case managers[key]:
			p.Set(key, t.strings(v, "config.packages."+key))
		default:
			return false
		}
		return true
	})
	return p
}

func (t *translator) networking(n *yaml.Node) *schema.Networking {
	nw := &schema.Networking{}
	t.fields(n, "config.networking.", func(key string, v *yaml.Node) bool {
		p := "config.networking." + key
		switch key {
		case "type":
			nw.Type = t.str(v, p)
		case "allowed_hosts":
			nw.AllowedHosts = t.strings(v, p)
		case "allow_mcp_servers":
			nw.AllowMCPServers = t.boolean(v, p)
		case "allow_package_managers":
			nw.AllowPackageManagers = t.boolean(v, p)
		default:
			return false
		}
		return true
	})
	return nw
}
