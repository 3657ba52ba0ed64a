package cli_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// terrarium version in a binary built as users build it reports what the
// Go toolchain recorded in that binary (go version -m), and an -ldflags
// version wins.
func TestVersionOfBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	// Other tests of this package change the working directory (--chdir in
	// process), so every command runs in a directory named here.
	_, self, _, _ := runtime.Caller(0)
	module := filepath.Join(filepath.Dir(self), "..", "..")
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "terrarium")
	build := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), "terrarium")...)
		cmd.Dir = module
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}

	build()
	got := run(bin, "version")
	meta := run("go", "version", "-m", bin)
	modVersion := regexp.MustCompile(`(?m)^\tmod\tterrarium\t(\S+)`).FindStringSubmatch(meta)
	revision := regexp.MustCompile(`(?m)^\tbuild\tvcs\.revision=(\S+)`).FindStringSubmatch(meta)
	switch {
	case modVersion != nil && modVersion[1] != "(devel)":
		if !strings.HasPrefix(got, "terrarium "+modVersion[1]+" (go") {
			t.Errorf("version says\n%s\nthe binary records module version %s", got, modVersion[1])
		}
	case revision != nil:
		if !strings.Contains(got, "commit "+revision[1]) {
			t.Errorf("version says\n%s\nthe binary records commit %s", got, revision[1])
		}
	default:
		if !strings.HasPrefix(got, "terrarium devel (go") || !strings.Contains(got, "This build records no version") {
			t.Errorf("a build that records no version says\n%s", got)
		}
	}
	if strings.Contains(got, "terrarium dev ") || strings.Contains(got, "0.0.0-dev") {
		t.Errorf("version says %q", got)
	}

	build("-ldflags", "-X terrarium/internal/version.Version=v9.8.7")
	if got := run(bin, "version"); !strings.HasPrefix(got, "terrarium v9.8.7 (go") {
		t.Errorf("an -ldflags build says %q", got)
	}
}
