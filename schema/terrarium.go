package schema

import (
	"github.com/hashicorp/hcl/v2"
)

// Backend is the terrarium block's backend block. Its body is kept
// undecoded; the state backend that owns the type decodes it.
type Backend struct {
	Type  string
	Body  hcl.Body
	Range hcl.Range
}

// On-destroy actions.
const (
	OnDestroyArchive = "archive"
	OnDestroyDelete  = "delete"
)

// DefaultStack is the stack of a configuration without a terrarium block.
const DefaultStack = "default"

var onDestroyValues = []string{OnDestroyArchive, OnDestroyDelete}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "stack"}, {Name: "workspace_id"}, {Name: "on_destroy"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}, {Type: "rate_limits"}},
}

// decodeSettings decodes the terrarium block. Its attributes are evaluated
// without variables: the stack must be known before anything else.
func (l *loader) decodeSettings(blocks []*hcl.Block) hcl.Diagnostics {
	s := &l.cfg.Settings
	s.Stack = String{Value: DefaultStack}
	s.OnDestroy = String{Value: OnDestroyArchive}
	if len(blocks) == 0 {
		return nil
	}
	var diags hcl.Diagnostics
	for _, dup := range blocks[1:] {
		diags = diags.Append(duplicateBlock("terrarium", "", dup, blocks[0]))
	}
	b := blocks[0]
	s.Range = b.DefRange
	content, d := b.Body.Content(settingsSchema)
	diags = append(diags, d...)
	ev := &evaluator{ctx: &hcl.EvalContext{Functions: Functions()}}
	if a := content.Attributes["stack"]; a != nil {
		v, ok, d := ev.evalRequiredString(a, ev.ctx)
		diags = append(diags, d...)
		if ok {
			if v.Value == "" {
				diags = diags.Append(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid stack name",
					Detail:   "The stack name must not be empty.",
					Subject:  v.Range.Ptr(),
				})
			}
			s.Stack = v
		}
	}
	if a := content.Attributes["workspace_id"]; a != nil {
		v, ok, d := ev.evalString(a, ev.ctx)
		diags = append(diags, d...)
		if ok {
			s.WorkspaceID = &v
		}
	}
	if a := content.Attributes["on_destroy"]; a != nil {
		v, ok, d := ev.evalEnum(a, ev.ctx, onDestroyValues, true)
		diags = append(diags, d...)
		if ok {
			s.OnDestroy = v
		}
	}
	var backend, rates *hcl.Block
	for _, bb := range content.Blocks {
		first := &backend
		if bb.Type == "rate_limits" {
			first = &rates
		}
		if *first != nil {
			diags = diags.Append(duplicateBlock(bb.Type, "", bb, *first))
			continue
		}
		*first = bb
		if bb.Type == "rate_limits" {
			rl, d := decodeRateLimits(bb, ev.ctx)
			diags = append(diags, d...)
			s.RateLimits = rl
			continue
		}
		s.Backend = &Backend{Type: bb.Labels[0], Body: bb.Body, Range: bb.DefRange}
	}
	return diags
}
