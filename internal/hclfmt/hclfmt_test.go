package hclfmt

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestWriteKeepsTheFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.hcl")
	if err := os.WriteFile(path, []byte("locals {\na    = 1\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	r, err := File(path, "")
	if err != nil || !r.Changed() {
		t.Fatalf("changed %v, %v", r.Changed(), err)
	}
	if err := Write(r); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	if got, _ := os.ReadFile(path); string(got) != "locals {\n  a = 1\n}\n" {
		t.Fatalf("wrote %q", got)
	}
}

func TestSourceStopsAtASyntaxError(t *testing.T) {
	r := Source("bad.hcl", []byte("locals {\n"))
	if !r.Diags.HasErrors() || r.Out != nil || r.Changed() || r.File == nil {
		t.Fatalf("%+v", r)
	}
}

func TestFilesListsLinkedFilesButNotLinkedDirs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.hcl", "other/b.hcl", "sub/c.hcl", ".hidden/d.hcl", "notes.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join("other", "b.hcl"), filepath.Join(dir, "b.hcl")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("other", filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.hcl", filepath.Join(dir, "gone.hcl")); err != nil {
		t.Fatal(err)
	}
	got, err := Files(dir, false)
	want := []string{filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Files = %v, %v; want %v", got, err, want)
	}
	got, _ = Files(dir, true)
	want = []string{filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl"), filepath.Join(dir, "other", "b.hcl"), filepath.Join(dir, "sub", "c.hcl")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("recursive Files = %v; want %v", got, want)
	}
}
