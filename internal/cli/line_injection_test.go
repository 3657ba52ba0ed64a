package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A newline in a name a command prints (a file of the checkout, a link's
// target, a flag's value, the directory given) is shown escaped: no such
// name can start a line of terrarium's output, where "::error::..." would
// be a GitHub workflow command and any text a forged message.
func TestNamesCannotStartAnOutputLine(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	const inject = "\n::error file=main.hcl::INJECTED"
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), "environment \"web\" {\n  config {\n    type = \"cloud\"\n  }\n}\n")
	if err := os.Symlink("/etc/passwd"+inject, filepath.Join(dir, "a"+inject+".hcl")); err != nil {
		t.Skip(err)
	}
	missing := filepath.Join(t.TempDir(), "cfg"+inject)
	// A plan file that is not one: its name appears in the refusal.
	notPlan := filepath.Join(t.TempDir(), "p"+inject+".plan")
	writeFile(t, notPlan, "not a plan\n")
	for _, args := range [][]string{
		{"validate", dir},
		{"lint", dir},
		{"fmt", "-check", dir},
		{"plan", "--emulator", dir},
		{"validate", missing},
		{"plan", "--bogus" + inject, dir},
		{"plan", "--lock-timeout", "5" + inject, dir},
		{"plan", "--parallelism", "x" + inject, dir},
		{"apply", "--emulator", notPlan},
	} {
		all, _ := runMain(args)
		for _, line := range strings.Split(all, "\n") {
			if strings.HasPrefix(line, "::error") {
				t.Errorf("terrarium %q: a name started a line of the output:\n%s", args, all)
				break
			}
		}
	}
}
