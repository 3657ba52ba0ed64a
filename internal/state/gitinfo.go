package state

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"strings"
	"time"
)

// GitInfo is where a configuration came from, recorded on apply_start.
type GitInfo struct {
	Commit string // full hash of HEAD; empty outside a repository
	Branch string // empty when HEAD is detached
}

// gitTimeout bounds each git call: history must not hang on a slow repo.
const gitTimeout = 2 * time.Second

// Git returns the commit and branch of the repository holding dir, or the
// zero GitInfo when dir is not in one or git is missing.
func Git(ctx context.Context, dir string) GitInfo {
	var g GitInfo
	g.Commit = git(ctx, dir, "rev-parse", "--verify", "--quiet", "HEAD")
	if g.Commit != "" {
		g.Branch = git(ctx, dir, "symbolic-ref", "--quiet", "--short", "HEAD")
	}
	return g
}

func git(ctx context.Context, dir string, args ...string) string {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// Actor names who runs terrarium: GITHUB_ACTOR in GitHub Actions, else
// $USER (or the OS account), with the host when known: "alice@laptop".
func Actor(getenv func(string) string) string {
	if a := getenv("GITHUB_ACTOR"); a != "" {
		return a
	}
	name := getenv("USER")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = "unknown"
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		return name + "@" + host
	}
	return name
}

// GitOrigin returns the URL of the origin remote of the repository holding
// dir, without credentials (https://user:token@host/... loses its user
// part; an scp-like git@host:owner/repo becomes ssh://host/owner/repo), so
// that it can be printed and shared. Empty when there is none.
func GitOrigin(ctx context.Context, dir string) string {
	return PublicRemoteURL(git(ctx, dir, "remote", "get-url", "origin"))
}

// PublicRemoteURL is a git remote URL without its credentials, as a URI.
func PublicRemoteURL(raw string) string {
	if raw == "" {
		return ""
	}
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		return u.String()
	}
	// scp-like syntax: [user@]host:path (git-clone(1), "GIT URLS").
	if at := strings.LastIndex(raw, "@"); at >= 0 {
		raw = raw[at+1:]
	}
	if host, path, ok := strings.Cut(raw, ":"); ok && host != "" && !strings.Contains(host, "/") {
		return (&url.URL{Scheme: "ssh", Host: host, Path: "/" + strings.TrimPrefix(path, "/")}).String()
	}
	return "" // a local path: nothing a consumer elsewhere could open
}
