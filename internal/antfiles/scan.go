package antfiles

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/safefile"
	"terrarium/schema"
)

// Env is one environment file translated.
type Env struct {
	// Path is the file as found under the scanned directory; Rel is it
	// relative to that directory, slash-separated.
	Path, Rel string
	Spec      schema.EnvSpec
}

// Scan is what a directory of ant files holds.
type Scan struct {
	// Envs are the environment files, in path order.
	Envs []Env
	// Skipped counts the other files by kind; "" counts files no rule
	// gives a kind.
	Skipped map[string]int
	// Sources holds each environment file's bytes by path, for the
	// diagnostics that point into it.
	Sources map[string][]byte
}

// SkippedKinds returns the kinds of Skipped in order.
func (s *Scan) SkippedKinds() []string { return slices.Sorted(maps.Keys(s.Skipped)) }

// resourceExt reports whether ant reads a file of this name: YAML, JSON or
// Markdown (API.md, "ant apply").
func resourceExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".md":
		return true
	}
	return false
}

// ScanDir reads every YAML, JSON and Markdown file under dir (hidden
// directories and claude-lock.json left out), finds each one's kind by
// ant's rules and translates the environments. Files are read through
// safefile: regular files only, links only inside dir, each within lim,
// and at most lim's number of files. A file refused or not parsed is an
// error diagnostic when it is (or may be) an environment; the others are
// counted as skipped.
func ScanDir(dir string, lim safefile.Limits) (*Scan, hcl.Diagnostics) {
	s := &Scan{Skipped: map[string]int{}, Sources: map[string][]byte{}}
	var diags hcl.Diagnostics
	if err := safefile.CheckNamedDir(dir); err != nil {
		return s, diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read ant's files", Detail: err.Error() + "."})
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != dir && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if e.Name() == LockName || !resourceExt(e.Name()) {
			return nil
		}
		if n++; n > lim.MaxFilesOrDefault() {
			return fmt.Errorf("%s holds more than %d YAML, JSON and Markdown files; raise %s to read more", dir, lim.MaxFilesOrDefault(), safefile.EnvMaxFiles)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		diags = append(diags, s.add(dir, p, filepath.ToSlash(rel), lim)...)
		return nil
	})
	if err != nil {
		diags = diags.Append(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read ant's files", Detail: err.Error()})
	}
	return s, diags
}

// add reads one file and files it under its kind.
func (s *Scan) add(dir, p, rel string, lim safefile.Limits) hcl.Diagnostics {
	pathKind := KindOf(rel, "")
	fail := func(summary string, err error) hcl.Diagnostics {
		if pathKind != "" && pathKind != KindEnvironment {
			s.Skipped[pathKind]++
			return nil
		}
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary,
			Detail:  fmt.Sprintf("%v. Fix the file, or move it out of the directory if it is not ant's.", err),
			Subject: &hcl.Range{Filename: p, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	data, err := safefile.ReadInDir(dir, p, lim)
	if err != nil {
		return fail("Cannot read an ant file", err)
	}
	doc, err := Parse(p, data)
	if err != nil {
		return fail("Cannot parse an ant file", err)
	}
	kind := KindOf(rel, doc.TopType())
	if kind != KindEnvironment {
		s.Skipped[kind]++
		return nil
	}
	spec, diags := doc.Spec(p)
	s.Sources[p] = data
	s.Envs = append(s.Envs, Env{Path: p, Rel: rel, Spec: spec})
	for _, d := range diags {
		if d.Subject != nil {
			*d.Subject = lineRange(data, *d.Subject)
		}
	}
	return diags
}

// lineRange fills in the byte offsets of r, whose start has a line and
// column only, and stretches it to the end of that line, so that views
// can show the line.
func lineRange(data []byte, r hcl.Range) hcl.Range {
	off, line := 0, 1
	for line < r.Start.Line && off < len(data) {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return r
		}
		off += i + 1
		line++
	}
	end := len(data)
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		end = off + i
	}
	r.Start.Byte = min(off+r.Start.Column-1, end)
	r.End = hcl.Pos{Line: r.Start.Line, Column: r.Start.Column + end - r.Start.Byte, Byte: end}
	return r
}
