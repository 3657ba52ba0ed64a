package schema

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var scopeValues = []string{ScopeOrganization, ScopeAccount}

var environmentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "for_each"}, {Name: "name"}, {Name: "description"}, {Name: "scope"}, {Name: "metadata"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "config"}, {Type: "lifecycle"}},
}

// envBlock is one environment block with its decoded body, shared by its
// for_each instances.
type envBlock struct {
	block     *hcl.Block
	content   *hcl.BodyContent
	config    *hcl.Block
	lifecycle *hcl.Block
}

// decodeEnvironments decodes and expands every environment block.
func (l *loader) decodeEnvironments(blocks []*hcl.Block) hcl.Diagnostics {
	unique, diags := uniqueLabels("environment", blocks, "Invalid environment label",
		"A label must start with a letter or underscore and may contain only letters, digits, underscores and dashes; it becomes part of the address environment.LABEL. Set the API name with the name argument.")
	// Each block's syntax tree is garbage once decoded (decodeEnvBlocks
	// drops it from unique), unless Config.Files still holds its file.
	delete(l.blocks, "environment")
	diags = append(diags, l.decodeEnvBlocks(unique)...)
	sort.Slice(l.cfg.Environments, func(i, j int) bool {
		return l.cfg.Environments[i].Address < l.cfg.Environments[j].Address
	})
	return append(diags, duplicateNames(l.cfg.Environments)...)
}

func decodeEnvBlock(b *hcl.Block) (*envBlock, hcl.Diagnostics) {
	content, diags := bodyContent(b.Body, environmentSchema)
	eb := &envBlock{block: b, content: content}
	for _, nb := range content.Blocks {
		slot := &eb.config
		if nb.Type == "lifecycle" {
			slot = &eb.lifecycle
		}
		if *slot != nil {
			diags = diags.Append(duplicateBlock(nb.Type, "", nb, *slot))
			continue
		}
		*slot = nb
	}
	if eb.config == nil {
		diags = diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing config block",
			Detail:   fmt.Sprintf("The environment %q has no config block. Add one with at least type = \"cloud\" or type = \"self_hosted\".", b.Labels[0]),
			Subject:  b.DefRange.Ptr(),
		})
	}
	return eb, diags
}

// envResult is one environment block decoded: its instances and
// diagnostics.
type envResult struct {
	envs  []*Environment
	diags hcl.Diagnostics
}

// decodeEnvBlocks decodes and expands the blocks not decoded yet
// (predecoded), keeping results in block order.
func (l *loader) decodeEnvBlocks(blocks []*hcl.Block) hcl.Diagnostics {
	results := make([]envResult, len(blocks))
	var todo []*hcl.Block
	var at []int
	for i, b := range blocks {
		if r, done := l.predecoded[b]; done {
			results[i] = r
			delete(l.predecoded, b)
		} else {
			todo, at = append(todo, b), append(at, i)
		}
		blocks[i] = nil // decodeEach drops todo's once decoded
	}
	for j, r := range l.decodeEach(todo) {
		results[at[j]] = r
	}
	var diags hcl.Diagnostics
	for _, r := range results {
		l.cfg.Environments = append(l.cfg.Environments, r.envs...)
		diags = append(diags, r.diags...)
	}
	return diags
}

// decodeEach decodes and expands the blocks concurrently (evaluation only
// reads the shared context), keeping results in block order.
func (l *loader) decodeEach(blocks []*hcl.Block) []envResult {
	results := make([]envResult, len(blocks))
	workers := min(runtime.GOMAXPROCS(0), len(blocks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				eb, d := decodeEnvBlock(blocks[i])
				envs, d2 := l.expand(eb)
				results[i] = envResult{envs, append(d, d2...)}
				blocks[i] = nil // its syntax tree is no longer needed
			}
		}()
	}
	for i := range blocks {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// expand evaluates for_each and decodes one Environment per instance.
func (l *loader) expand(eb *envBlock) ([]*Environment, hcl.Diagnostics) {
	fe := eb.content.Attributes["for_each"]
	if fe == nil {
		env, diags := l.decodeInstance(eb, nil, l.ev.ctx)
		return []*Environment{env}, diags
	}
	keys, vals, diags := l.forEach(fe)
	envs := make([]*Environment, 0, len(keys))
	for i, k := range keys {
		ctx := l.ev.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{
			"key": cty.StringVal(k), "value": vals[i],
		})}
		env, d := l.decodeInstance(eb, &keys[i], ctx)
		diags = append(diags, d...)
		envs = append(envs, env)
	}
	return envs, diags
}

