// Package diag is terrarium's one diagnostics channel: hcl.Diagnostics
// from the engines to the views, with the address of the object a
// diagnostic is about when it has no source range (a live environment, a
// planned change, a -target argument), as Terraform's tfdiags does.
//
// The address travels in hcl.Diagnostic.Extra, so every engine and view
// keeps speaking hcl.Diagnostics; Address reads it back, through any
// wrapping Extra that implements hcl.DiagnosticExtraUnwrapper.
package diag

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// addressExtra is the Extra of a diagnostic about an addressed object.
type addressExtra struct {
	address string
	inner   any
}

// UnwrapDiagnosticExtra returns the Extra this one wraps, if any.
func (a addressExtra) UnwrapDiagnosticExtra() any { return a.inner }

// DiagnosticAddress returns the address the diagnostic is about.
func (a addressExtra) DiagnosticAddress() string { return a.address }

// Error is an error diagnostic about the object at address (such as
// "environment.api" or `environment.team["data"]`); address may be "".
func Error(address, summary, detail string) *hcl.Diagnostic {
	return WithAddress(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail}, address)
}

// Warning is a warning diagnostic about the object at address.
func Warning(address, summary, detail string) *hcl.Diagnostic {
	return WithAddress(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail}, address)
}

// WithAddress records address on d, keeping any Extra it had, and returns
// d. An empty address leaves d as it is.
func WithAddress(d *hcl.Diagnostic, address string) *hcl.Diagnostic {
	if address != "" {
		d.Extra = addressExtra{address: address, inner: d.Extra}
	}
	return d
}

// Address returns the address d is about, or "" when it names none.
func Address(d *hcl.Diagnostic) string {
	extra := d.Extra
	for extra != nil {
		if a, ok := extra.(interface{ DiagnosticAddress() string }); ok {
			return a.DiagnosticAddress()
		}
		u, ok := extra.(hcl.DiagnosticExtraUnwrapper)
		if !ok {
			return ""
		}
		extra = u.UnwrapDiagnosticExtra()
	}
	return ""
}

// Unsourced moves diagnostics of a source that is on no disk (a generated
// block, a file as it would be rewritten) off it: each subject becomes a
// line number of where (such as "the block generated for environment.x")
// in the detail, and the diagnostic is about address instead. diags is
// left as it is.
func Unsourced(diags hcl.Diagnostics, address, where string) hcl.Diagnostics {
	out := make(hcl.Diagnostics, 0, len(diags))
	for _, d := range diags {
		c := *d
		if c.Subject != nil {
			c.Detail = strings.TrimSpace(fmt.Sprintf("%s (line %d of %s)", c.Detail, c.Subject.Start.Line, where))
		}
		c.Subject, c.Context, c.Expression, c.EvalContext = nil, nil, nil, nil
		out = append(out, WithAddress(&c, address))
	}
	return out
}

// Range is a source range in the JSON shape every machine format of
// terrarium uses (diagnostics, lint findings, a plan's lint findings):
// lines and columns count from 1, bytes from 0.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Pos is a position in a source file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// NewRange is r in the JSON shape; nil for a range that names no file.
func NewRange(r hcl.Range) *Range {
	if r.Filename == "" && r.Start.Line == 0 {
		return nil
	}
	return &Range{
		Filename: r.Filename,
		Start:    Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// String is "file:line:col", the start of the range.
func (r *Range) String() string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// FromError turns an error that is not a diagnostic (a network failure, a
// file that cannot be read) into one error diagnostic: its first line is
// the summary, the rest the detail. An error that carries diagnostics
// (see Diagnoser) gives those instead.
func FromError(err error) hcl.Diagnostics {
	if err == nil {
		return nil
	}
	if diags := Of(err); diags != nil {
		return diags
	}
	summary, detail, _ := strings.Cut(err.Error(), "\n")
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: strings.TrimSpace(detail)}}
}

// Of returns the diagnostics err carries, anywhere in its chain: a
// Diagnoser's, or err itself when it is hcl.Diagnostics; nil otherwise.
func Of(err error) hcl.Diagnostics {
	var d Diagnoser
	if errors.As(err, &d) {
		return d.Diagnostics()
	}
	var hd hcl.Diagnostics
	if errors.As(err, &hd) {
		return hd
	}
	return nil
}

// Diagnoser is an engine error that can say itself as diagnostics, each
// with its own subject or address (a stale plan, a refused rollback).
type Diagnoser interface {
	error
	Diagnostics() hcl.Diagnostics
}
