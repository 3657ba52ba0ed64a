package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"terrarium/internal/iostreams"
)

// fullWriter fails every write, as stderr on a full disk or a closed pipe.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// An apply that plans holds the state log's lock from the plan to the
// apply. When the plan's warnings cannot be written (stderr on a full disk
// or a closed pipe) the apply stops, and it must release that lock: it
// was left in lock.json, and the next run found the state locked.
func TestApplyReleasesHeldLockWhenDiagnosticsCannotBeWritten(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"main.hcl":       "terrarium {\n  stack = \"held\"\n}\n" + webEnv,
		"extra.vars.hcl": "undeclared = \"1\"\n", // a warning: the variable is not declared
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, err := runRoot(t, dir, nil, "apply", "--emulator", "--auto-approve"); err != nil {
		t.Fatalf("first apply: %v\n%s", err, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte("terrarium {\n  stack = \"held\"\n}\n"+webEnv+
		"environment \"api\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type          = \"limited\"\n      allowed_hosts = [\"https://api.github.com\"]\n    }\n  }\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	ios.ErrOut = fullWriter{}
	if err := runRootIO(t, dir, ios, "apply", "--emulator", "--auto-approve", "--var-file", filepath.Join(dir, "extra.vars.hcl")); err == nil {
		t.Fatal("apply succeeded with stderr failing")
	}
	if _, stderr, err := runRoot(t, dir, nil, "plan", "--emulator"); err != nil {
		t.Fatalf("the plan after the failed apply: %v\n%s", err, stderr)
	}
}
