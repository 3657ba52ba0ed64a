// Package gitstate is the git backend of the state log: the same records,
// hash chain, lineage and serials as the local log, kept as a file on a
// branch of the repository's own remote, so that a stack's history is as
// durable and as auditable as its configuration. Every append is a commit
// pushed with a compare-and-swap of the branch ref; the writer lock is a
// commit that adds the holder's info, released by a commit that removes it.
package gitstate

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/state"
)

// Defaults of the backend block.
const (
	DefaultBranch = "terrarium-state"
	DefaultRemote = "origin"
)

// Config says where the log lives.
type Config struct {
	// Dir is a directory inside the repository's work tree (the
	// configuration directory); git runs there.
	Dir string
	// Remote is a remote name or URL (default origin).
	Remote string
	// Branch is the branch holding the logs (default terrarium-state).
	Branch string
}

func (c Config) remote() string {
	if c.Remote == "" {
		return DefaultRemote
	}
	return c.Remote
}

func (c Config) branch() string {
	if c.Branch == "" {
		return DefaultBranch
	}
	return c.Branch
}

// ref is the branch's full ref name.
func (c Config) ref() string { return "refs/heads/" + c.branch() }

// Target names the branch and remote, for messages.
func (c Config) Target() string {
	return fmt.Sprintf("branch %s of git remote %s", c.branch(), Redact(c.remote()))
}

var backendSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "branch"}, {Name: "remote"}},
}

// DecodeBackend reads the body of `backend "git" { ... }`. Unknown
// attributes and blocks, and values that are not safe branch or remote
// names, are diagnostics pointing at them.
func DecodeBackend(body hcl.Body) (Config, hcl.Diagnostics) {
	var cfg Config
	diags := state.DecodeBackendStrings(body, backendSchema, nil,
		map[string]*string{"branch": &cfg.Branch, "remote": &cfg.Remote},
		func(name, v string) string {
			switch {
			case name == "branch" && !ValidBranch(v):
				return fmt.Sprintf("branch %q is not a usable branch name: use letters, digits and . _ - /, not starting with - or ., with no .. (for example %q).", v, DefaultBranch)
			case name == "remote" && Redact(v) != v:
				return "remote must not hold credentials (they would be saved in plans and shown in messages): name a configured remote, or give the URL without user and password and let git's credential helper supply them."
			case name == "remote" && !validRemote(v):
				return fmt.Sprintf("remote %q is not a remote name or URL: it must not be empty, start with -, or hold spaces or control characters.", v)
			}
			return ""
		})
	return cfg, diags
}

var branchRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._/-]*$`)

// ValidBranch reports whether b is a branch name the backend accepts: a
// conservative subset of what git allows.
func ValidBranch(b string) bool {
	return len(b) <= 200 && branchRE.MatchString(b) && !strings.Contains(b, "..") &&
		!strings.Contains(b, "//") && !strings.HasSuffix(b, "/") && !strings.HasSuffix(b, ".lock") &&
		!strings.HasSuffix(b, ".") && !strings.Contains(b, "/.")
}

func validRemote(r string) bool {
	if r == "" || len(r) > 2000 || strings.HasPrefix(r, "-") {
		return false
	}
	for _, c := range r {
		if c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

var stackRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)

// stackDir is the directory of a stack's files on the branch.
func stackDir(stack string) (string, error) {
	if !stackRE.MatchString(stack) || strings.HasSuffix(stack, ".lock") {
		return "", fmt.Errorf("git backend: stack name %q cannot name a directory on the state branch: use letters, digits and . _ - (at most 128, not starting with . or -)", stack)
	}
	return stack, nil
}
