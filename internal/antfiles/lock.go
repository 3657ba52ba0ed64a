// Package antfiles reads what Anthropic's `ant apply` (ant CLI 1.30.0 and
// later) keeps in a repository: its lock, claude-lock.json, which says
// which resources ant manages, and its resource files, which terrarium can
// translate into HCL. Every fact about those files comes from
// ../shared/docs/API.md, section "ant apply" (source: platform.claude.com,
// "Manage resources as code with ant apply", and the ant CLI's declarative
// package). Files in a repository are hostile input: they are read through
// internal/safefile (regular files only, bounded) and never printed
// unescaped by this package's callers.
package antfiles

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"terrarium/internal/safefile"
)

// LockName is the file name of ant's lock (API.md, "ant apply").
const LockName = "claude-lock.json"

// KindEnvironment is the lock's and the file rules' kind for an
// environment; the only kind terrarium manages.
const KindEnvironment = "environment"

// Lock is a parsed claude-lock.json:
//
//	{"version":1, "origin":{"base_url","organization_id","workspace_id"},
//	 "resources":{"./path":{"kind","id","version","hash","remote_hash",...}}}
//
// Resource keys are paths relative to the lock's directory, written with a
// leading "./" (API.md, "ant apply").
type Lock struct {
	// Path is the file the lock was read from.
	Path      string                `json:"-"`
	Version   int                   `json:"version"`
	Origin    Origin                `json:"origin"`
	Resources map[string]LockedFile `json:"resources"`
}

// Origin is where ant applied: ant refuses credentials whose organization
// or workspace differ from it.
type Origin struct {
	BaseURL        string `json:"base_url"`
	OrganizationID string `json:"organization_id"`
	WorkspaceID    string `json:"workspace_id"`
}

// LockedFile is one resource entry of the lock. Only kind and id matter to
// terrarium; hashes and versions are ant's own.
type LockedFile struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// FindLock returns the claude-lock.json ant would use for dir, walking up
// from dir to the git root (the first directory holding .git) as ant does
// (API.md, "ant apply"). Outside a git repository only dir itself is
// looked at. It returns "" when there is none.
func FindLock(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	root := gitRoot(abs)
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, LockName)
		if _, err := os.Lstat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if root == "" || d == root || filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// gitRoot is the nearest directory at or above dir that holds .git, or "".
func gitRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// ReadLock reads and checks the lock at path: a regular file within lim,
// JSON of version 1. When within is set (a lock found, not named), a
// symbolic link must resolve inside that directory. A malformed lock is an
// error naming the file.
func ReadLock(path, within string, lim safefile.Limits) (*Lock, error) {
	read := safefile.ReadNamed
	if within != "" {
		read = func(p string, lim safefile.Limits) ([]byte, error) { return safefile.ReadInDir(within, p, lim) }
	}
	data, err := read(path, lim)
	if err != nil {
		return nil, err
	}
	var l Lock
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s is not an ant lock file: %v", path, err)
	}
	if l.Version != 1 {
		return nil, fmt.Errorf("%s has version %d; terrarium reads version 1 of claude-lock.json", path, l.Version)
	}
	for key, r := range l.Resources {
		if hasControl(key) || hasControl(r.ID) || hasControl(r.Kind) {
			return nil, fmt.Errorf("%s has a resource entry with a control character in its path, id or kind; ant never writes one", path)
		}
	}
	l.Path = path
	return &l, nil
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// Environments maps the id of every environment the lock lists to its
// resource key ("./environments/web.yaml").
func (l *Lock) Environments() map[string]string {
	out := map[string]string{}
	if l == nil {
		return out
	}
	for key, r := range l.Resources {
		if r.Kind == KindEnvironment && r.ID != "" {
			out[r.ID] = key
		}
	}
	return out
}

// IDFor returns the id the lock records for the file at rel (a path
// relative to the lock's directory, slash-separated, with or without "./")
// when its kind is environment.
func (l *Lock) IDFor(rel string) string {
	if l == nil {
		return ""
	}
	r, ok := l.Resources["./"+path.Clean(strings.TrimPrefix(rel, "./"))]
	if !ok || r.Kind != KindEnvironment {
		return ""
	}
	return r.ID
}

// Mismatch says how the lock's origin differs from the organization and
// workspace terrarium talks to, or "" when they agree. A side that is
// unknown (empty) agrees with anything: terrarium does not always know its
// organization id.
func (o Origin) Mismatch(organizationID, workspaceID string) string {
	var diffs []string
	if o.OrganizationID != "" && organizationID != "" && o.OrganizationID != organizationID {
		diffs = append(diffs, fmt.Sprintf("organization %s, not %s", o.OrganizationID, organizationID))
	}
	if o.WorkspaceID != "" && workspaceID != "" && o.WorkspaceID != workspaceID {
		diffs = append(diffs, fmt.Sprintf("workspace %s, not %s", o.WorkspaceID, workspaceID))
	}
	sort.Strings(diffs)
	return strings.Join(diffs, " and ")
}
