// Package safefile reads the files terrarium is given without trusting
// them: only regular files, a symbolic link only when it stays where it is
// allowed to point, and never more than a bounded number of bytes. A pull
// request can add any file to a checkout that validate, lint and plan then
// read; this is what keeps such a file from making terrarium read (and
// print) a file outside the configuration, hang on a FIFO or a device, or
// exhaust memory.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"terrarium/internal/render/escape"
)

// Bounds, and the environment variables that raise them.
const (
	// DefaultMaxFileSize is the largest file read, in bytes (8 MiB).
	DefaultMaxFileSize = 8 << 20
	// DefaultMaxFiles is the most configuration files read from one
	// directory.
	DefaultMaxFiles = 1000
	// EnvMaxFileSize sets the largest file read: bytes, or a number with
	// a KiB, MiB or GiB suffix.
	EnvMaxFileSize = "TERRARIUM_MAX_FILE_SIZE"
	// EnvMaxFiles sets the most configuration files read from a directory.
	EnvMaxFiles = "TERRARIUM_MAX_FILES"
)

// Error is a file refused before (or instead of) being read. Its message
// names the file, and for a symbolic link its target, and says what to do.
type Error struct {
	Path   string // the file as named or found
	Target string // for a symbolic link, where it leads; else empty
	Reason string // why it was refused, a clause
	Fix    string // what to do, a sentence; may be empty
	err    error  // the system's error, when there is one
}

// Unwrap returns the system's error (fs.ErrNotExist, ...), if any.
func (e *Error) Unwrap() error { return e.err }

// Error implements error. It is one line: the names in it come from a
// checkout, so a newline, a terminal escape or a hidden character in them
// is written as a visible escape (escape.Line), never as itself.
func (e *Error) Error() string {
	s := e.Path
	if e.Target != "" {
		s += " is a symbolic link to " + e.Target + ", which"
	}
	s += " " + e.Reason
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return escape.Line(s)
}

// Limits are the bounds of one read; zero fields mean the defaults.
type Limits struct {
	MaxFileSize int64
	MaxFiles    int
}

// LimitsFromEnv returns the bounds set by TERRARIUM_MAX_FILE_SIZE and
// TERRARIUM_MAX_FILES (read through getenv; nil means os.Getenv), the
// defaults where unset. A value that is not a positive size or count is an
// error naming the variable.
func LimitsFromEnv(getenv func(string) string) (Limits, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	l := Limits{MaxFileSize: DefaultMaxFileSize, MaxFiles: DefaultMaxFiles}
	if s := strings.TrimSpace(getenv(EnvMaxFileSize)); s != "" {
		n, err := ParseSize(s)
		if err != nil {
			return l, fmt.Errorf("%s=%q: %w", EnvMaxFileSize, s, err)
		}
		l.MaxFileSize = n
	}
	if s := strings.TrimSpace(getenv(EnvMaxFiles)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return l, fmt.Errorf("%s=%q is not a positive number of files", EnvMaxFiles, s)
		}
		l.MaxFiles = n
	}
	return l, nil
}

// ParseSize reads a byte count: "1048576", "512KiB", "16MiB", "1GiB".
func ParseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > (1<<40)/mult {
		return 0, errors.New("not a size: give bytes, or a number with KiB, MiB or GiB (at most 1024GiB)")
	}
	return n * mult, nil
}

func (l Limits) maxFileSize() int64 {
	if l.MaxFileSize > 0 {
		return l.MaxFileSize
	}
	return DefaultMaxFileSize
}

// MaxFilesOrDefault is the bound on the number of files.
func (l Limits) MaxFilesOrDefault() int {
	if l.MaxFiles > 0 {
		return l.MaxFiles
	}
	return DefaultMaxFiles
}

// ReadInDir reads path, a file found in the configuration directory dir.
// It must be a regular file, or a symbolic link whose resolved target is a
// regular file inside dir; anything else is an *Error and is not opened.
func ReadInDir(dir, path string, lim Limits) ([]byte, error) {
	return read(path, dir, lim)
}

// ReadNamed reads a file the user named (a --var-file, --policy, baseline,
// plan file): it may lie anywhere, through any symbolic link, but must be
// a regular file within the size bound.
func ReadNamed(path string, lim Limits) ([]byte, error) {
	return read(path, "", lim)
}

// read reads path; within, when set, is the directory a symbolic link
// must resolve inside of.
func read(path, within string, lim Limits) ([]byte, error) {
	if err := CheckName(path); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, Missing(path, err)
	}
	open, target := path, ""
	if fi.Mode()&fs.ModeSymlink != 0 {
		link, _ := os.Readlink(path)
		resolved, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, &Error{Path: path, Target: link, Reason: "cannot be resolved: " + errReason(err), Fix: "remove the link or make it point at a file"}
		}
		if within != "" && !Inside(within, resolved) {
			return nil, &Error{Path: path, Target: resolved, Reason: "lies outside the configuration directory and was not read",
				Fix: "terrarium reads only files inside it: copy the file into the directory instead of linking to it"}
		}
		if within != "" && InGitDir(within, resolved) {
			return nil, &Error{Path: path, Target: resolved, Reason: "lies in the repository's .git directory, which is not configuration, and was not read",
				Fix: "remove the link"}
		}
		if fi, err = os.Stat(resolved); err != nil {
			return nil, err
		}
		open, target = resolved, resolved
	}
	if err := checkRegular(path, target, fi, lim); err != nil {
		return nil, err
	}
	if err := checkNotKernel(path, target); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the file be swapped for a FIFO after the check,
	// the open still does not wait for a writer.
	f, err := os.OpenFile(open, os.O_RDONLY|OpenFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(path, target, fi, lim); err != nil {
		return nil, err
	}
	max := lim.maxFileSize()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, tooLarge(path, max)
	}
	return data, nil
}

