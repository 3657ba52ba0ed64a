package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"terrarium/internal/hclfmt"
	"terrarium/internal/render"
	"terrarium/internal/render/escape"
)

// FmtOptions are the inputs of fmt.
type FmtOptions struct {
	Deps      *Deps
	Paths     []string
	Check     bool
	Diff      bool
	Recursive bool
}

// NewCmdFmt rewrites configuration files in the canonical HCL style.
func NewCmdFmt(d *Deps) *cobra.Command {
	opts := &FmtOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Rewrite configuration files in the canonical format",
		Long: `Rewrite the *.hcl files of each PATH (default: the current directory) in the
canonical HCL format and list the files it changed. A PATH may be a directory,
a file, or - to format standard input to standard output.

With --check nothing is written: the files that need formatting are listed and
the exit status is 2 when there is any. A file with syntax errors gets
diagnostics and exit status 1.`,
		Example: `  terrarium fmt
  terrarium fmt -check -diff -recursive .
  cat main.hcl | terrarium fmt -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return runFmt(opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Check, "check", false, "do not write; list unformatted files and exit 2 if there are any")
	f.BoolVar(&opts.Diff, "diff", false, "print a unified diff of the formatting changes")
	f.BoolVar(&opts.Recursive, "recursive", false, "also format files in subdirectories")
	return cmd
}

func runFmt(opts *FmtOptions) error {
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var syntaxErr, changed bool
	for _, p := range paths {
		var c bool
		var err error
		if p == "-" {
			c, err = opts.formatStdin()
		} else {
			c, err = opts.formatPath(p)
		}
		changed = changed || c
		if err == errReported {
			syntaxErr = true
		} else if err != nil {
			return err
		}
	}
	switch {
	case syntaxErr:
		return errReported
	case changed && opts.Check:
		return errFound
	}
	return nil
}

// formatPath formats a file, or the *.hcl files of a directory.
func (o *FmtOptions) formatPath(path string) (bool, error) {
	files, err := hclfmt.Files(path, o.Recursive)
	if err != nil {
		return false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
	}
	var changed, bad bool
	root := "" // a file the user named
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		root = path
	}
	for _, f := range files {
		c, err := o.formatFile(f, root)
		if err == errReported {
			bad = true
			continue
		}
		if err != nil {
			return changed, err
		}
		changed = changed || c
	}
	if bad {
		return changed, errReported
	}
	return changed, nil
}

// formatFile formats one file in place (or only reports, with --check);
// root is the directory it was found in, "" for a file the user named.
func (o *FmtOptions) formatFile(path, root string) (bool, error) {
	r, err := hclfmt.File(path, root)
	if err != nil {
		return false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
	}
	if err := o.report(r); err != nil || !r.Changed() {
		return false, err
	}
	escape.Fterm(o.Deps.IO.Out, "%s\n", path)
	if o.Diff {
		if err := showDiff(o.Deps.IO.Out, r); err != nil {
			return true, err
		}
	}
	if o.Check {
		return true, nil
	}
	if err := hclfmt.Write(r); err != nil {
		return true, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
	}
	return true, nil
}

// formatStdin formats standard input to standard output.
func (o *FmtOptions) formatStdin() (bool, error) {
	src, err := io.ReadAll(o.Deps.IO.In)
	if err != nil {
		return false, err
	}
	r := hclfmt.Source("<stdin>", src)
	if err := o.report(r); err != nil {
		return false, err
	}
	switch {
	case o.Diff:
		err = showDiff(o.Deps.IO.Out, r)
	case !o.Check:
		_, err = o.Deps.IO.Out.Write(r.Out)
	}
	return r.Changed(), err
}

// showDiff prints the formatting change of r as a unified diff, or, for
// a file of variable values (r.Values), only the numbers of the lines it
// touches: the lines may hold secrets, and --diff runs in CI logs.
func showDiff(w io.Writer, r *hclfmt.Result) error {
	if r.Values {
		return render.WithheldDiff(w, r.Name, r.Src, r.Out)
	}
	name := filepath.ToSlash(r.Name)
	return render.UnifiedDiff(w, "a/"+name, "b/"+name, r.Src, r.Out)
}

// report prints the syntax errors that stopped r being formatted; it
// returns errReported when there were any.
func (o *FmtOptions) report(r *hclfmt.Result) error {
	if !r.Diags.HasErrors() {
		return nil
	}
	if err := printDiagnostics(o.Deps, map[string]*hcl.File{r.Name: r.File}, r.Diags); err != nil {
		return err
	}
	return errReported
}
