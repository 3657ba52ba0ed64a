package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A --var-file or --policy given to apply FILE is taken for the plan's
// recorded file when the two names are one file as the system resolves
// them, not only lexically: a plan (hostile input) that records
// link/../a.vars.hcl, link a symbolic link to another directory, names
// another a.vars.hcl than the one given, and is not matched with it.
func TestAsRecordedNeedsOneFile(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.vars.hcl", "x/a.vars.hcl"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("extra = []\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "x", "y"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "x", "y"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	given := filepath.Join(dir, "a.vars.hcl")
	for _, tc := range []struct {
		recorded string
		want     string
	}{
		{dir + "/./a.vars.hcl", dir + "/./a.vars.hcl"}, // one file: spelled as recorded
		{dir + "/link/../a.vars.hcl", given},           // x/a.vars.hcl: kept as given
		{dir + "/missing/../a.vars.hcl", given},        // no such directory: kept
	} {
		if got := asRecorded([]string{given}, []string{tc.recorded}); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("asRecorded(%s, recorded %s) = %v, want [%s]", given, tc.recorded, got, tc.want)
		}
	}
}