// OpenAppend opens path to append to it, creating it with perm: a log or
// summary file named by an environment variable (TERRARIUM_LOG_PATH,
// GITHUB_STEP_SUMMARY). A relative name lies in the checkout, where a pull
// request can place a symbolic link: a link is followed only to what is
// not a regular file (/dev/stderr, a pipe) or to a regular file in the
// link's own directory. A link to a regular file elsewhere, or to nothing
// (appending would create its target), is an *Error and nothing is
// opened; so is a FIFO no process reads (the open does not wait for one),
// and a path CheckOutput refuses (a directory of the checkout linked out
// of it on the way).
func OpenAppend(path string, perm os.FileMode) (*os.File, error) {
	if err := CheckOutput(path); err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		link, _ := os.Readlink(path)
		st, err := os.Stat(path)
		if err != nil {
			return nil, &Error{Path: path, Target: link, Reason: "does not exist, so terrarium does not create it", Fix: "name the file itself, or remove the link"}
		}
		if st.Mode().IsRegular() {
			// Beside: in the link's own directory, not below it (a
			// checkout's .git/config is below it).
			dir := filepath.Dir(path)
			resolved, err := filepath.EvalSymlinks(path)
			reason := ""
			if err != nil || !Inside(dir, resolved) {
				reason = "lies outside " + dir
			} else if here, err := filepath.EvalSymlinks(dir); err != nil || !sameDir(filepath.Dir(resolved), here) {
				reason = "lies in a directory below " + dir
			}
			if reason != "" {
				return nil, &Error{Path: path, Target: link, Reason: reason + ", so terrarium does not append to it",
					Fix: "name the file itself, or remove the link"}
			}
		}
	}
	// appendFlags: a FIFO nobody reads fails the open (ENXIO) instead of
	// blocking it until a reader comes.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY|appendFlags, perm)
	if errors.Is(err, syscall.ENXIO) {
		return nil, &Error{Path: path, Reason: "is a named pipe (FIFO) that no process reads, so terrarium does not wait to write to it",
			Fix: "name a file, or start the reader first", err: err}
	}
	return f, err
}

// Missing describes err, from looking up path, in words: an *Error that
// wraps err when path does not exist or may not be read, else err.
func Missing(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Reason: "does not exist", Fix: "check the path (a relative path is from the current directory, or --chdir)", err: err}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: path, Reason: "may not be read (permission denied)", err: err}
	case errors.Is(err, syscall.ENOTDIR):
		return &Error{Path: path, Reason: "does not exist (a part of its path is a file, not a directory)", err: err}
	}
	return err
}

// kernelDirs hold the kernel's own files, which stat as regular files:
// /proc/self/environ holds the job's credentials.
var kernelDirs = []string{"/proc", "/sys"}

// checkNotKernel refuses a file that resolves into kernelDirs.
func checkNotKernel(path, target string) error {
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil // the open reports it
	}
	if abs, err := filepath.Abs(resolved); err == nil {
		resolved = abs
	}
	for _, d := range kernelDirs {
		if resolved == d || strings.HasPrefix(resolved, d+string(filepath.Separator)) {
			return &Error{Path: path, Target: target, Reason: "is a file of the kernel's (" + d + "), not a file terrarium reads, and was not read",
				Fix: "name a regular file"}
		}
	}
	return nil
}

// checkRegular refuses anything but a regular file within the size bound.
func checkRegular(path, target string, fi fs.FileInfo, lim Limits) error {
	if !fi.Mode().IsRegular() {
		return &Error{Path: path, Target: target, Reason: "is " + Kind(fi.Mode()) + ", not a regular file, and was not read",
			Fix: "terrarium reads configuration only from regular files"}
	}
	if max := lim.maxFileSize(); fi.Size() > max {
		e := tooLarge(path, max)
		e.Target = target
		e.Reason = fmt.Sprintf("is %d bytes, more than the limit of %d, and was not read", fi.Size(), max)
		return e
	}
	return nil
}

func tooLarge(path string, max int64) *Error {
	return &Error{Path: path, Reason: fmt.Sprintf("is more than the limit of %d bytes and was not read", max),
		Fix: fmt.Sprintf("if the file is meant to be this large, raise the limit with %s (for example %s=64MiB)", EnvMaxFileSize, EnvMaxFileSize)}
}

// Kind names a file type for a message: "a directory", "a named pipe
// (FIFO)", "a device", "a socket", "a symbolic link", "an irregular file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "an irregular file"
}

// InGitDir reports whether path (free of symbolic links) lies in a .git
// directory below dir: the repository's own metadata (.git/config holds
// a checkout's credential), which lies inside the directory without being
// a file of it.
func InGitDir(dir, path string) bool {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(physical(d), physical(path))
	return err == nil && slices.Contains(strings.Split(rel, string(filepath.Separator)), ".git")
}

// Inside reports whether path (already free of symbolic links) lies in
// dir, whose own links are resolved first.
func Inside(dir, path string) bool {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(physical(d), physical(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func errReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
