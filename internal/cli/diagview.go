package cli

import (
	"bytes"
	"errors"
	"io"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/internal/render"
	"terrarium/internal/version"
)

// machineView is where a command in a machine format (--json, lint
// --format sarif|json|junit|github) sends its diagnostics, chosen once when
// the command starts, as Terraform's views are: into its own document on
// stdout, never as HCL text on stderr. Without one (Deps.view nil) they
// go to stderr as HCL text.
type machineView struct {
	files map[string]*hcl.File
	diags hcl.Diagnostics
	// emit, when set, writes diagnostics as they come (apply --json's
	// diagnostic events) instead of keeping them for the document.
	emit func(files map[string]*hcl.File, diags hcl.Diagnostics)
	// failed writes the document a command leaves on stdout when it
	// fails before writing its own: every diagnostic, in its format.
	failed func(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error
	// written is set once the command's document is out; an error after
	// it can only go to stderr.
	written bool
}

// useJSONDocument makes a --json command's diagnostics part of its JSON
// document (render.WithDiagnostics), or of validate's document when the
// command fails before it has its own.
func useJSONDocument(d *Deps) {
	d.view = &machineView{failed: render.DiagnosticsJSON}
}

// useJSONEvents makes a streaming --json command's diagnostics events of
// its stream, written at once.
func useJSONEvents(d *Deps, emit func(map[string]*hcl.File, hcl.Diagnostics)) {
	d.view = &machineView{emit: emit}
}

// add takes diagnostics for the view; the sources are kept for snippets.
func (v *machineView) add(files map[string]*hcl.File, diags hcl.Diagnostics) {
	if len(diags) == 0 {
		return
	}
	if v.emit != nil {
		v.emit(files, diags)
		return
	}
	if v.files == nil {
		v.files = map[string]*hcl.File{}
	}
	for name, f := range files {
		v.files[name] = f
	}
	v.diags = append(v.diags, diags...)
}

// writeJSON writes a --json command's document: what write renders, with
// the run's diagnostics added as its "diagnostics" member. Without a
// machine view it writes the document as it is.
func writeJSON(d *Deps, write func(io.Writer) error) error {
	v := d.view
	if v == nil {
		return write(d.IO.Out)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	v.written = true
	return render.WithDiagnostics(d.IO.Out, buf.Bytes(), v.files, v.diags)
}

// finish ends a command whose view has not written its document: err (an
// ExitError or any other) becomes a diagnostic, and the failure document
// goes to stdout. It reports whether it wrote anything.
func (v *machineView) finish(w io.Writer, err error) bool {
	if v.written {
		return false
	}
	var exit *ExitError
	if errors.As(err, &exit) {
		err = exit.Err
	}
	v.add(nil, diag.FromError(err))
	if v.emit != nil {
		return true
	}
	if e := v.failed(w, v.files, v.diags); e != nil {
		return false
	}
	v.written = true
	return true
}

// warn reports a warning that names no source: a diagnostic of the view.
func warn(d *Deps, summary, detail string) {
	_ = printDiagnostics(d, nil, hcl.Diagnostics{diag.Warning("", summary, detail)})
}

// showLintErrors shows the lint errors that stop a plan: as the lint text
// view on stderr, or as diagnostics of the machine view.
func showLintErrors(d *Deps, res lint.Result, files map[string]*hcl.File) {
	if d.view == nil {
		_ = render.LintText(d.IO.ErrOut, render.LintReport{Result: res, Files: files, Rules: res.Rules, ToolVersion: version.String(), Color: errColor(d)})
		return
	}
	var errs hcl.Diagnostics
	for _, f := range res.Findings {
		if f.Severity == lint.SeverityError {
			errs = append(errs, f.Diagnostic())
		}
	}
	d.view.add(files, errs)
}
