package gitstate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"terrarium/internal/childproc"
	"terrarium/internal/state"
	"terrarium/schema"
)

// TestMain runs a worker instead of the tests when the helper variable is
// set: the second (and third) process of the concurrency tests.
func TestMain(m *testing.M) {
	if dir := os.Getenv("GITSTATE_WORKER_DIR"); dir != "" {
		os.Exit(worker(dir))
	}
	if err := childproc.QuickRaceExit(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// gitEnv isolates git from the developer's configuration and gives it an
// identity through the environment (never the global configuration).
func gitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed but CI=true: the git backend must be tested (.ci/run installs it)")
		}
		t.Skip("git is not installed")
	}
	empty := filepath.Join(t.TempDir(), "gitconfig")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL": empty, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
		"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
	} {
		t.Setenv(k, v)
	}
}

// git runs a git command in dir for a test's setup.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// newRemote makes a bare repository (the remote) and returns its path.
func newRemote(t *testing.T) string {
	t.Helper()
	gitEnv(t)
	remote := filepath.Join(t.TempDir(), "remote.git")
	git(t, "", "init", "--quiet", "--bare", remote)
	return remote
}

// clone clones the remote into a new work tree and returns its path.
func clone(t *testing.T, remote string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "work")
	git(t, "", "clone", "--quiet", remote, dir)
	return dir
}

func openAt(t *testing.T, dir string, opts ...func(*state.Options)) *Log {
	t.Helper()
	o := state.Options{Stack: "platform", Create: true}
	for _, f := range opts {
		f(&o)
	}
	l, err := Open(context.Background(), Config{Dir: dir}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// applyRecords is one apply creating environment.NAME.
func applyRecords(name string) []state.Record {
	id := "i-" + name
	spec := schema.EnvSpec{Name: name}
	return []state.Record{
		{Kind: state.KindApplyStart, Apply: &state.Apply{Actor: "ci"}},
		{Kind: state.KindIntent, Intent: &state.Intent{ID: id, Op: state.OpCreate, Address: "environment." + name, Spec: &spec}},
		{Kind: state.KindResult, Result: &state.Result{IntentID: id, OK: true, Live: &schema.LiveEnv{ID: "env_" + name, EnvSpec: spec}}},
		{Kind: state.KindApplyEnd, Apply: &state.Apply{}},
	}
}

// worker takes the lock and appends one apply per round, as an apply
// would; GITSTATE_WORKER_NAME and GITSTATE_WORKER_ROUNDS say which and how
// many.
func worker(dir string) int {
	name := os.Getenv("GITSTATE_WORKER_NAME")
	rounds, _ := strconv.Atoi(os.Getenv("GITSTATE_WORKER_ROUNDS"))
	ctx := context.Background()
	l, err := Open(ctx, Config{Dir: dir}, state.Options{Stack: "platform", Create: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer l.Close()
	for i := range rounds {
		u, err := l.Lock(ctx, state.LockInfo{Operation: "apply"}, time.Minute)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for _, rec := range applyRecords(fmt.Sprintf("%s%d", name, i)) {
			if err := l.Append(ctx, rec); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		if err := u.Unlock(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}
