//go:build unix

package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestDataFileCreatedOnlyAtTheFirstChangeWithCreateOnWrite(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state", "emulator.json")
	e, err := New(Options{DataFile: data, CreateOnWrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(data)); !os.IsNotExist(err) {
		t.Fatalf("starting created %s (%v)", filepath.Dir(data), err)
	}
	e.mu.Lock()
	err = e.persist()
	e.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{filepath.Dir(data): 0o700, data: 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %v", path, fi, err, want)
		}
	}
}

func TestDataFileMustBeARegularFileNotALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.json")
	os.WriteFile(victim, []byte(`{"format_version":1,"environments":[]}`), 0o600)
	link := filepath.Join(dir, "emulator.json")
	os.Symlink(victim, link)
	if _, err := New(Options{DataFile: link}); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Fatalf("link: %v", err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if _, err := New(Options{DataFile: fifo}); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("fifo: %v", err)
	}
}