// forEach evaluates a for_each expression into sorted keys and values.
func (l *loader) forEach(attr *hcl.Attribute) ([]string, []cty.Value, hcl.Diagnostics) {
	v, diags := l.ev.eval(attr.Expr, l.ev.ctx)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	bad := func(detail string) ([]string, []cty.Value, hcl.Diagnostics) {
		return nil, nil, diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid for_each argument",
			Detail:   detail,
			Subject:  attr.Expr.Range().Ptr(),
		})
	}
	v, marks := v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return nil, nil, diags
	}
	if len(marks) > 0 {
		return bad("The for_each value is derived from a sensitive variable; its keys would become visible in addresses.")
	}
	if v.IsNull() {
		return bad("The for_each value must not be null.")
	}
	ty := v.Type()
	var keys []string
	var vals []cty.Value
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			keys, vals = append(keys, k.AsString()), append(vals, ev)
		}
	case ty.IsSetType() && ty.ElementType() == cty.String:
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if ev.IsNull() {
				return bad("A for_each set must not contain null.")
			}
			keys, vals = append(keys, ev.AsString()), append(vals, ev)
		}
	case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
		return bad(fmt.Sprintf("for_each supports a map, or a set of strings; this is %s. Convert a list of strings with toset().", ty.FriendlyName()))
	default:
		return bad(fmt.Sprintf("for_each supports a map, or a set of strings; this is %s.", ty.FriendlyName()))
	}
	return keys, vals, diags
}

// decodeInstance decodes one instance of an environment block in ctx.
func (l *loader) decodeInstance(eb *envBlock, key *string, ctx *hcl.EvalContext) (*Environment, hcl.Diagnostics) {
	b := eb.block
	label := b.Labels[0]
	env := &Environment{
		Address:   Address(label, key),
		Label:     label,
		Key:       key,
		DeclRange: b.DefRange,
		Range:     blockRange(b),
		Name:      String{Value: label, Range: b.LabelRanges[0]},
	}
	var diags hcl.Diagnostics
	attrs := eb.content.Attributes
	if a := attrs["name"]; a != nil {
		s, ok, d := l.ev.evalRequiredString(a, ctx)
		diags = append(diags, d...)
		if ok && s.Value == "" {
			diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid environment name",
				Detail: "The name must not be empty.", Subject: s.Range.Ptr()})
		}
		if ok {
			env.Name = s
		} else {
			// The name is unknown (its diagnostic is already reported):
			// leave it empty so that no instance is reported as sharing
			// the label's default name.
			env.Name = String{Range: a.Expr.Range()}
		}
	}
	if a := attrs["description"]; a != nil {
		s, ok, d := l.ev.evalString(a, ctx)
		diags = append(diags, d...)
		if ok {
			env.Description = &s
		}
	}
	if a := attrs["scope"]; a != nil {
		s, ok, d := l.ev.evalEnum(a, ctx, scopeValues, false)
		diags = append(diags, d...)
		if ok {
			env.Scope = &s
		}
	}
	if a := attrs["metadata"]; a != nil {
		m, d := l.ev.decodeMetadata(a, ctx)
		diags = append(diags, d...)
		env.Metadata = m
	}
	if eb.config != nil {
		c, d := l.ev.decodeEnvConfig(eb.config, ctx)
		diags = append(diags, d...)
		env.Config = c
	}
	if eb.lifecycle != nil {
		lc, d := l.ev.decodeLifecycle(eb.lifecycle, ctx)
		diags = append(diags, d...)
		env.Lifecycle = lc
	}
	return env, diags
}

// blockRange covers a whole block, header to closing brace.
func blockRange(b *hcl.Block) hcl.Range {
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, sb.SrcRange)
	}
	return b.DefRange
}

// duplicateNames reports environments that would share an API name: names
// are unique within an organization and workspace.
func duplicateNames(envs []*Environment) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]*Environment{}
	for _, e := range envs {
		if e.Name.Value == "" {
			continue // reported where it was evaluated
		}
		prev := seen[e.Name.Value]
		if prev == nil {
			seen[e.Name.Value] = e
			continue
		}
		detail := fmt.Sprintf("%s and %s both have the name %q; environment names must be unique.", prev.Address, e.Address, e.Name.Value)
		if prev.Label == e.Label && e.Key != nil {
			detail += fmt.Sprintf(" Give each instance its own name, for example name = \"%s-${each.key}\".", e.Label)
		}
		diags = diags.Append(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Duplicate environment name",
			Detail:   detail,
			Subject:  e.Name.Range.Ptr(),
		})
	}
	return diags
}
