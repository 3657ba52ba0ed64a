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
	t.Chdir(dir) // in process: --chdir would not be undone
	out, code := runMain([]string{"import", "--emulator", "--generate-config", "gen.hcl", "--all-unmanaged"})
	if code != 1 || !strings.Contains(out, "gen.hcl already exists") || strings.Contains(out, "pass --force") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// The name of a file import will not replace is one line in its refusal.
func TestGenerateConfigRefusalNamesTheFileOnOneLine(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), "environment \"web\" {\n  config {\n    type = \"cloud\"\n  }\n}\n")
	taken := "gen\n::error file=main.hcl::INJECTED.hcl"
	writeFile(t, filepath.Join(dir, taken), "# mine\n")
	t.Chdir(dir)
	out, code := runMain([]string{"import", "--emulator", "--generate-config", taken, "--all-unmanaged"})
	if code != 1 || !strings.Contains(out, "already exists") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "::error") {
			t.Fatalf("a file name started a line of the output:\n%s", out)
		}
	}
}
