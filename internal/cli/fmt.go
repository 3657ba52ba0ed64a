package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/spf13/cobra"

	"terrarium/internal/render"
	"terrarium/schema"
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
	info, err := os.Stat(path)
	if err != nil {
		return false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
	}
	files := []string{path}
	if info.IsDir() {
		if files, err = hclFiles(path, o.Recursive); err != nil {
			return false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
		}
	}
	var changed, bad bool
	for _, f := range files {
		c, err := o.formatFile(f)
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

// hclFiles lists dir's *.hcl files, sorted; recursive skips hidden folders.
func hclFiles(dir string, recursive bool) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != dir && (!recursive || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(e.Name(), ".hcl") && e.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// formatFile formats one file in place (or only reports, with --check).
func (o *FmtOptions) formatFile(path string) (bool, error) {
	src, err := readNamed(path)
	if err != nil {
		return false, &ExitError{Code: ExitFailure, Err: fmt.Errorf("fmt: %w", err)}
	}
	out, err := o.format(path, src)
	if err != nil || bytes.Equal(src, out) {
		return false, err
	}
	fmt.Fprintln(o.Deps.IO.Out, path)
	if o.Diff {
		if err := render.UnifiedDiff(o.Deps.IO.Out, "a/"+filepath.ToSlash(path), "b/"+filepath.ToSlash(path), src, out); err != nil {
			return true, err
		}
	}
	if o.Check {
		return true, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return true, err
	}
	if err := os.WriteFile(path, out, info.Mode().Perm()); err != nil {
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
	out, err := o.format("<stdin>", src)
	if err != nil {
		return false, err
	}
	changed := !bytes.Equal(src, out)
	switch {
	case o.Diff:
		err = render.UnifiedDiff(o.Deps.IO.Out, "a/<stdin>", "b/<stdin>", src, out)
	case !o.Check:
		_, err = o.Deps.IO.Out.Write(out)
	}
	return changed, err
}

// format checks the syntax of src (printing diagnostics) and formats it.
func (o *FmtOptions) format(name string, src []byte) ([]byte, error) {
	diags := schema.CheckNesting(src, name)
	var f *hcl.File
	if !diags.HasErrors() {
		f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	diags = schema.CapErrors(diags, name)
	if diags.HasErrors() {
		files := map[string]*hcl.File{}
		if f != nil {
			files[name] = f
		} else {
			files[name] = &hcl.File{Bytes: src}
		}
		if err := printDiagnostics(o.Deps, files, diags); err != nil {
			return nil, err
		}
		return nil, errReported
	}
	return hclwrite.Format(src), nil
}
