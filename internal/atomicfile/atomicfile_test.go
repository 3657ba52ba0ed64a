package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/safefile"
)

func TestWriteReplacesWith0600AndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new" {
		t.Fatalf("content %q, %v", got, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(ents))
	}
}

func TestWriteIntoMissingDirFails(t *testing.T) {
	if err := Write(filepath.Join(t.TempDir(), "no", "f"), nil); err == nil {
		t.Fatal("no error for a missing directory")
	}
}

func TestReplaceKeepsTheExistingMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.hcl")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil { // whatever the umask
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v, %v; want the old 0640 kept", fi.Mode().Perm(), err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Fatalf("content %q", got)
	}
	fresh := filepath.Join(dir, "fresh.hcl")
	if err := Replace(fresh, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Fatalf("a new file got mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestReplaceWritesThroughASymlinkAndKeepsIt(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared", "main.hcl")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "main.hcl")
	if err := os.Symlink(filepath.Join("shared", "main.hcl"), link); err != nil {
		t.Fatal(err)
	}
	if err := Replace(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v %v", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("target holds %q, want the new content", got)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "shared")); len(ents) != 1 {
		t.Errorf("target directory holds %d entries, want only the file", len(ents))
	}

	dangling := filepath.Join(dir, "dangling.hcl")
	if err := os.Symlink("nowhere.hcl", dangling); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dangling, []byte("x"), 0o600); err == nil {
		t.Fatal("a dangling link was written through")
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the dangling link was replaced")
	}
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gen.hcl")
	if err := Create(path, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Create(path, []byte("two"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second create: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "one" {
		t.Fatalf("content %q, want the first write kept", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(ents))
	}
}

// A link is followed only to a regular file inside the directory; every
// refusal leaves the link and its target as they were.
func TestReplaceInRefusesLinksOutOfTheDirectory(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "repo"), filepath.Join(base, "home")
	for _, d := range []string{dir, outside, filepath.Join(dir, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	victim := filepath.Join(outside, ".bashrc")
	if err := os.WriteFile(victim, []byte("victim"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(name, to string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(to, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := link("out.hcl", victim)
	up := link("sub/up.hcl", "../../home/.bashrc")
	dev := link("dev.hcl", os.DevNull)
	linkedDir := link("linked", outside)
	for _, c := range []struct {
		name string
		err  error
	}{
		{"out of the directory", ReplaceIn(dir, out, []byte("x"), 0o644)},
		{"out of its own directory", Replace(up, []byte("x"), 0o644)},
		{"to a device", ReplaceIn(dir, dev, []byte("x"), 0o644)},
		{"into a linked directory", ReplaceIn(dir, filepath.Join(linkedDir, "new.hcl"), []byte("x"), 0o644)},
		{"created in a linked directory", CreateIn(dir, filepath.Join(linkedDir, "new.hcl"), []byte("x"), 0o644)},
		{"created in a missing directory under a linked one", InDir(dir, filepath.Join(linkedDir, "a", "b", "new.hcl"))},
	} {
		var se *safefile.Error
		if !errors.As(c.err, &se) {
			t.Errorf("%s: err = %v, want a refusal", c.name, c.err)
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "victim" {
		t.Fatalf("the file outside was written: %q", got)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.hcl")); err == nil {
		t.Fatal("a file was created through the linked directory")
	}
	if err := InDir(filepath.Join(base, "not-yet"), filepath.Join(base, "not-yet", "a", "main.hcl")); err != nil {
		t.Errorf("a directory still to be made: %v", err)
	}
}

// ReplaceOwn follows a link in its directory only to a file ours
// recognises, and writes perm whatever the file had.
func TestReplaceOwnFollowsLinksOnlyToItsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	ours := func(head []byte) bool { return string(head) == "PLAN old" }
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("notes.txt", "notes")
	old := write("old.plan", "PLAN old")
	notes := filepath.Join(dir, "notes.plan")
	if err := os.Symlink("notes.txt", notes); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceOwn(notes, []byte("PLAN new"), 0o600, ours); err == nil {
		t.Fatal("a link to a file terrarium did not write was followed")
	}
	cur := filepath.Join(dir, "current.plan")
	if err := os.Symlink("old.plan", cur); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceOwn(cur, []byte("PLAN new"), 0o600, ours); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(old); string(got) != "PLAN new" {
		t.Errorf("the linked plan holds %q", got)
	}
	if fi, _ := os.Stat(old); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 whatever the file had", fi.Mode().Perm())
	}
	// a regular file that is not one of terrarium's is not replaced
	// either (plan --out main.hcl): remove it first, or pick another path
	err := ReplaceOwn(filepath.Join(dir, "notes.txt"), []byte("PLAN new"), 0o600, ours)
	if err == nil || !strings.Contains(err.Error(), "remove it first") || !strings.Contains(err.Error(), "pick another path") {
		t.Errorf("a named regular file that is not a plan: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(got) != "notes" {
		t.Errorf("notes.txt holds %q", got)
	}
	// an empty file (mktemp's) holds nothing to lose: it counts as new
	empty := write("empty.plan", "")
	if err := ReplaceOwn(empty, []byte("PLAN new"), 0o600, ours); err != nil {
		t.Errorf("an empty file: %v", err)
	}
	// a directory is not replaced
	if err := ReplaceOwn(dir, []byte("PLAN new"), 0o600, ours); err == nil {
		t.Error("a directory was replaced")
	}
}

// A directory of the checkout that is a link out of it (a pull request's
// out -> /elsewhere) sends no output there: a new file is refused, and so
// is an existing one, even a plan file terrarium wrote (the rule is on the
// directories the name goes through, whatever lies at its end).
func TestReplaceOwnThroughALinkedDirectory(t *testing.T) {
	checkout, outside := t.TempDir(), t.TempDir()
	t.Chdir(checkout)
	ours := func(head []byte) bool { return strings.HasPrefix(string(head), "PLAN") }
	if err := os.Symlink(outside, "out"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "x.plan"), []byte("victim"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"out/x.plan", "out/new.plan", filepath.Join(checkout, "out", "new.plan")} {
		err := ReplaceOwn(name, []byte("PLAN new"), 0o600, ours)
		var se *safefile.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "x.plan")); string(got) != "victim" {
		t.Errorf("the file out of the checkout holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(outside, "new.plan")); err == nil {
		t.Error("a new file was written out of the checkout")
	}
	if err := os.WriteFile(filepath.Join(outside, "old.plan"), []byte("PLAN old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceOwn("out/old.plan", []byte("PLAN new"), 0o600, ours); err == nil {
		t.Error("a plan file was replaced through the linked directory")
	}
	// a directory inside the checkout, and a path the user named outside
	// it, are written as named
	if err := os.Mkdir("plans", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceOwn("plans/a.plan", []byte("PLAN new"), 0o600, ours); err != nil {
		t.Errorf("a new file in the checkout: %v", err)
	}
	if err := ReplaceOwn(filepath.Join(outside, "b.plan"), []byte("PLAN new"), 0o600, ours); err != nil {
		t.Errorf("a new file named outside the checkout: %v", err)
	}
}

// The repository's own metadata is not a file of the directory it lies
// in: a link a checkout holds into .git (.gitignore -> .git/config) is
// refused, and .git/config is not rewritten.
func TestReplaceInRefusesALinkIntoGit(t *testing.T) {
	root := t.TempDir()
	config := filepath.Join(root, ".git", "config")
	os.MkdirAll(filepath.Dir(config), 0o755)
	os.WriteFile(config, []byte("[core]\n"), 0o644)
	gitignore := filepath.Join(root, ".gitignore")
	os.Symlink(".git/config", gitignore)
	var se *safefile.Error
	if err := ReplaceIn(root, gitignore, []byte(".terrarium/\n"), 0o644); !errors.As(err, &se) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if err := CheckIn(root, gitignore); !errors.As(err, &se) {
		t.Fatalf("CheckIn: %v", err)
	}
	if b, _ := os.ReadFile(config); string(b) != "[core]\n" {
		t.Errorf(".git/config = %q", b)
	}
}

// CheckOwn is ReplaceOwn's own check: where one refuses, so does the
// other, and neither writes. A command derives its --force hint from it.
func TestCheckOwnAgreesWithReplaceOwn(t *testing.T) {
	checkout, outside := t.TempDir(), t.TempDir()
	t.Chdir(checkout)
	ours := func(head []byte) bool { return strings.HasPrefix(string(head), "PLAN") }
	for name, data := range map[string]string{"gen.plan": "PLAN old", "mine.txt": "mine"} {
		if err := os.WriteFile(filepath.Join(outside, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile("here.plan", []byte("PLAN old"), 0o600); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{"out.plan": filepath.Join(outside, "gen.plan"), "mine.plan": filepath.Join(outside, "mine.txt"), "in.plan": "here.plan"}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"out.plan", "mine.plan", "in.plan", "here.plan", "new.plan"} {
		check := CheckOwn(name, ours)
		err := ReplaceOwn(name, []byte("PLAN new"), 0o600, ours)
		if (check == nil) != (err == nil) {
			t.Errorf("%s: CheckOwn %v, ReplaceOwn %v", name, check, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "gen.plan")); string(b) != "PLAN old" {
		t.Errorf("the plan file out of the checkout holds %q", b)
	}
	if CheckOwn("out.plan", ours) == nil {
		t.Error("a link out of its directory to a file of the kind passed")
	}
}
