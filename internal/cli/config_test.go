package cli

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/iostreams"
)

// Colour follows stdout; stderr that is not a terminal (a log file, a
// pipe) gets no escape codes even when stdout is a colour terminal.
func TestDiagnosticsNoColorWhenStderrIsNotATerminal(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	ios.Color = true
	d := &Deps{IO: ios, Globals: &Globals{}}
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad thing", Detail: "It is bad."}}
	if err := printDiagnostics(d, nil, diags); err != nil {
		t.Fatal(err)
	}
	if got := errOut.String(); strings.Contains(got, "\x1b[") || !strings.Contains(got, "Error: Bad thing") {
		t.Errorf("stderr = %q, want plain text", got)
	}
}
