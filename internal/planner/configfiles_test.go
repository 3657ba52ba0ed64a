package planner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/plan"
)

// TestCheckConfigFilesNamesTheFile pins what a saved plan's recorded files
// are checked for: an edit, an added and a removed configuration file are
// each named, and a recorded name outside the directory is never read.
func TestCheckConfigFilesNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("main.hcl", "a")
	write("b.hcl", "b")
	write("notes.txt", "not configuration")
	recorded := map[string]string{
		filepath.Join(dir, "main.hcl"): "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", // sha256("a")
		filepath.Join(dir, "b.hcl"):    "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d", // sha256("b")
	}
	if err := CheckConfigFiles(dir, recorded); err != nil {
		t.Fatalf("unchanged files: %v", err)
	}
	for _, tc := range []struct {
		change func()
		undo   func()
		want   string
	}{
		{func() { write("main.hcl", "edited") }, func() { write("main.hcl", "a") }, "main.hcl was edited"},
		{func() { write("c.hcl", "new") }, func() { os.Remove(filepath.Join(dir, "c.hcl")) }, "c.hcl was added"},
		{func() { os.Remove(filepath.Join(dir, "b.hcl")) }, func() { write("b.hcl", "b") }, "b.hcl was removed"},
	} {
		tc.change()
		err := CheckConfigFiles(dir, recorded)
		var d *plan.Difference
		if !errors.As(err, &d) || d.Side != plan.SideConfiguration || !strings.Contains(d.Detail, tc.want) {
			t.Errorf("want %q, got %v", tc.want, err)
		}
		tc.undo()
	}
	outside := map[string]string{"/etc/passwd": "x"}
	for k, v := range recorded {
		outside[k] = v
	}
	if err := CheckConfigFiles(dir, outside); err == nil || !strings.Contains(err.Error(), "/etc/passwd was removed") {
		t.Errorf("a recorded name outside the directory: %v", err)
	}
}

// TestCheckConfigFilesOtherDirectory pins a saved plan checked from a
// directory that holds none of its files, or lacks its configuration
// directory: it says the plan was made in another directory, not that
// every file was removed.
func TestCheckConfigFilesOtherDirectory(t *testing.T) {
	dir := t.TempDir()
	recorded := map[string]string{filepath.Join(dir, "main.hcl"): "x", filepath.Join(dir, "b.hcl"): "y"}
	for _, d := range []string{dir, filepath.Join(dir, "gone")} {
		rec := recorded
		if d != dir {
			rec = map[string]string{filepath.Join(d, "main.hcl"): "x"}
		}
		err := CheckConfigFiles(d, rec)
		var o *OtherDirectoryError
		if !errors.As(err, &o) || !strings.Contains(err.Error(), "the plan was made in another directory") || strings.Contains(err.Error(), "was removed") {
			t.Errorf("%s: got %v", d, err)
		}
	}
}
