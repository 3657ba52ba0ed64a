package gitstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The backend drives the git command line rather than a Go library: on a
// CI runner the checkout step leaves its credentials in the repository's
// own configuration (an http extraheader, a credential helper, an SSH
// agent or key), which git applies to every fetch and push from that
// repository and which a library would have to re-implement transport by
// transport. It also needs no new dependency and behaves exactly like the
// git a user debugs with.

// repo runs git in the repository that holds the configuration.
type repo struct {
	dir string   // the configuration directory, inside a work tree
	env []string // the process environment plus terrarium's settings
}

// newRepo checks that dir is inside a git repository and prepares the
// environment: no terminal prompts (a CI job would hang), and a fallback
// committer identity when git has none (a fresh runner configures none).
func newRepo(ctx context.Context, dir string) (*repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git backend: the git command is not installed (install git, or use the local backend)")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r := &repo{dir: abs, env: append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never", "LC_ALL=C")}
	if _, err := r.run(ctx, nil, "rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("git backend: %s is not inside a git repository: %w (clone the repository, or use the local backend): %w", dir, errNotRepo, err)
	}
	// Paths on the branch are from its root: run at the work tree's top
	// (git reads paths relative to the directory it runs in).
	if top, err := r.line(ctx, "rev-parse", "--show-toplevel"); err == nil && top != "" {
		r.dir = top
	}
	if _, err := r.run(ctx, nil, "var", "GIT_COMMITTER_IDENT"); err != nil {
		r.env = append(r.env, "GIT_COMMITTER_NAME=terrarium", "GIT_COMMITTER_EMAIL=terrarium@localhost")
	}
	if _, err := r.run(ctx, nil, "var", "GIT_AUTHOR_IDENT"); err != nil {
		r.env = append(r.env, "GIT_AUTHOR_NAME=terrarium", "GIT_AUTHOR_EMAIL=terrarium@localhost")
	}
	return r, nil
}

// errNotRepo and errNoRemote are a configuration directory outside any
// repository, and a remote name the repository does not define.
var (
	errNotRepo  = errors.New("not a repository")
	errNoRemote = errors.New("no such remote")
)

// checkRemote refuses a remote name the repository does not define; a URL
// or a path is left to git.
func (r *repo) checkRemote(ctx context.Context, remote string) error {
	if strings.ContainsAny(remote, ":/") {
		return nil
	}
	if _, err := r.run(ctx, nil, "remote", "get-url", "--", remote); err != nil {
		return fmt.Errorf("git backend: the repository has no remote %q (%w): add it with git remote add %s URL, or name another in the backend block's remote", remote, errNoRemote, remote)
	}
	return nil
}

// gitError is a failed git command: its arguments and its (redacted)
// standard error.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	msg := strings.TrimSpace(e.stderr)
	if msg == "" {
		msg = e.err.Error()
	}
	if len(msg) > 2000 {
		msg = msg[:2000] + "..."
	}
	return fmt.Sprintf("git %s: %s", e.args[0], msg)
}

func (e *gitError) Unwrap() error { return e.err }

// run runs git with args (never through a shell) and returns its standard
// output. stdin, when not nil, is fed to it. Hooks, signing and the ext
// transport are off for every command.
func (r *repo) run(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	return r.runEnv(ctx, nil, stdin, args...)
}

