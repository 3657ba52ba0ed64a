package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"terrarium/internal/atomicfile"
)

// BaselineFormatVersion is the version of the baseline file format.
const BaselineFormatVersion = 1

// Baseline is a set of accepted findings, stored as a versioned JSON file.
// A finding's fingerprint is its rule, file (relative to the configuration
// directory), environment address, attribute path and value, so it survives
// lines moving.
type Baseline struct {
	FormatVersion int             `json:"format_version"`
	Findings      []BaselineEntry `json:"findings"`

	index map[string]bool
}

// BaselineEntry is one accepted finding. Only Fingerprint is matched; the
// other fields help a reviewer read the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Address     string `json:"address,omitempty"`
	Path        string `json:"path,omitempty"`
}

// RelFile returns the finding's file relative to dir, with forward slashes.
func (f Finding) RelFile(dir string) string {
	name := f.Subject.Filename
	if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
		name = rel
	}
	return filepath.ToSlash(name)
}

// Fingerprint identifies a finding independently of its line and column.
// When the finding has a value, list indices are left out of its path: the
// value names the element, and a host added above it must not turn an
// accepted finding into a new one.
func (f Finding) Fingerprint(dir string) string {
	path := f.Path
	if f.Value != "" {
		path = stripIndices(path)
	}
	h := sha256.New()
	for _, part := range []string{f.Rule, f.RelFile(dir), f.Address, path, f.Value} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// stripIndices removes every "[N]" list index from an attribute path.
func stripIndices(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			j := i + 1
			for j < len(path) && path[j] >= '0' && path[j] <= '9' {
				j++
			}
			if j > i+1 && j < len(path) && path[j] == ']' {
				i = j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// NewBaseline builds a baseline accepting every finding of r.
func NewBaseline(r Result) *Baseline {
	b := &Baseline{FormatVersion: BaselineFormatVersion, Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range r.Findings {
		fp := f.Fingerprint(r.Dir)
		if seen[fp] {
			continue
		}
		seen[fp] = true
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: fp, Rule: f.Rule, File: f.RelFile(r.Dir), Address: f.Address, Path: f.Path})
	}
	sort.Slice(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	return b
}

// WriteBaseline writes b as indented JSON.
func WriteBaseline(w io.Writer, b *Baseline) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// SaveBaseline writes b to path through atomicfile: a crash leaves the
// old baseline or the new one, mode 0644. A symbolic link at path is
// followed only to a baseline file in path's directory
// (atomicfile.ReplaceOwn): a link a pull request placed cannot make lint
// overwrite another file.
func SaveBaseline(path string, b *Baseline) error {
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, b); err != nil {
		return err
	}
	return atomicfile.ReplaceOwn(path, buf.Bytes(), 0o644, IsBaselineFile)
}

// baselineHead is how every baseline file WriteBaseline writes begins.
var baselineHead = regexp.MustCompile(`^\{\s*"format_version":\s*[0-9]+,\s*"findings":`)

// IsBaselineFile reports whether head, the start of a file, is the start
// of a baseline file.
func IsBaselineFile(head []byte) bool { return baselineHead.Match(head) }

// ReadBaseline reads a baseline file and refuses a version it does not know.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	var b Baseline
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return nil, fmt.Errorf("not a baseline file (%w); terrarium lint --write-baseline FILE writes one", err)
	}
	switch {
	case b.FormatVersion == 0:
		return nil, errors.New("not a baseline file (no format_version); terrarium lint --write-baseline FILE writes one")
	case b.FormatVersion > BaselineFormatVersion:
		return nil, fmt.Errorf("baseline format_version %d is newer than this terrarium understands (%d); upgrade terrarium", b.FormatVersion, BaselineFormatVersion)
	}
	return &b, nil
}

// Filter returns the findings the baseline does not list, and how many it
// hid. A nil baseline hides nothing.
func (b *Baseline) Filter(fs []Finding, dir string) ([]Finding, int) {
	if b == nil {
		return fs, 0
	}
	if b.index == nil {
		b.index = map[string]bool{}
		for _, e := range b.Findings {
			b.index[e.Fingerprint] = true
		}
	}
	out := fs[:0:0]
	for _, f := range fs {
		if !b.index[f.Fingerprint(dir)] {
			out = append(out, f)
		}
	}
	return out, len(fs) - len(out)
}
