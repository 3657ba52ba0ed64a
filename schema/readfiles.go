package schema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
)

// fileLimits are the bounds on configuration files: TERRARIUM_MAX_FILE_SIZE
// and TERRARIUM_MAX_FILES, else the defaults (8 MiB, 1000 files).
func fileLimits() (safefile.Limits, hcl.Diagnostics) {
	lim, err := safefile.LimitsFromEnv(os.Getenv)
	if err != nil {
		return lim, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid file limit", Detail: err.Error() + "."}}
	}
	return lim, nil
}

// configFiles lists dir's configuration files, sorted by name, refusing a
// directory with more than the limit.
func configFiles(dir string) ([]string, hcl.Diagnostics) {
	lim, diags := fileLimits()
	if diags.HasErrors() {
		return nil, diags
	}
	// The directory's name is shown on one line, escaped, whatever it
	// holds.
	shown := escape.Line(dir)
	if err := safefile.CheckNamedDir(dir); err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read configuration directory", Detail: err.Error() + "."}}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		detail := escape.Line(err.Error())
		switch fi, serr := os.Stat(dir); {
		case serr == nil && !fi.IsDir():
			detail = fmt.Sprintf("%s is a file, not a directory: give the directory that holds the *.hcl files (for example %s).", shown, escape.Line(filepath.Dir(dir)))
		case errors.Is(err, fs.ErrNotExist):
			detail = fmt.Sprintf("The directory %s does not exist; check the path (a relative path is from the current directory, or --chdir).", shown)
		}
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read configuration directory",
			Detail:   detail,
		}}
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !IsConfigFile(n) {
			continue
		}
		names = append(names, filepath.Join(dir, n))
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No configuration files",
			Detail:   fmt.Sprintf("The directory %s contains no *.hcl configuration files.", shown),
		}}
	}
	if max := lim.MaxFilesOrDefault(); len(names) > max {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Too many configuration files",
			Detail: fmt.Sprintf("The directory %s holds %d *.hcl files, more than the limit of %d; none was read. If the configuration is meant to be this large, raise the limit with %s.",
				shown, len(names), max, safefile.EnvMaxFiles),
		}}
	}
	return names, nil
}

// readConfigFiles reads the files names of the configuration directory
// dir: regular files, or links to regular files inside dir, each within
// the size bound. keep, when set, decides from a file's bytes whether to
// keep it. A file that cannot be read is a diagnostic at that file.
func readConfigFiles(dir string, names []string, keep func([]byte) bool) (map[string][]byte, hcl.Diagnostics) {
	lim, diags := fileLimits()
	if diags.HasErrors() {
		return nil, diags
	}
	srcs := make(map[string][]byte, len(names))
	for _, name := range names {
		src, err := safefile.ReadInDir(dir, name, lim)
		if err != nil {
			diags = diags.Append(readError("Cannot read configuration file", name, err))
			continue
		}
		if keep == nil || keep(src) {
			srcs[name] = src
		}
	}
	return srcs, diags
}

// ReadNamedFile reads a file the user named on the command line (a
// -var-file, a --policy file, a baseline, a file given to fmt): it may lie
// anywhere, through any symbolic link, but must be a regular file within
// the size bound (TERRARIUM_MAX_FILE_SIZE, default 8 MiB). A file that is
// refused or cannot be read is an error diagnostic at the file, under
// summary.
func ReadNamedFile(summary, path string) ([]byte, hcl.Diagnostics) {
	lim, diags := fileLimits()
	if diags.HasErrors() {
		return nil, diags
	}
	src, err := safefile.ReadNamed(path, lim)
	if err != nil {
		return nil, hcl.Diagnostics{readError(summary, path, err)}
	}
	return src, nil
}

// readError is the diagnostic of a file that was refused or could not be
// read, placed at the file.
// A file that is not there has no place to point at.
func readError(summary, path string, err error) *hcl.Diagnostic {
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		// One line: the error names a file of the checkout, whose name
		// may hold a newline or a terminal escape.
		Detail: escape.Line(err.Error()) + ".",
	}
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		d.Subject = &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
	}
	return d
}
