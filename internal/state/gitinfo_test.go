package state_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"terrarium/internal/state"
)

func TestGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	if g := state.Git(context.Background(), dir); g != (state.GitInfo{}) {
		t.Fatalf("outside a repository: %+v", g)
	}
	run := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q", "-b", "trunk")
	if g := state.Git(context.Background(), dir); g != (state.GitInfo{}) {
		t.Fatalf("before the first commit: %+v", g)
	}
	run("commit", "-q", "--allow-empty", "-m", "x")
	head := run("rev-parse", "HEAD")
	if g := state.Git(context.Background(), dir); g.Commit != head || g.Branch != "trunk" {
		t.Fatalf("got %+v, want %s on trunk", g, head)
	}
	run("checkout", "-q", "--detach")
	if g := state.Git(context.Background(), dir); g.Commit != head || g.Branch != "" {
		t.Fatalf("detached: %+v", g)
	}
}

func TestActor(t *testing.T) {
	env := map[string]string{"GITHUB_ACTOR": "octocat", "USER": "alice"}
	if got := state.Actor(func(k string) string { return env[k] }); got != "octocat" {
		t.Errorf("in CI: %q", got)
	}
	delete(env, "GITHUB_ACTOR")
	if got := state.Actor(func(k string) string { return env[k] }); !strings.HasPrefix(got, "alice@") {
		t.Errorf("local: %q", got)
	}
}

func TestPublicRemoteURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/acme/infra.git":                "https://github.com/acme/infra.git",
		"https://x-access-token:ghs_secret@github.com/a/b": "https://github.com/a/b",
		"git@github.com:acme/infra.git":                    "ssh://github.com/acme/infra.git",
		"ssh://git@github.com/acme/infra.git":              "ssh://github.com/acme/infra.git",
		"/srv/git/infra.git":                               "",
		"":                                                 "",
	} {
		if got := state.PublicRemoteURL(in); got != want {
			t.Errorf("PublicRemoteURL(%q) = %q, want %q", in, got, want)
		}
	}
}
