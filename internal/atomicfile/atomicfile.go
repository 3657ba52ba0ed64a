// Package atomicfile replaces files so that a crash leaves either the old
// content or the new, never a torn file. Every file terrarium writes for a
// user (plan files, fmt, lint baselines, generated and rolled-back
// configuration, init's scaffold) and its own small files (the state lock's
// holder info, the emulator's data file) are written this way.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// Replace writes data to a user's file the way an editor saves it: through
// Write's temporary file and rename, keeping the mode of the file it
// replaces (perm for a new file). When path is a symbolic link, the file
// the link resolves to is replaced and the link is kept. A link that
// resolves to nothing is an error: writing through it would guess.
func Replace(path string, data []byte, perm os.FileMode) error {
	target, err := Resolve(path)
	if err != nil {
		return err
	}
	if info, err := os.Stat(target); err == nil {
		perm = info.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return WriteMode(target, data, perm)
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

// Resolve returns the file path names once symbolic links are followed: path
// itself when it is not a link (or does not exist yet), else the link's
// final target. A link whose target cannot be resolved is an error.
func Resolve(path string) (string, error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode()&fs.ModeSymlink == 0) {
		return path, nil
	}
	if err != nil {
		return "", err
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("%s is a symbolic link that does not resolve to a file: %w", path, err)
	}
	return target, nil
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
