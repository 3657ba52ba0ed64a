package diag

import "github.com/hashicorp/hcl/v2"

// A file that holds values of input variables (a -var-file, FILE.vars.hcl)
// may hold a secret on any line, whether or not the variable it sets is
// declared sensitive (a misspelled name, an undeclared one, a syntax error
// before the name is even read). Its diagnostics say where (file, line,
// column) and what is wrong, never the source: the views take their
// snippets only from Quotable's files. Values given on the command line
// or in the environment (-var, TERRARIUM_VAR_name) have no file at all, so
// they never get a snippet either.
//
// The mark travels with the file (in hcl.File.Nav), so every map of
// sources a view is handed, however it was gathered, keeps it.

// valuesNav is the Nav of a file marked by MarkValues: it offers no
// context ("in environment ...") either.
type valuesNav struct{}

// MarkValues marks f as holding variable values, so that no view quotes
// its source, and returns it. f may be nil.
func MarkValues(f *hcl.File) *hcl.File {
	if f != nil {
		f.Nav = valuesNav{}
	}
	return f
}

// HoldsValues reports whether f was marked by MarkValues.
func HoldsValues(f *hcl.File) bool {
	if f == nil {
		return false
	}
	_, ok := f.Nav.(valuesNav)
	return ok
}

// Quotable returns the files of files whose source a view may show in a
// snippet: all but those that hold variable values. files is left as it
// is; it is returned itself when it has no such file.
func Quotable(files map[string]*hcl.File) map[string]*hcl.File {
	n := 0
	for _, f := range files {
		if HoldsValues(f) {
			n++
		}
	}
	if n == 0 {
		return files
	}
	out := make(map[string]*hcl.File, len(files)-n)
	for name, f := range files {
		if !HoldsValues(f) {
			out[name] = f
		}
	}
	return out
}
