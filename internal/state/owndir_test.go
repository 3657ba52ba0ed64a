//go:build unix

package state_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/state"
)

// ownDir makes a state directory holding the fixture log, 0700/0600.
func ownDir(t *testing.T) (dir string, log []byte) {
	t.Helper()
	log, _ = logBytes(t)
	dir = filepath.Join(t.TempDir(), ".terrarium")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, state.LogFile), log, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, log
}

// victimFile writes a file outside any state directory and returns a
// check that it is unchanged.
func victimFile(t *testing.T) (string, func()) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "victim")
	want := []byte("someone else's file\n")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	return path, func() {
		t.Helper()
		got, err := os.ReadFile(path)
		now, _ := os.Stat(path)
		if err != nil || !bytes.Equal(got, want) || !now.ModTime().Equal(fi.ModTime()) {
			t.Fatalf("victim changed: %q (%v)", got, err)
		}
	}
}

func TestOpenRefusesLinksInTheStateDirectory(t *testing.T) {
	for _, name := range []string{state.LogFile, state.LockFile, state.OSLockFile, state.BrokenFile} {
		t.Run(name, func(t *testing.T) {
			dir, _ := ownDir(t)
			victim, unchanged := victimFile(t)
			os.Remove(filepath.Join(dir, name))
			if err := os.Symlink(victim, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{true, false} {
				_, err := state.Open(dir, state.Options{ReadOnly: ro})
				var ue *state.UnsafeDirError
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), name+" is a symbolic link to "+victim) || !strings.Contains(err.Error(), "remove the link") {
					t.Fatalf("read-only %v: err %v", ro, err)
				}
			}
			if _, _, err := state.ForceUnlockDir(dir, "x"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Fatalf("force-unlock: %v", err)
			}
			unchanged()
		})
	}
}

func TestOpenRefusesALinkedStateDirectory(t *testing.T) {
	real, _ := ownDir(t)
	link := filepath.Join(t.TempDir(), ".terrarium")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	_, err := state.Open(link, state.Options{Stack: "platform", Create: true})
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link to "+real) || !strings.Contains(err.Error(), "--state-dir") {
		t.Fatalf("err %v", err)
	}
}

func TestOpenRefusesAFIFOWithoutBlocking(t *testing.T) {
	dir, _ := ownDir(t)
	p := filepath.Join(dir, state.LockFile)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	_, err := state.Open(dir, state.Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("err %v", err)
	}
}

func TestPermissionsTightenedOrRefused(t *testing.T) {
	dir, _ := ownDir(t)
	log := filepath.Join(dir, state.LogFile)
	os.Chmod(dir, 0o755)
	os.Chmod(log, 0o644)
	l, err := state.Open(dir, state.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	notes := l.Warnings()
	l.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, log: 0o600} {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	if len(notes) != 2 || !strings.Contains(notes[0].Detail, "accessible to group or others (mode 0755)") || !strings.Contains(notes[1].Detail, "(mode 0644)") || notes[0].Severity != hcl.DiagWarning {
		t.Errorf("notices %v", notes)
	}
	os.Chmod(log, 0o666)
	_, err = state.Open(dir, state.Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "is writable by others (mode 0666)") || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("err %v", err)
	}
	if fi, _ := os.Stat(log); fi.Mode().Perm() != 0o666 {
		t.Errorf("a refused file was changed to %v", fi.Mode().Perm())
	}
}

func TestReadOnlyOpenLeavesATornTail(t *testing.T) {
	dir, good := ownDir(t)
	torn := append(append([]byte(nil), good...), `{"format_version":1,"seq":99`...)
	path := filepath.Join(dir, state.LogFile)
	os.WriteFile(path, torn, 0o600)
	l, err := state.Open(dir, state.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	notes := l.Warnings()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, torn) {
		t.Fatal("a read-only open changed the log")
	}
	if _, err := os.Stat(filepath.Join(dir, state.BrokenFile)); err == nil {
		t.Fatal("a read-only open wrote a .broken file")
	}
	if len(notes) != 1 || !strings.Contains(notes[0].Detail, "changed nothing") || notes[0].Severity != hcl.DiagWarning {
		t.Fatalf("notices %v", notes)
	}
	if l.Head().Seq != int64(bytes.Count(good, []byte("\n"))) {
		t.Fatalf("read to seq %d", l.Head().Seq)
	}
}

func TestLogWithNoCompleteRecordRestartedOnlyByAWriter(t *testing.T) {
	for name, content := range map[string]string{"empty": "", "torn init": `{"format_version":1,"seq":1,"prev":"","ti`} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), ".terrarium")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, state.LogFile)
			os.WriteFile(path, []byte(content), 0o600)
			for _, o := range []state.Options{{ReadOnly: true, Stack: "s"}, {Stack: "s"}} {
				_, err := state.Open(dir, o)
				var nre *state.NoRecordsError
				if !errors.As(err, &nre) || !errors.Is(err, state.ErrNoState) || !strings.Contains(err.Error(), "terrarium apply starts a new log") {
					t.Fatalf("%+v: err %v", o, err)
				}
				if got, _ := os.ReadFile(path); string(got) != content {
					t.Fatal("the log was changed")
				}
			}
			l, err := state.Open(dir, state.Options{Stack: "s", Create: true})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if w := l.Warnings(); len(w) != 1 || w[0].Severity != hcl.DiagWarning {
				t.Fatalf("warnings %v", w)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Contains(got, []byte(`"restarted":true`)) {
				t.Fatalf("new init record does not say it restarted the log: %s", got)
			}
			broken, err := os.ReadFile(filepath.Join(dir, state.BrokenFile))
			if content != "" && (err != nil || string(broken) != content || !bytes.Contains(got, []byte(`"replaces":"state.jsonl.broken"`))) {
				t.Fatalf("damaged bytes not kept aside: %q %v", broken, err)
			}
		})
	}
}

func TestCorruptLockFileClearedWithItsID(t *testing.T) {
	dir, _ := ownDir(t)
	lock := filepath.Join(dir, state.LockFile)
	for _, content := range []string{`{"id":"abc`, ``, `{}`} {
		os.WriteFile(lock, []byte(content), 0o600)
		_, err := state.ReadLockInfo(dir)
		var ce *state.CorruptLockError
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.ID, "corrupt-") || !strings.Contains(err.Error(), "terrarium force-unlock "+ce.ID) {
			t.Fatalf("%q: err %v", content, err)
		}
		if _, _, err := state.ForceUnlockDir(dir, "corrupt-000000000000"); err == nil {
			t.Fatal("another id cleared a corrupt lock")
		}
		info, _, err := state.ForceUnlockDir(dir, ce.ID)
		if err != nil || info.ID != ce.ID {
			t.Fatalf("force-unlock: %+v %v", info, err)
		}
		if _, err := os.Stat(lock); !os.IsNotExist(err) {
			t.Fatal("lock file still there")
		}
	}
}
