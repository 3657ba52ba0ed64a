package rollback

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"terrarium/schema"
)

// editor changes one environment block's body in place, attribute by
// attribute, so that everything the version does not change (comments,
// lifecycle, expressions of unchanged fields) stays byte for byte.
type editor struct {
	body   *hclwrite.Body
	label  string
	target schema.EnvSpec
	// top holds top-level attributes the block lacks; they go before the
	// nested blocks, where a reader expects them.
	top     []string
	netFull bool
}

// topOrder is the order new top-level attributes are written in.
var topOrder = []string{schema.PathName, schema.PathDescription, schema.PathScope, schema.PathMetadata}

func (e *editor) apply(path string) {
	selfHosted := e.target.Config.Type == schema.ConfigSelfHosted
	manager, isPkgs := schema.PackagesManager(path)
	netAttr, isNet := strings.CutPrefix(path, schema.PrefixNetworking)
	_, isMeta := schema.MetadataKey(path)
	switch {
	case selfHosted && (isPkgs || isNet):
		// setConfigType removed both blocks: a self_hosted config has neither.
	case path == schema.PathName:
		e.setTop(schema.PathName, cty.StringVal(e.target.Name))
	case path == schema.PathDescription:
		if d := e.target.Description; d != nil && *d != "" {
			e.setTop(schema.PathDescription, cty.StringVal(*d))
		} else {
			e.body.RemoveAttribute(schema.PathDescription)
		}
	case path == schema.PathScope:
		if e.target.Scope != "" {
			e.setTop(schema.PathScope, cty.StringVal(e.target.Scope))
		} else {
			e.body.RemoveAttribute(schema.PathScope)
		}
	case isMeta:
		e.setMetadata()
	case path == schema.PathConfigType:
		e.setConfigType()
	case isPkgs:
		e.setPackages(manager)
	case isNet:
		e.setNetworking(netAttr)
	default:
		panic("rollback: no edit for path " + path)
	}
}

func (e *editor) setTop(name string, v cty.Value) {
	if e.body.GetAttribute(name) != nil {
		e.body.SetAttributeValue(name, v)
		return
	}
	for _, t := range e.top {
		if t == name {
			return
		}
	}
	e.top = append(e.top, name)
}

func (e *editor) setMetadata() {
	if len(e.target.Metadata) == 0 {
		e.body.RemoveAttribute("metadata")
		return
	}
	e.setTop("metadata", e.metadata())
}

// metadata is the target's metadata as an HCL object.
func (e *editor) metadata() cty.Value {
	m := make(map[string]cty.Value, len(e.target.Metadata))
	for k, v := range e.target.Metadata {
		m[k] = cty.StringVal(v)
	}
	return cty.ObjectVal(m)
}

func (e *editor) topValue(name string) cty.Value {
	switch name {
	case "name":
		return cty.StringVal(e.target.Name)
	case "description":
		return cty.StringVal(*e.target.Description)
	case "scope":
		return cty.StringVal(e.target.Scope)
	}
	return e.metadata()
}

func (e *editor) config() *hclwrite.Body {
	if b := e.body.FirstMatchingBlock("config", nil); b != nil {
		return b.Body()
	}
	return e.body.AppendNewBlock("config", nil).Body()
}

func (e *editor) setConfigType() {
	c := e.config()
	c.SetAttributeValue("type", cty.StringVal(e.target.Config.Type))
	if e.target.Config.Type == schema.ConfigSelfHosted {
		for _, name := range []string{"packages", "networking"} {
			if b := c.FirstMatchingBlock(name, nil); b != nil {
				c.RemoveBlock(b)
			}
		}
	}
}

func (e *editor) child(name string) *hclwrite.Body {
	c := e.config()
	if b := c.FirstMatchingBlock(name, nil); b != nil {
		return b.Body()
	}
	net := c.FirstMatchingBlock("networking", nil)
	if name != "packages" || net == nil {
		return c.AppendNewBlock(name, nil).Body()
	}
	c.RemoveBlock(net) // packages goes before networking, as in the API's object
	body := c.AppendNewBlock(name, nil).Body()
	c.AppendBlock(net)
	return body
}

func (e *editor) setPackages(manager string) {
	specs := e.target.Config.Packages.Get(manager)
	p := e.child("packages")
	if len(specs) == 0 {
		p.RemoveAttribute(manager)
		return
	}
	p.SetAttributeValue(manager, schema.HCLStringList(specs))
}

func (e *editor) setNetworking(attr string) {
	n := e.target.Config.Networking
	if n == nil {
		n = &schema.Networking{Type: schema.NetworkingUnrestricted}
	}
	nb := e.child("networking")
	if attr == "type" {
		nb.SetAttributeValue("type", cty.StringVal(n.Type))
		if n.Type == schema.NetworkingLimited {
			e.netFull = true // every flag explicit, as the API stores them
			return
		}
		for _, a := range []string{"allowed_hosts", "allow_mcp_servers", "allow_package_managers"} {
			nb.RemoveAttribute(a)
		}
		return
	}
	if n.Type != schema.NetworkingLimited {
		nb.RemoveAttribute(attr) // hosts and flags mean nothing without limited networking
		return
	}
	switch attr {
	case "allowed_hosts":
		nb.SetAttributeValue(attr, schema.HCLStringList(n.AllowedHosts))
	case "allow_mcp_servers":
		nb.SetAttributeValue(attr, cty.BoolVal(n.AllowMCPServers))
	case "allow_package_managers":
		nb.SetAttributeValue(attr, cty.BoolVal(n.AllowPackageManagers))
	}
}

// finish writes what had to wait: the full limited networking block, empty
// packages blocks removed, and new top-level attributes before the blocks.
func (e *editor) finish() {
	if e.netFull {
		for _, a := range []string{"allowed_hosts", "allow_package_managers", "allow_mcp_servers"} {
			e.setNetworking(a)
		}
	}
	if c := e.body.FirstMatchingBlock("config", nil); c != nil {
		if p := c.Body().FirstMatchingBlock("packages", nil); p != nil && len(p.Body().Attributes()) == 0 && len(p.Body().Blocks()) == 0 {
			c.Body().RemoveBlock(p)
		}
	}
	if len(e.top) == 0 {
		return
	}
	blocks := e.body.Blocks()
	for _, b := range blocks {
		e.body.RemoveBlock(b)
	}
	for _, name := range topOrder {
		for _, t := range e.top {
			if t == name {
				e.body.SetAttributeValue(name, e.topValue(name))
			}
		}
	}
	for _, b := range blocks {
		e.body.AppendBlock(b)
	}
}
