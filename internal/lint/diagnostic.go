package lint

import (
	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
)

// Diagnostic is the finding as a diagnostic, for the views that show
// findings among other diagnostics (plan --json, which stops at a lint
// error): a notice or warning is a warning, an error an error; the
// subject is the finding's range, and the address its environment and
// attribute path.
func (f Finding) Diagnostic() *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: f.Summary,
		Detail: f.Detail + "\n\nRule: " + f.Rule + " (terrarium lint --explain " + f.Rule + ")"}
	if f.Detail == "" {
		d.Detail = d.Detail[2:]
	}
	if f.Severity == SeverityError {
		d.Severity = hcl.DiagError
	}
	if f.Subject.Filename != "" {
		d.Subject = f.Subject.Ptr()
	}
	addr := f.Address
	if addr != "" && f.Path != "" {
		addr += "." + f.Path
	}
	return diag.WithAddress(d, addr)
}