func (r *repo) runEnv(ctx context.Context, extra []string, stdin []byte, args ...string) ([]byte, error) {
	full := append([]string{"-C", r.dir, "-c", "protocol.ext.allow=never", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(r.env, extra...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), &gitError{args: args, stderr: Redact(errb.String()), err: err}
	}
	return out.Bytes(), nil
}

// line runs git and returns its output's first line, trimmed.
func (r *repo) line(ctx context.Context, args ...string) (string, error) {
	out, err := r.run(ctx, nil, args...)
	s, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(s), err
}

var userinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@`)

// Redact hides the user and password of every URL in s (git repeats a
// remote's URL in its messages, credentials included).
func Redact(s string) string {
	return userinfo.ReplaceAllString(s, "${1}***@")
}

// remoteHead returns the commit the remote's branch points at, "" when the
// branch does not exist.
func (r *repo) remoteHead(ctx context.Context, remote, ref string) (string, error) {
	out, err := r.run(ctx, nil, "ls-remote", "--", remote, ref)
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(string(out), "\n") {
		sha, name, ok := strings.Cut(l, "\t")
		if ok && name == ref {
			return sha, nil
		}
	}
	return "", nil
}

// fetch makes commit sha and its history present locally, without
// writing any ref (two terrarium processes in one clone do not race on
// one) or FETCH_HEAD.
func (r *repo) fetch(ctx context.Context, remote, sha string) error {
	if _, err := r.run(ctx, nil, "cat-file", "-e", sha+"^{commit}"); err == nil {
		return nil
	}
	_, err := r.run(ctx, nil, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", remote, sha)
	return err
}

// file reads path in commit sha; ok is false when it has no such file.
func (r *repo) file(ctx context.Context, sha, path string) (data []byte, ok bool, err error) {
	return r.fileMax(ctx, sha, path, 0)
}

// errTooLarge is a file over fileMax's bound.
var errTooLarge = errors.New("file too large")

// fileMax is file, refusing (errTooLarge) a file over max bytes when max
// is above 0, without reading it.
func (r *repo) fileMax(ctx context.Context, sha, path string, max int64) (data []byte, ok bool, err error) {
	out, err := r.run(ctx, nil, "ls-tree", "-z", sha, "--", path)
	if err != nil {
		return nil, false, err
	}
	if len(out) == 0 {
		return nil, false, nil
	}
	meta, _, _ := strings.Cut(string(out), "\t")
	f := strings.Fields(meta)
	if len(f) != 3 || f[1] != "blob" {
		return nil, false, fmt.Errorf("%s in commit %s is not a file", path, sha)
	}
	if max > 0 {
		size, err := r.line(ctx, "cat-file", "-s", f[2])
		if err != nil {
			return nil, false, err
		}
		if n, err := strconv.ParseInt(size, 10, 64); err != nil || n > max {
			return nil, true, fmt.Errorf("%s in commit %s: %w (%s bytes)", path, sha, errTooLarge, size)
		}
	}
	data, err = r.run(ctx, nil, "cat-file", "blob", f[2])
	return data, err == nil, err
}

// isAncestor reports whether commit a is an ancestor of (or equal to) b.
func (r *repo) isAncestor(ctx context.Context, a, b string) (bool, error) {
	_, err := r.run(ctx, nil, "merge-base", "--is-ancestor", a, b)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return false, nil
	}
	return err == nil, err
}

// commit writes a commit on parent ("" for a first commit) whose tree is
// the parent's with files set (a nil value deletes the file), and returns
// its id. It uses a private index, so the work tree, the index and every
// ref of the repository are left alone.
func (r *repo) commit(ctx context.Context, parent string, files map[string][]byte, msg string) (string, error) {
	tmp, err := os.MkdirTemp("", "terrarium-git-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	env := []string{"GIT_INDEX_FILE=" + filepath.Join(tmp, "index")}
	if parent != "" {
		_, err = r.runEnv(ctx, env, nil, "read-tree", parent)
	} else {
		_, err = r.runEnv(ctx, env, nil, "read-tree", "--empty")
	}
	if err != nil {
		return "", err
	}
	for path, data := range files {
		if data == nil {
			_, err = r.runEnv(ctx, env, nil, "update-index", "--force-remove", "--", path)
		} else {
			var blob []byte
			if blob, err = r.run(ctx, data, "hash-object", "-w", "--stdin"); err == nil {
				_, err = r.runEnv(ctx, env, nil, "update-index", "--add", "--cacheinfo", "100644,"+strings.TrimSpace(string(blob))+","+path)
			}
		}
		if err != nil {
			return "", err
		}
	}
	tree, err := r.runEnv(ctx, env, nil, "write-tree")
	if err != nil {
		return "", err
	}
	args := []string{"commit-tree", strings.TrimSpace(string(tree)), "-F", "-"}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	out, err := r.run(ctx, []byte(msg), args...)
	return strings.TrimSpace(string(out)), err
}

// push moves the remote's branch ref from old ("": the branch must not
// exist) to sha, atomically: the remote refuses when the ref is anywhere
// else (a compare-and-swap).
func (r *repo) push(ctx context.Context, remote, ref, old, sha string) error {
	_, err := r.run(ctx, nil, "push", "--quiet", "--no-verify", "--force-with-lease="+ref+":"+old, "--", remote, sha+":"+ref)
	return err
}
