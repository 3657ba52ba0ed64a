//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// linkedCheckout makes a checkout (the working directory) holding lnk, a
// link to outside/in, and outside/x/secret.hcl beside the link's target:
// lnk/../x names outside/x to the system, and ./x to filepath.Clean.
func linkedCheckout(t *testing.T) (checkout, outside string) {
	t.Helper()
	checkout, outside = t.TempDir(), t.TempDir()
	for _, d := range []string{"in", "x"} {
		if err := os.Mkdir(filepath.Join(outside, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "x", "secret.hcl"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "in"), filepath.Join(checkout, "lnk")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(checkout)
	return checkout, outside
}

// A ".." after a link is refused by every reader and writer of a name:
// CheckNamedDir used to check lnk/../x as ./x (which does not exist) and
// let the listing come from outside/x.
func TestDotDotAfterALinkIsRefusedEverywhere(t *testing.T) {
	checkout, _ := linkedCheckout(t)
	abs := filepath.Join(checkout, "lnk") + "/../x"
	for _, name := range []string{"lnk/../x", abs, "./lnk/../x", "lnk/../../x"} {
		for what, err := range map[string]error{
			"CheckName":     CheckName(name),
			"CheckNamedDir": CheckNamedDir(name),
			"CheckOutput":   CheckOutput(name + "/new.plan"),
			"ReadNamed":     func() error { _, err := ReadNamed(name+"/secret.hcl", Limits{}); return err }(),
			"ReadInDir":     func() error { _, err := ReadInDir(".", name+"/secret.hcl", Limits{}); return err }(),
			"OpenAppend": func() error {
				f, err := OpenAppend(name+"/debug.log", 0o600)
				if f != nil {
					f.Close()
				}
				return err
			}(),
		} {
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), `".." step after`) {
				t.Errorf("%s(%s) = %v, want the refusal", what, name, err)
			}
		}
	}
}

// Names whose ".." steps agree with the system's are left alone: a
// leading "..", one after a real directory, one after a name that does
// not exist.
func TestDotDotWithoutALinkIsAName(t *testing.T) {
	linkedCheckout(t)
	if err := os.Mkdir("real", 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x", "real/../lnk", "missing/../x", "lnk/in-it", "./real/./"} {
		if err := CheckName(name); err != nil {
			t.Errorf("CheckName(%s) = %v", name, err)
		}
	}
}

// A directory named inside the working directory whose nearest existing
// ancestor is a link out of it is refused even before it exists.
func TestCheckNamedDirRefusesAMissingDirectoryUnderALink(t *testing.T) {
	linkedCheckout(t)
	var se *Error
	if err := CheckNamedDir("lnk/missing/deeper"); !errors.As(err, &se) {
		t.Fatalf("err = %v, want a refusal", err)
	}
}

// The working directory may be given through a link ($PWD /tmp/co on
// macOS, where /tmp -> /private/tmp): an output named by the resolved
// path of the checkout is held to the rule too, and a relative one is
// resolved against the real directory.
func TestCheckOutputAgainstTheWorkingDirectoryAsGivenAndResolved(t *testing.T) {
	real, outside := t.TempDir(), t.TempDir()
	given := filepath.Join(t.TempDir(), "co")
	if err := os.Symlink(real, given); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(real, "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(real, "plans"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Chdir(given)
	t.Setenv("PWD", given) // os.Getwd answers $PWD when it names the directory
	var se *Error
	for _, name := range []string{"out/x.plan", filepath.Join(given, "out", "x.plan"), filepath.Join(real, "out", "x.plan")} {
		if err := CheckOutput(name); !errors.As(err, &se) {
			t.Errorf("CheckOutput(%s) = %v, want a refusal", name, err)
		}
	}
	for _, name := range []string{"plans/x.plan", filepath.Join(given, "plans", "x.plan"), filepath.Join(real, "plans", "x.plan"), filepath.Join(outside, "x.plan")} {
		if err := CheckOutput(name); err != nil {
			t.Errorf("CheckOutput(%s) = %v", name, err)
		}
	}
}

// A log named inside the checkout is not appended to through a directory
// the checkout links out of it.
func TestOpenAppendRefusesALinkedDirectoryOnTheWay(t *testing.T) {
	_, outside := linkedCheckout(t)
	f, err := OpenAppend("lnk/debug.log", 0o600)
	if f != nil {
		f.Close()
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "in", "debug.log")); err == nil {
		t.Error("the log was created out of the checkout")
	}
}
