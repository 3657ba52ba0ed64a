package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitKeepsExistingFilesAndAppendsGitignoreOnce(t *testing.T) {
	root := t.TempDir()
	shared := filepath.Join(root, "shared.gitignore")
	if err := os.WriteFile(shared, []byte("node_modules/"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("shared.gitignore", filepath.Join(root, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	res, err := Init(Options{Root: root, ConfigDir: "infra", Stack: "s"})
	if err != nil || len(res.Files) != 2 || !res.Files[0].Wrote || !res.Files[1].Wrote || res.GitignoreAdded != 3 {
		t.Fatalf("first init: %+v, %v", res, err)
	}
	res, err = Init(Options{Root: root, ConfigDir: "infra", Stack: "s"})
	if err != nil || res.Files[0].Wrote || res.Files[1].Wrote || res.GitignoreAdded != 0 {
		t.Fatalf("second init changed something: %+v, %v", res, err)
	}
	got, _ := os.ReadFile(shared)
	if want := "node_modules/\n# terrarium\ninfra/.terrarium/\n*.plan\n*.tfplan\n"; string(got) != want {
		t.Fatalf(".gitignore target holds %q, want %q", got, want)
	}
	if fi, _ := os.Lstat(filepath.Join(root, ".gitignore")); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the .gitignore link was replaced by a file")
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o600 {
		t.Fatalf(".gitignore mode %v, want its 0600 kept", fi.Mode().Perm())
	}
	main, _ := os.ReadFile(filepath.Join(root, "infra", "main.hcl"))
	if !strings.Contains(string(main), `stack = "s"`) {
		t.Fatalf("starter config:\n%s", main)
	}
}

func TestInitRefusesAConfigDirOutsideTheRepository(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"../elsewhere", "/abs"} {
		if _, err := Init(Options{Root: root, ConfigDir: dir}); err == nil || !strings.Contains(err.Error(), "inside the repository") {
			t.Fatalf("--config-dir %s: %v", dir, err)
		}
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Fatalf("a refused init wrote %d entries", len(ents))
	}
}

// ConfigBelow finds the configuration of a repository root as init lays
// it out, or the only one below, and nothing where the user must choose.
func TestConfigBelow(t *testing.T) {
	write := func(root string, files ...string) {
		for _, f := range files {
			p := filepath.Join(root, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("# x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"init's layout wins over others", []string{DefaultConfigDir + "/main.hcl", "other/main.hcl"}, DefaultConfigDir},
		{"the only one", []string{"stack/main.hcl", "vars/teams.vars.hcl", ".hidden/main.hcl"}, "stack"},
		{"several: the user chooses", []string{"a/main.hcl", "b/main.hcl"}, ""},
		{"the root holds one", []string{"main.hcl", DefaultConfigDir + "/main.hcl"}, ""},
		{"variable values are not a configuration", []string{"x.vars.hcl", "only/y.vars.hcl"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			write(root, c.files...)
			if got := ConfigBelow(root); got != c.want {
				t.Fatalf("ConfigBelow = %q, want %q", got, c.want)
			}
		})
	}
	if ConfigBelow(filepath.Join(t.TempDir(), "missing")) != "" {
		t.Fatal("a missing root has a configuration below it")
	}
}
