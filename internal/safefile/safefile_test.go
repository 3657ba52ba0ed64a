//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadInDirFollowsOnlyLinksThatStayInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "cfg")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "real.txt"), []byte("inside"), 0o644)
	os.WriteFile(filepath.Join(root, "secret"), []byte("outside"), 0o644)
	os.Symlink("sub/real.txt", filepath.Join(dir, "in.hcl"))
	os.Symlink(filepath.Join(root, "secret"), filepath.Join(dir, "out.hcl"))
	os.Symlink("../secret", filepath.Join(dir, "rel.hcl"))
	os.Symlink("nowhere", filepath.Join(dir, "dangling.hcl"))

	if b, err := ReadInDir(dir, filepath.Join(dir, "in.hcl"), Limits{}); err != nil || string(b) != "inside" {
		t.Fatalf("inside link: %q %v", b, err)
	}
	for _, name := range []string{"out.hcl", "rel.hcl"} {
		b, err := ReadInDir(dir, filepath.Join(dir, name), Limits{})
		var se *Error
		if !errors.As(err, &se) || b != nil || !strings.Contains(err.Error(), "is a symbolic link to "+filepath.Join(root, "secret")+", which lies outside the configuration directory and was not read") {
			t.Fatalf("%s: %q %v", name, b, err)
		}
	}
	if _, err := ReadInDir(dir, filepath.Join(dir, "dangling.hcl"), Limits{}); err == nil || !strings.Contains(err.Error(), "cannot be resolved") {
		t.Fatalf("dangling: %v", err)
	}
	// A file the user names may be anywhere.
	if b, err := ReadNamed(filepath.Join(dir, "out.hcl"), Limits{}); err != nil || string(b) != "outside" {
		t.Fatalf("named: %q %v", b, err)
	}
}

func TestSpecialFilesRefusedWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{fifo, "/dev/zero", dir} {
		_, err := ReadNamed(p, Limits{})
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestSizeBoundCheckedBeforeReading(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.hcl")
	os.WriteFile(p, make([]byte, 2048), 0o644)
	_, err := ReadNamed(p, Limits{MaxFileSize: 1024})
	if err == nil || !strings.Contains(err.Error(), "is 2048 bytes, more than the limit of 1024") || !strings.Contains(err.Error(), EnvMaxFileSize) {
		t.Fatalf("err %v", err)
	}
	if b, err := ReadNamed(p, Limits{MaxFileSize: 2048}); err != nil || len(b) != 2048 {
		t.Fatalf("at the bound: %d %v", len(b), err)
	}
}

func TestLimitsFromEnv(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if l, err := LimitsFromEnv(get); err != nil || l.MaxFileSize != DefaultMaxFileSize || l.MaxFiles != DefaultMaxFiles {
		t.Fatalf("defaults: %+v %v", l, err)
	}
	for in, want := range map[string]int64{"4096": 4096, "64MiB": 64 << 20, "1 GiB": 1 << 30, "512KiB": 512 << 10} {
		env[EnvMaxFileSize] = in
		if l, err := LimitsFromEnv(get); err != nil || l.MaxFileSize != want {
			t.Errorf("%q: %+v %v", in, l, err)
		}
	}
	for _, bad := range []string{"lots", "-1", "0", "5TiB", "2000GiB"} {
		env[EnvMaxFileSize] = bad
		if _, err := LimitsFromEnv(get); err == nil || !strings.Contains(err.Error(), EnvMaxFileSize) {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
	env[EnvMaxFileSize] = ""
	env[EnvMaxFiles] = "none"
	if _, err := LimitsFromEnv(get); err == nil || !strings.Contains(err.Error(), EnvMaxFiles) {
		t.Errorf("bad file count accepted: %v", err)
	}
}

func TestOpenAppendFollowsLinksOnlyBesideThem(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "repo"), filepath.Join(base, "home")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	victim := filepath.Join(outside, ".bashrc")
	if err := os.WriteFile(victim, []byte("victim"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"out.log": victim, "gone.log": filepath.Join(outside, "new.log")} {
		p := filepath.Join(dir, name)
		if err := os.Symlink(to, p); err != nil {
			t.Fatal(err)
		}
		var se *Error
		if f, err := OpenAppend(p, 0o600); !errors.As(err, &se) {
			f.Close()
			t.Errorf("%s: err = %v, want a refusal", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "new.log")); err == nil {
		t.Error("a dangling link's target was created")
	}
	inside := filepath.Join(dir, "in.log")
	if err := os.Symlink("real.log", inside); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "real.log"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{inside, filepath.Join(dir, "new.log"), os.DevNull} {
		f, err := OpenAppend(p, 0o600)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		f.Close()
	}
	if got, _ := os.ReadFile(victim); string(got) != "victim" {
		t.Errorf("the file outside changed: %q", got)
	}
}

// A FIFO no process reads, named or linked to, is an error at once: the
// open does not wait for a reader (which would hang the command).
func TestOpenAppendDoesNotWaitOnAFIFO(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	dir := filepath.Join(root, "checkout")
	os.Mkdir(dir, 0o755)
	os.Symlink(fifo, filepath.Join(dir, "terrarium.log"))
	for _, p := range []string{fifo, filepath.Join(dir, "terrarium.log")} {
		f, err := OpenAppend(p, 0o600)
		if err == nil {
			f.Close()
			t.Fatalf("%s: opened a FIFO nobody reads", p)
		}
		if !strings.Contains(err.Error(), "named pipe (FIFO) that no process reads") {
			t.Errorf("%s: %v", p, err)
		}
	}
	// With a reader, it is opened, and written.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := OpenAppend(filepath.Join(dir, "terrarium.log"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("line\n")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	buf := make([]byte, 16)
	if n, _ := r.Read(buf); string(buf[:n]) != "line\n" {
		t.Errorf("read %q", buf[:n])
	}
}

// A refused file's name and target are a pull request's: a newline or an
// escape sequence in them is written escaped, so that the message stays
// one line (a line starting "::error" would be a GitHub workflow command)
// and cannot move a terminal's cursor.
func TestErrorEscapesHostileNames(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a\n::error file=main.hcl::INJECTED\x1b[2J.hcl")
	if err := os.Symlink("/etc/\npasswd", name); err != nil {
		t.Skip(err)
	}
	_, err := ReadInDir(dir, name, Limits{})
	if err == nil {
		t.Fatal("read a dangling link")
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\x1b") || !strings.Contains(msg, `a\n::error file=main.hcl::INJECTED\u001b[2J.hcl`) || !strings.Contains(msg, `/etc/\npasswd`) {
		t.Errorf("message %q", msg)
	}
}

// "Beside" is the link's own directory, not below it: a checkout's
// .git/config lies inside the directory a relative log path names, and a
// link to it is refused.
func TestOpenAppendRefusesALinkIntoASubdirectory(t *testing.T) {
	dir := t.TempDir()
	git := filepath.Join(dir, ".git")
	os.Mkdir(git, 0o755)
	config := filepath.Join(git, "config")
	os.WriteFile(config, []byte("[core]\n"), 0o644)
	p := filepath.Join(dir, "terrarium.log")
	os.Symlink(".git/config", p)
	var se *Error
	if f, err := OpenAppend(p, 0o600); !errors.As(err, &se) {
		if f != nil {
			f.Close()
		}
		t.Fatalf("err = %v, want a refusal", err)
	}
	if got, _ := os.ReadFile(config); string(got) != "[core]\n" {
		t.Errorf(".git/config changed: %q", got)
	}
}

// A link beside the log, relative or absolute, is followed.
func TestOpenAppendFollowsAnAbsoluteLinkBesideIt(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("real.log", nil, 0o600)
	os.Symlink(filepath.Join(dir, "real.log"), "abs.log")
	os.Symlink("./real.log", "rel.log")
	for _, p := range []string{"abs.log", "rel.log", filepath.Join(dir, "rel.log")} {
		f, err := OpenAppend(p, 0o600)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		f.Close()
	}
}

// A named file that is (or links to) a kernel file — /proc/self/environ
// holds the job's credentials — is refused: a policy file a pull request
// replaced with such a link would otherwise be read and quoted.
func TestReadNamedRefusesKernelFiles(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc")
	}
	link := filepath.Join(t.TempDir(), "policy.hcl")
	os.Symlink("/proc/self/environ", link)
	for _, p := range []string{"/proc/self/environ", link, "/sys/kernel/uevent_seqnum"} {
		b, err := ReadNamed(p, Limits{})
		var se *Error
		if !errors.As(err, &se) || b != nil || !strings.Contains(err.Error(), "kernel") {
			t.Errorf("%s: read %d bytes, err %v", p, len(b), err)
		}
	}
}

// A configuration file linked into .git (leak.hcl -> .git/config, which
// holds the checkout's credential) is not read, though .git lies inside
// the directory.
func TestReadInDirRefusesALinkIntoGit(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "config"), []byte("[core]\n"), 0o644)
	os.Symlink(".git/config", filepath.Join(dir, "leak.hcl"))
	b, err := ReadInDir(dir, filepath.Join(dir, "leak.hcl"), Limits{})
	var se *Error
	if !errors.As(err, &se) || b != nil || !strings.Contains(err.Error(), ".git") {
		t.Errorf("read %d bytes, err %v", len(b), err)
	}
}
