// Package atomicfile replaces files so that a crash leaves either the old
// content or the new, never a torn file. Every file terrarium writes for a
// user (plan files, fmt, lint baselines, generated and rolled-back
// configuration, init's scaffold) and its own small files (the state lock's
// holder info, the emulator's data file) are written this way.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"terrarium/internal/safefile"
)

// Write replaces path with data through a temporary file in the same
// directory: write, fsync, chmod 0600, rename, then fsync the directory so
// that the rename itself is durable. The temporary file has a unique name,
// so concurrent writers never write into each other's.
func Write(path string, data []byte) error {
	return WriteMode(path, data, 0o600)
}

// WriteMode is Write with the file's permissions set to perm.
func WriteMode(path string, data []byte, perm os.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(name) // no-op once renamed
	if err := os.Rename(name, path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// Replace writes data to a file the user named (on the command line, or
// found in the directory they named) the way an editor saves it: through
// Write's temporary file and rename, keeping the mode of the file it
// replaces (perm for a new file). It is ReplaceIn with the directory that
// holds path: a symbolic link is followed only to a regular file beside
// or below it.
func Replace(path string, data []byte, perm os.FileMode) error {
	return ReplaceIn(filepath.Dir(path), path, data, perm)
}

// ReplaceIn is Replace for a file of the directory dir (a configuration
// directory, the directory init writes into). A pull request can place a
// symbolic link where terrarium writes, so a link at path is followed,
// and the file it resolves to replaced with the link kept, only when that
// file is a regular file inside dir; a link out of dir, to anything but a
// regular file, or to nothing is refused with a *safefile.Error naming
// link and target, and nothing is written.
func ReplaceIn(dir, path string, data []byte, perm os.FileMode) error {
	return replace(dir, path, data, perm, true, nil)
}

// CheckIn returns the error ReplaceIn would refuse path with, writing
// nothing: a command that writes several files checks them all first, so
// that a refused one leaves the others unwritten too.
func CheckIn(dir, path string) error {
	_, err := linkTarget(dir, path, nil)
	return err
}

// ReplaceOwn replaces an output file of terrarium's own (a plan file, a
// lint baseline, a generated configuration) with data, mode perm
// whatever the file had. It writes only where the file is new or already
// one of that kind, so that neither a slip of the user's (--out
// main.hcl) nor a symbolic link a pull request placed can make it
// overwrite another file:
//
//   - a symbolic link at path is followed as ReplaceIn follows one in
//     path's directory, and only to a file ours recognises as one
//     terrarium wrote (ours gets its first bytes, at most OwnPrefix);
//   - a file that exists at path (directly, or through linked parent
//     directories) is replaced only when ours recognises it (an empty
//     file counts as new): else it is refused, with what to do (remove
//     it first, or pick another path);
//   - a path whose name lies in the working directory (the checkout) is
//     written only where the directory holding it resolves inside it and
//     outside its .git (safefile.CheckOutput, which every output of
//     terrarium's passes): a linked directory placed there cannot send it
//     elsewhere, new file or old.
//
// A refusal is a *safefile.Error and nothing is written.
func ReplaceOwn(path string, data []byte, perm os.FileMode, ours func(head []byte) bool) error {
	target, err := ownTarget(path, ours)
	if err != nil {
		return err
	}
	return WriteMode(target, data, perm)
}

// CheckOwn returns the error ReplaceOwn would refuse path with, writing
// nothing: a command offers --force only when it is nil, so that the hint
// and the write can never disagree.
func CheckOwn(path string, ours func(head []byte) bool) error {
	_, err := ownTarget(path, ours)
	return err
}

// ownTarget returns the file ReplaceOwn writes for path, or why not.
func ownTarget(path string, ours func([]byte) bool) (string, error) {
	if err := safefile.CheckOutput(path); err != nil {
		return "", err
	}
	target, err := linkTarget(filepath.Dir(path), path, ours)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(target)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", err
	case err == nil && !info.Mode().IsRegular():
		return "", &safefile.Error{Path: path, Reason: "is " + safefile.Kind(info.Mode()) + ", not a file terrarium wrote, so terrarium does not replace it",
			Fix: "pick another path"}
	case err == nil && info.Size() > 0:
		if !ours(Head(target)) {
			return "", &safefile.Error{Path: path, Reason: "exists and is not a file of the kind terrarium writes there, so terrarium does not replace it",
				Fix: "remove it first if it is yours to lose, or pick another path"}
		}
	}
	return target, nil
}

// CreateOwn is Create for a new output of terrarium's own (import
// --generate-config without --force): it passes safefile.CheckOutput, as
// ReplaceOwn's paths do.
func CreateOwn(path string, data []byte, perm os.FileMode) error {
	if err := safefile.CheckOutput(path); err != nil {
		return err
	}
	return Create(path, data, perm)
}

// OwnPrefix is how many bytes of a linked file ReplaceOwn hands ours.
const OwnPrefix = 4096

func replace(dir, path string, data []byte, perm os.FileMode, keepMode bool, ours func([]byte) bool) error {
	target, err := linkTarget(dir, path, ours)
	if err != nil {
		return err
	}
	if info, err := os.Stat(target); err == nil && keepMode {
		perm = info.Mode().Perm()
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return WriteMode(target, data, perm)
}

// linkTarget returns the file to write for path: path itself when it is
// not a symbolic link (or does not exist yet), else the regular file
// inside dir the link resolves to, which ours (when set) recognises.
func linkTarget(dir, path string, ours func([]byte) bool) (string, error) {
	if err := safefile.CheckName(path); err != nil {
		return "", err
	}
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode()&fs.ModeSymlink == 0) {
		return path, InDir(dir, path)
	}
	if err != nil {
		return "", err
	}
	link, _ := os.Readlink(path)
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", &safefile.Error{Path: path, Target: link, Reason: "does not exist", Fix: "fix or remove the link"}
	}
	refuse := func(reason, fix string) error {
		return &safefile.Error{Path: path, Target: target, Reason: reason + ", so terrarium does not write through the link", Fix: fix}
	}
	if !safefile.Inside(dir, target) {
		return "", refuse("lies outside "+dir, "remove the link, or name the file itself")
	}
	if safefile.InGitDir(dir, target) {
		return "", refuse("lies in the repository's .git directory", "remove the link")
	}
	ti, err := os.Stat(target)
	if err != nil {
		return "", err
	}
	if !ti.Mode().IsRegular() {
		return "", refuse("is "+safefile.Kind(ti.Mode())+", not a regular file", "remove the link")
	}
	if ours != nil && !ours(Head(target)) {
		return "", refuse("is not a file terrarium wrote", "remove the link, or name a new file")
	}
	return target, nil
}

