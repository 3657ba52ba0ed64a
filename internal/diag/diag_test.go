package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

type otherExtra struct{ inner any }

func (o otherExtra) UnwrapDiagnosticExtra() any { return o.inner }

// The address survives other Extras on either side of it.
func TestAddress(t *testing.T) {
	d := Error("environment.a", "S", "D")
	if Address(d) != "environment.a" || d.Severity != hcl.DiagError {
		t.Errorf("Error: %+v", d)
	}
	d.Extra = otherExtra{inner: d.Extra}
	if Address(d) != "environment.a" {
		t.Error("lost behind a wrapping Extra")
	}
	w := WithAddress(&hcl.Diagnostic{Extra: "kept"}, "environment.b")
	if Address(w) != "environment.b" || w.Extra.(addressExtra).UnwrapDiagnosticExtra() != "kept" {
		t.Errorf("WithAddress: %+v", w.Extra)
	}
	if Address(&hcl.Diagnostic{}) != "" || Address(&hcl.Diagnostic{Extra: 3}) != "" || Address(WithAddress(&hcl.Diagnostic{}, "")) != "" {
		t.Error("an address out of nothing")
	}
}

type diagErr struct{ diags hcl.Diagnostics }

func (e diagErr) Error() string                { return "diag error" }
func (e diagErr) Diagnostics() hcl.Diagnostics { return e.diags }

func TestFromError(t *testing.T) {
	if FromError(nil) != nil {
		t.Error("nil error gave diagnostics")
	}
	got := FromError(errors.New("first line\n  - second\n"))
	if len(got) != 1 || got[0].Summary != "first line" || got[0].Detail != "- second" {
		t.Errorf("plain error: %+v", got[0])
	}
	plain := hcl.Diagnostics{Error("", "P", "")}
	if got := FromError(fmt.Errorf("wrapped: %w", plain)); len(got) != 1 || got[0] != plain[0] {
		t.Errorf("hcl.Diagnostics: %v", got)
	}
	if Of(errors.New("x")) != nil {
		t.Error("a plain error has diagnostics")
	}
	inner := hcl.Diagnostics{Warning("environment.c", "W", "")}
	if got := FromError(fmt.Errorf("wrapped: %w", diagErr{inner})); len(got) != 1 || got[0] != inner[0] {
		t.Errorf("Diagnoser: %v", got)
	}
}

// Unsourced keeps the line in the detail, drops the range, and leaves its
// input alone.
func TestUnsourced(t *testing.T) {
	rng := &hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: 7, Column: 1}, End: hcl.Pos{Line: 7, Column: 3}}
	in := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad", Detail: "It is bad.", Subject: rng}}
	out := Unsourced(in, "environment.x", "main.hcl as rewritten")
	if out[0].Subject != nil || Address(out[0]) != "environment.x" || !strings.HasSuffix(out[0].Detail, "(line 7 of main.hcl as rewritten)") {
		t.Errorf("out %+v", out[0])
	}
	if in[0].Subject != rng || in[0].Extra != nil {
		t.Error("the input changed")
	}
}

func TestQuotableLeavesOutValueFiles(t *testing.T) {
	conf, vals := &hcl.File{Bytes: []byte("a")}, MarkValues(&hcl.File{Bytes: []byte("b")})
	files := map[string]*hcl.File{"main.hcl": conf, "prod.vars.hcl": vals}
	got := Quotable(files)
	if len(got) != 1 || got["main.hcl"] != conf || len(files) != 2 {
		t.Errorf("Quotable = %v (files now %v), want main.hcl only, files as they were", got, files)
	}
	if !HoldsValues(vals) || HoldsValues(conf) || HoldsValues(nil) || MarkValues(nil) != nil {
		t.Error("HoldsValues does not tell the marked file")
	}
}
