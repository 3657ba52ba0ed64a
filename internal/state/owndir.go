package state

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/safefile"
)

// The state directory is terrarium's own: every file in it is one that
// terrarium writes, truncates or renames. A checkout (a pull request, an
// unpacked archive) can bring a .terrarium of its own, with links to files
// elsewhere on the machine; following one would append to, truncate or
// move a file that is not the state. So before using the directory,
// checkOwnDir refuses links and special files in it, and refuses or
// tightens permissions that let others in. The opens themselves carry
// O_NOFOLLOW as a second guard.

// UnsafeDirError is a state directory, or a file in it, that terrarium
// refuses to use. Nothing was changed.
type UnsafeDirError struct {
	Path   string // the directory or file
	Reason string // why, a clause
	Fix    string // what to do, a sentence
}

// Error implements error.
func (e *UnsafeDirError) Error() string {
	return fmt.Sprintf("state directory: %s %s; nothing was changed: %s", e.Path, e.Reason, e.Fix)
}

// CheckDir checks that the state directory dir, when it exists, is
// terrarium's own: a real directory (not a symbolic link), not writable by
// others, holding only regular files and directories (no links, FIFOs,
// devices or sockets). Group or other access to the directory or a file
// is taken away (0700, 0600), and each change is a warning diagnostic
// (no source range; the path is in its detail). A missing dir is fine: it
// is created 0700 when first written. An error is an *UnsafeDirError, or
// the failure to read the directory or change a mode.
func CheckDir(dir string) (hcl.Diagnostics, error) {
	// A directory on the way (the configuration directory) may be a
	// checkout's link out of the current directory: the state directory
	// is an output, held to safefile.CheckOutput.
	if err := safefile.CheckOutput(dir); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(dir)
		return nil, &UnsafeDirError{Path: dir, Reason: fmt.Sprintf("is a symbolic link to %s, and terrarium keeps its state only in a directory of its own", target),
			Fix: fmt.Sprintf("if %s is this stack's state directory, name it with --state-dir %s (or move it to %s); otherwise remove the link", target, target, dir)}
	}
	if !fi.IsDir() {
		return nil, &UnsafeDirError{Path: dir, Reason: "is " + safefile.Kind(fi.Mode()) + ", not a directory", Fix: "move it away, or name another state directory with --state-dir"}
	}
	var diags hcl.Diagnostics
	if err := tighten(dir, fi, dirPerm, &diags); err != nil {
		return diags, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return diags, err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile (a lock released, a temp file renamed)
		}
		if err != nil {
			return diags, err
		}
		switch m := fi.Mode(); {
		case m&fs.ModeSymlink != 0:
			return diags, linkError(path)
		case m.IsDir():
			continue
		case !m.IsRegular():
			return diags, notRegular(path, m)
		}
		if err := tighten(path, fi, filePerm, &diags); err != nil {
			return diags, err
		}
	}
	return diags, nil
}

// tighten refuses path when others (not the owner, not its group) may
// write it: anyone on the machine could have changed the state. Any group
// or other access is taken away, with a warning appended to diags. Group write alone is
// tightened rather than refused: with a umask of 002 (a private group per
// user) a directory made by hand is group-writable.
func tighten(path string, fi fs.FileInfo, want fs.FileMode, diags *hcl.Diagnostics) error {
	perm := fi.Mode().Perm()
	if perm&0o002 != 0 {
		return &UnsafeDirError{Path: path, Reason: fmt.Sprintf("is writable by others (mode %04o), so anyone on this machine could have changed the state", perm),
			Fix: fmt.Sprintf("check its content, then chmod %o %s and run again", want, path)}
	}
	if perm&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, perm&^0o077); err != nil {
		return fmt.Errorf("tightening the permissions of %s: %w", path, err)
	}
	*diags = diags.Append(&hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  "State file permissions tightened",
		Detail:   fmt.Sprintf("%s was accessible to group or others (mode %04o); its mode is now %04o (the state directory is private to its owner).", path, perm, perm&^0o077),
	})
	return nil
}

// readOwn reads a small file of the state directory (at most max bytes),
// refusing a link or a special file.
func readOwn(path string, max int64) ([]byte, error) {
	f, err := openLog(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s is larger than %d bytes: it is not a file terrarium wrote", path, max)
	}
	return b, err
}

// refusedLink turns the error of an O_NOFOLLOW open of a link into an
// UnsafeDirError that says so.
func refusedLink(path string, err error) error {
	if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return linkError(path)
	}
	return err
}

// notRegular refuses a FIFO, device or socket among the state files.
func notRegular(path string, m fs.FileMode) *UnsafeDirError {
	return &UnsafeDirError{Path: path, Reason: "is " + safefile.Kind(m) + ", not a regular file", Fix: fmt.Sprintf("remove it (rm %s)", path)}
}

// linkError refuses a symbolic link found among the state files.
func linkError(path string) *UnsafeDirError {
	target, _ := os.Readlink(path)
	return &UnsafeDirError{Path: path, Reason: fmt.Sprintf("is a symbolic link to %s, and terrarium writes only to files of its own", target),
		Fix: fmt.Sprintf("remove the link (rm %s); if its target is this stack's file, copy it into place instead", path)}
}
