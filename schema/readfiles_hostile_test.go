package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A configuration file that cannot be read is reported with its name
// escaped in the detail: a name a pull request chose cannot add lines to
// the output.
func TestUnreadableFileNameEscapedInDetail(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(""), 0o644)
	name := "a\n::error file=main.hcl::INJECTED\n.hcl"
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, name)); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("nowhere\nelse", filepath.Join(dir, "b\nx.hcl")); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(dir, LoadOptions{})
	if len(diags) < 2 {
		t.Fatalf("diagnostics %v", diags)
	}
	for _, d := range diags {
		if strings.Contains(d.Detail, "\n") {
			t.Errorf("detail holds a newline: %q", d.Detail)
		}
	}
}
