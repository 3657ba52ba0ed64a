package schema

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bodyContent is body.Content(schema) for a block body as parsed. A body
// holding only what schema names, with the labels it asks for and every
// required argument, gets the same content without hclsyntax's copy of the
// body and its bookkeeping maps; any other body (or one not from
// hclsyntax) goes through Content, which reports what is wrong.
func bodyContent(body hcl.Body, schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || !fitsSchema(sb, schema) {
		return body.Content(schema)
	}
	content := &hcl.BodyContent{
		Attributes:       make(hcl.Attributes, len(sb.Attributes)),
		MissingItemRange: sb.MissingItemRange(),
	}
	// What AsHCLAttribute and AsHCLBlock build, in one allocation each.
	attrs := make([]hcl.Attribute, 0, len(sb.Attributes))
	for name, a := range sb.Attributes {
		attrs = append(attrs, hcl.Attribute{Name: a.Name, Expr: a.Expr, Range: a.SrcRange, NameRange: a.NameRange})
		content.Attributes[name] = &attrs[len(attrs)-1]
	}
	if len(sb.Blocks) > 0 {
		blocks := make([]hcl.Block, len(sb.Blocks))
		content.Blocks = make(hcl.Blocks, len(sb.Blocks))
		for i, b := range sb.Blocks {
			blocks[i] = hcl.Block{Type: b.Type, Labels: b.Labels, Body: b.Body, DefRange: b.DefRange(), TypeRange: b.TypeRange, LabelRanges: b.LabelRanges}
			content.Blocks[i] = &blocks[i]
		}
	}
	return content, nil
}

// fitsSchema reports whether Content(schema) on sb would keep every
// attribute and block and report nothing.
func fitsSchema(sb *hclsyntax.Body, schema *hcl.BodySchema) bool {
	for name := range sb.Attributes {
		if !hasAttribute(schema, name) {
			return false
		}
	}
	for _, a := range schema.Attributes {
		if a.Required && sb.Attributes[a.Name] == nil {
			return false
		}
	}
	for _, b := range sb.Blocks {
		found := false
		for _, bs := range schema.Blocks {
			if bs.Type == b.Type {
				found = len(b.Labels) == len(bs.LabelNames)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func hasAttribute(schema *hcl.BodySchema, name string) bool {
	for _, a := range schema.Attributes {
		if a.Name == name {
			// An attribute that is also a block type is reported by Content.
			for _, bs := range schema.Blocks {
				if bs.Type == name {
					return false
				}
			}
			return true
		}
	}
	return false
}
