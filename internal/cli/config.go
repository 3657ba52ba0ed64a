package cli

import (
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/term"

	"terrarium/internal/render"
	"terrarium/internal/safefile"
	"terrarium/schema"
)

// loadConfig loads the configuration in dir, prints its diagnostics (warnings
// too) to stderr, and returns errReported when there is any error. lint and
// plan pass their extension blocks in exts.
func loadConfig(d *Deps, dir string, vars, varFiles []string, exts []schema.BlockType) (*schema.Config, error) {
	cfg, diags := loadConfigDiags(d, dir, vars, varFiles, exts)
	if err := printDiagnostics(d, cfg.Files, diags); err != nil {
		return cfg, err
	}
	if diags.HasErrors() {
		return cfg, errReported
	}
	return cfg, nil
}

// loadConfigDiags loads without printing, for commands that render the
// diagnostics themselves (validate --json).
func loadConfigDiags(d *Deps, dir string, vars, varFiles []string, exts []schema.BlockType) (*schema.Config, hcl.Diagnostics) {
	if dir == "" {
		dir = "."
	}
	var environ []string
	if d.Environ != nil {
		environ = d.Environ()
	}
	cfg, diags := schema.Load(dir, schema.LoadOptions{Vars: vars, VarFiles: varFiles, Environ: environ, Extensions: exts})
	d.hidden.add(cfg.SensitiveStrings()) // TERRARIUM_LOG=debug shows none of them
	return cfg, diags
}

// printDiagnostics writes diags to stderr in HCL's text form, or hands
// them to the command's machine view when it has one.
func printDiagnostics(d *Deps, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if d.Globals != nil {
		out := make(hcl.Diagnostics, len(diags))
		for i, diag := range diags {
			c := *diag
			c.Detail = withRunFlags(d, c.Detail)
			out[i] = &c
		}
		diags = out
	}
	if d.view != nil {
		d.view.add(files, diags)
		return nil
	}
	if d.compactWarnings {
		return render.CompactDiagnostics(d.IO.ErrOut, files, diags, errColor(d), termWidth(d.IO.ErrOut))
	}
	return render.Diagnostics(d.IO.ErrOut, files, diags, errColor(d), termWidth(d.IO.ErrOut))
}

// errColor reports whether stderr may carry colour: IO.Color follows
// stdout, and `terrarium validate 2>errors.log` on a terminal must not
// write escape codes into the log.
func errColor(d *Deps) bool {
	f, ok := d.IO.ErrOut.(*os.File)
	return d.IO.Color && ok && term.IsTerminal(int(f.Fd()))
}

// termWidth is the width of w when it is a terminal, else 0 (no wrapping).
func termWidth(w io.Writer) uint {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return 0
	}
	return uint(width)
}

// readNamed reads a file the user named (a baseline, a file given to fmt):
// a regular file, through any link, within TERRARIUM_MAX_FILE_SIZE.
func readNamed(path string) ([]byte, error) {
	lim, err := safefile.LimitsFromEnv(nil)
	if err != nil {
		return nil, err
	}
	return safefile.ReadNamed(path, lim)
}
