// Package hclfmt rewrites configuration files in the canonical HCL style
// (hclwrite.Format, the style `terraform fmt` writes): it finds the files
// of a path, checks their syntax, formats them and writes them back
// through atomicfile. It never prints; the fmt command shows the results.
package hclfmt

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"terrarium/internal/atomicfile"
	"terrarium/internal/diag"
	"terrarium/internal/safefile"
	"terrarium/schema"
)

// Result is one source and its canonical form.
type Result struct {
	// Name is the file name (or "<stdin>") diagnostics point into.
	Name string
	Src  []byte
	// Out is the formatted source; nil when Diags has errors.
	Out []byte
	// Values is set for a file of variable values (schema.IsVarsFile):
	// no view shows its lines, in a diff or a diagnostic (its File is
	// marked with diag.MarkValues), only their numbers.
	Values bool
	// Diags are the syntax errors that stopped formatting.
	Diags hcl.Diagnostics
	// File is what Diags point into, for rendering them.
	File *hcl.File
	// root is the directory File found the file in ("" for a file the
	// user named): Write writes through a link only to a file inside it.
	root string
}

// Changed reports whether formatting changes the source.
func (r *Result) Changed() bool {
	return !r.Diags.HasErrors() && !bytes.Equal(r.Src, r.Out)
}

// Source checks the syntax of src (bounded nesting first, as the loader
// does, then the HCL parser) and formats it. A syntax error leaves Out nil.
func Source(name string, src []byte) *Result {
	r := &Result{Name: name, Src: src, Values: schema.IsVarsFile(name)}
	diags := schema.CheckNesting(src, name)
	var f *hcl.File
	if !diags.HasErrors() {
		f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	r.Diags = schema.CapErrors(diags, name)
	if r.Diags.HasErrors() {
		r.File = f
		if r.File == nil {
			r.File = &hcl.File{Bytes: src}
		}
		if r.Values {
			diag.MarkValues(r.File)
		}
		return r
	}
	r.Out = hclwrite.Format(src)
	return r
}

// File reads and formats the file at path. root is the directory Files
// walked to find it ("" for a file the user named): a file found there is
// read as the loader reads configuration (a regular file, or a link that
// stays inside root), a named one likewise with the directory holding it
// as root; either must be within TERRARIUM_MAX_FILE_SIZE. Errors are
// safefile's.
func File(path, root string) (*Result, error) {
	lim, err := safefile.LimitsFromEnv(nil)
	if err != nil {
		return nil, err
	}
	within := root
	if within == "" {
		// fmt writes what it reads: a named link is followed only as
		// Write would follow it, in the directory that holds it.
		within = filepath.Dir(path)
	}
	src, err := safefile.ReadInDir(within, path, lim)
	if err != nil {
		return nil, err
	}
	r := Source(path, src)
	r.root = root
	return r, nil
}

// Write replaces the formatted file with r.Out through atomicfile: the
// file keeps its mode, and a symbolic link keeps pointing at the file it
// resolves to, which is the one rewritten, when that file is inside the
// directory fmt walked (for a named file, the directory holding the link);
// a link elsewhere is refused (atomicfile.ReplaceIn), so a link a pull
// request placed cannot make fmt rewrite a file outside the checkout.
func Write(r *Result) error {
	if r.root != "" {
		return atomicfile.ReplaceIn(r.root, r.Name, r.Out, 0o644)
	}
	return atomicfile.Replace(r.Name, r.Out, 0o644)
}

// Files lists the files fmt formats for path: path itself when it is a
// file (or a link to one), else the *.hcl files of the directory, sorted,
// those of subdirectories too when recursive (hidden ones skipped). In a
// directory a symbolic link counts when it resolves to a regular file
// inside the directory, as the loader reads it; links to directories are
// not followed.
func Files(path string, recursive bool) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		if target, lerr := os.Readlink(path); lerr == nil {
			return nil, fmt.Errorf("%s is a symbolic link to %s, which does not exist: fix or remove the link", path, target)
		}
		return nil, err
	}
	if !info.IsDir() {
		// A named file is written back: the directory holding it is
		// held to the rule of a named directory.
		if err := safefile.CheckNamedDir(filepath.Dir(path)); err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
	if err := safefile.CheckNamedDir(path); err != nil {
		return nil, err
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != path && (!recursive || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(e.Name(), ".hcl") && isRegular(path, p, e) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// isRegular reports whether a directory entry is a regular file or a
// symbolic link to one inside root: the files the loader reads. A link out
// of root is left alone (validate reports it); fmt never reads it.
func isRegular(root, p string, e fs.DirEntry) bool {
	if e.Type().IsRegular() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil || !safefile.Inside(root, resolved) {
		return false
	}
	info, err := os.Stat(resolved)
	return err == nil && info.Mode().IsRegular()
}
