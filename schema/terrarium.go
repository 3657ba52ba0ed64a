package schema

import (
	"fmt"
	"strconv"
	"strings"

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
	Attributes: []hcl.AttributeSchema{{Name: "stack"}, {Name: "workspace_id"}, {Name: "on_destroy"}, {Name: "max_destroy"}},
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
	if a := content.Attributes["max_destroy"]; a != nil {
		v, ok, d := ev.evalRequiredString(a, ev.ctx)
		diags = append(diags, d...)
		if ok {
			if _, err := ParseMaxDestroy(v.Value); err != nil {
				diags = diags.Append(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid max_destroy",
					Detail:   err.Error(),
					Subject:  v.Range.Ptr(),
				})
			} else {
				s.MaxDestroy = &v
			}
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

// MaxDestroy is the terrarium block's max_destroy: the most environments
// one plan may archive or delete, as a count (Percent false) or a
// percentage of the stack's managed environments (Percent true).
type MaxDestroy struct {
	N       int
	Percent bool
}

// ParseMaxDestroy reads "N" (a count) or "N%" (a percentage, 0 to 100).
func ParseMaxDestroy(s string) (MaxDestroy, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	n, err := strconv.Atoi(strings.TrimSuffix(t, "%"))
	switch {
	case err != nil || n < 0:
		return MaxDestroy{}, fmt.Errorf("max_destroy must be a count (like 5) or a percentage (like \"25%%\"), not %q", s)
	case pct && n > 100:
		return MaxDestroy{}, fmt.Errorf("max_destroy %q is more than 100%%", s)
	}
	return MaxDestroy{N: n, Percent: pct}, nil
}

// Limit is how many of managed environments may be destroyed.
func (m MaxDestroy) Limit(managed int) int {
	if m.Percent {
		return managed * m.N / 100
	}
	return m.N
}