// InDir is safefile.InDir: path's directory must resolve inside dir and
// outside its .git.
func InDir(dir, path string) error { return safefile.InDir(dir, path) }

// Head returns the first OwnPrefix bytes of the file path, opened without
// following a final symbolic link and without blocking on a FIFO (nil when
// it cannot be read): what ReplaceOwn's ours functions are given.
func Head(path string) []byte {
	f, err := os.OpenFile(path, os.O_RDONLY|safefile.OpenFlags, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, OwnPrefix))
	return b
}

// CreateIn is Create for a file of the directory dir: the directory
// holding path must resolve inside dir (see ReplaceIn).
func CreateIn(dir, path string, data []byte, perm os.FileMode) error {
	if err := InDir(dir, path); err != nil {
		return err
	}
	return Create(path, data, perm)
}

// Create writes data to path, which must not exist yet, with mode perm:
// the file appears whole (hard-linked from a synced temporary file) or not
// at all. An existing path is an error wrapping fs.ErrExist, and is left
// untouched.
func Create(path string, data []byte, perm os.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(name)
	if err := os.Link(name, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return &fs.PathError{Op: "create", Path: path, Err: le.Err}
		}
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// writeTemp writes data to a new, synced temporary file beside path with
// mode perm and returns its name; the caller renames or removes it.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// SyncDir fsyncs a directory, making the creation, removal or renaming of
// its entries durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing directory %s: %w", dir, err)
	}
	return nil
}
