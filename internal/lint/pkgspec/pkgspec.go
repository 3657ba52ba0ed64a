// Package pkgspec parses package specs in each package manager's own syntax
// (pip "name==1.2", npm "@scope/name@1.2.3", cargo "name@1.2.3", gem
// "name:1.2.3", go "module/path@v1.2.3", apt "name=version") into a name, a
// version and whether the version is pinned.
package pkgspec

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Spec is one parsed package spec.
type Spec struct {
	Manager string
	// Name is the package name as written; Key is its normalised form, equal
	// for two specs that name the same package.
	Name, Key string
	// Version is the version part ("" when none). Pinned is true only for an
	// exact version; Unpinned says why not when it is false.
	Version  string
	Pinned   bool
	Unpinned string
}

// Error says why a spec is malformed.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

func bad(format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Managers lists the managers Parse understands.
var Managers = []string{"apt", "cargo", "gem", "go", "npm", "pip"}

// Parse parses spec for manager. It returns an *Error for a spec the
// manager would not accept or that could smuggle shell syntax.
func Parse(manager, spec string) (Spec, error) {
	if err := common(spec); err != nil {
		return Spec{Manager: manager}, err
	}
	var s Spec
	var err error
	switch manager {
	case "pip":
		s, err = parsePip(spec)
	case "npm":
		s, err = parseNpm(spec)
	case "cargo":
		s, err = parseCargo(spec)
	case "gem":
		s, err = parseGem(spec)
	case "go":
		s, err = parseGo(spec)
	case "apt":
		s, err = parseApt(spec)
	default:
		return Spec{Manager: manager}, bad("unknown package manager %q", manager)
	}
	s.Manager = manager
	if err == nil && !s.Pinned && s.Unpinned == "" {
		s.Unpinned = "no version"
	}
	return s, err
}

const shellMeta = ";&|`$(){}\\'\"#"

func common(spec string) error {
	switch {
	case spec == "":
		return bad("the package spec is empty")
	case !utf8.ValidString(spec):
		return bad("the package spec is not valid UTF-8")
	case strings.HasPrefix(spec, "-"):
		return bad("the package spec starts with '-', which a package manager reads as an option")
	}
	for _, r := range spec {
		if unicode.IsSpace(r) {
			return bad("the package spec contains whitespace")
		}
		if unicode.IsControl(r) || r > unicode.MaxASCII {
			return bad("the package spec contains the character %q", r)
		}
		if strings.ContainsRune(shellMeta, r) {
			return bad("the package spec contains the shell metacharacter %q", r)
		}
	}
	return nil
}

// isLatest reports the version spellings that mean "whatever is newest".
func isLatest(v string) bool {
	switch strings.ToLower(v) {
	case "latest", "*", "x", "newest", "head", "master", "main":
		return true
	}
	return false
}

func nameChars(s string, extra string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}

func alnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// exactVersion reports whether v is a plain version (digits, dots, and the
// pre-release / build characters a manager allows), with no range operator.
func exactVersion(v, extra string) bool {
	if v == "" || !(v[0] >= '0' && v[0] <= '9') {
		return false
	}
	return nameChars(v, "."+extra)
}
