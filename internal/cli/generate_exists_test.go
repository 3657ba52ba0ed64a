package cli_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// An existing path import --generate-config will not write over is refused
// without reading more than its first bytes: a FIFO a pull request placed
// there does not hang the command, and --force is not offered for it (it
// is not a file terrarium generated).
func TestGenerateConfigOverAFIFODoesNotHang(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), "environment \"web\" {\n  config {\n    type = \"cloud\"\n  }\n}\n")
	fifo := filepath.Join(dir, "gen.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	out, code := runMain([]string{"import", "--emulator", "--chdir", dir, "--generate-config", "gen.hcl", "--all-unmanaged"})
	if code != 1 || !strings.Contains(out, "gen.hcl already exists") || strings.Contains(out, "pass --force") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
