package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/schema"
)

// MassDestroyError refuses a plan that would archive or delete every
// managed environment of a stack of two or more, or more than the terrarium
// block's max_destroy allows: the mark of a plan run from the wrong or an
// emptied directory. --destroy and --allow-destroy-all lift it.
type MassDestroyError struct {
	Stack string
	Dir   string
	// Destroys of Managed environments would be archived or deleted;
	// Declared counts the configuration's environment blocks.
	Destroys, Managed, Declared int
	// MaxDestroy is max_destroy as written, "" when the refusal is the
	// default one (every environment of the stack).
	MaxDestroy string
	Limit      int
}

// Diagnostics is the refusal as one error diagnostic
// (internal/diag.Diagnoser).
func (e *MassDestroyError) Diagnostics() hcl.Diagnostics {
	sum := "Plan would destroy every managed environment of the stack"
	if e.MaxDestroy != "" {
		sum = "Plan would destroy more environments than max_destroy allows"
	}
	return hcl.Diagnostics{diag.Error("", sum, e.Error())}
}

func (e *MassDestroyError) Error() string {
	return e.What() + ". The configuration directory may be the wrong one (check the DIR argument and --chdir); nothing was changed. " +
		"If you mean it, plan again with --allow-destroy-all (or --destroy to destroy the whole stack), or raise max_destroy in the terrarium block"
}

// What says what the plan would destroy, without the advice.
func (e *MassDestroyError) What() string {
	what := fmt.Sprintf("this plan would archive or delete all %d managed environments of stack %q", e.Managed, e.Stack)
	if e.MaxDestroy != "" {
		what = fmt.Sprintf("this plan would archive or delete %d of the %d managed environments of stack %q, more than max_destroy = %q allows (%d)",
			e.Destroys, e.Managed, e.Stack, e.MaxDestroy, e.Limit)
	}
	if e.Declared == 0 {
		what = fmt.Sprintf("the configuration in %s declares no environment blocks, and stack %q owns %d environments: %s",
			e.Dir, e.Stack, e.Managed, what)
	}
	return what
}

// CheckMassDestroy returns a *MassDestroyError when p would archive or
// delete every managed environment of a stack that has two or more, or
// more than max allows (nil: no max_destroy); declared is the number of
// environment blocks the configuration in dir has. A --destroy,
// --refresh-only or --allow-destroy-all plan passes.
func (p *Plan) CheckMassDestroy(max *schema.String, declared int, dir string) error {
	if p.Options.Destroy || p.Options.RefreshOnly || p.Options.AllowDestroyAll {
		return nil
	}
	managed, destroys := p.Unchanged, 0
	for _, c := range p.Changes {
		if c.Before != nil && !c.Before.Archived() {
			managed++
		}
		if c.Action.Destroys() {
			destroys++
		}
	}
	e := &MassDestroyError{Stack: p.Stack, Dir: dir, Destroys: destroys, Managed: managed, Declared: declared}
	if managed >= 2 && destroys == managed {
		return e
	}
	if max != nil {
		m, err := schema.ParseMaxDestroy(max.Value)
		if err == nil && destroys > m.Limit(managed) {
			e.MaxDestroy, e.Limit = max.Value, m.Limit(managed)
			return e
		}
	}
	return nil
}
