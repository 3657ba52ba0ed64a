package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Every directory or file name terrarium is given — the configuration
// directory, --chdir, --state-dir, fmt's paths, --from-ant, --var-file,
// --policy, --baseline, a plan file, --out, --write-baseline,
// --generate-config, TERRARIUM_LOG_PATH — passes CheckName before it is
// used: its readers (read, CheckNamedDir) and writers (CheckOutput, and
// atomicfile's, which call them) all start there. Names it writes also
// pass CheckOutput's rule on the directories they go through.

// CheckName refuses name when a ".." step in it follows a component that
// is a symbolic link (lnk/../x). The system applies that ".." to where
// the link leads, while filepath.Clean, Join and Rel — and so every check
// terrarium makes on a name — apply it to the name as written: lnk/../x
// would be checked as ./x and opened as the x beside the link's target,
// outside the checkout. A name without such a step is nil, as is one that
// does not exist as far as its last ".." (opening it fails).
func CheckName(name string) error {
	sep := string(filepath.Separator)
	parts := strings.Split(name, sep)
	last := -1
	for i, p := range parts {
		if p == ".." {
			last = i
		}
	}
	for i := 0; i < last; i++ {
		if p := parts[i]; p == "" || p == "." || p == ".." {
			continue
		}
		prefix := strings.Join(parts[:i+1], sep)
		fi, err := os.Lstat(prefix)
		if err != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			link, _ := os.Readlink(prefix)
			return &Error{Path: name,
				Reason: `has a ".." step after ` + prefix + ", a symbolic link (to " + link + `): the system takes that ".." from where the link leads, not from the name as written, so terrarium does not use the name`,
				Fix:    `name the file or directory without ".." after a link`}
		}
	}
	return nil
}

// CheckNamedDir refuses dir, a directory the user named (the
// configuration directory, --chdir, fmt's, --from-ant's), when CheckName
// does, or when its name lies inside the current directory but it (or,
// when it does not exist, its nearest existing ancestor) resolves outside
// it: a pull request can replace the directory a workflow names with a
// symbolic link to one of the runner's, whose files terrarium would then
// read, quote and write. An absolute name is held to the same rule when
// it lies inside the current directory ($GITHUB_WORKSPACE/environments),
// as the current directory is given or with its links resolved. A name
// outside it (one that starts with "..", or an absolute one elsewhere) is
// nil, as is one that stays inside once resolved.
func CheckNamedDir(dir string) error {
	cwd, err := checkedInWorkingDir(dir)
	if err != nil || cwd == "" {
		return err
	}
	resolved, ok := resolveNearest(dir)
	if !ok || within(cwd, resolved) {
		return nil
	}
	return &Error{Path: dir, Target: resolved, Reason: "lies outside the current directory, so terrarium neither reads nor writes anything there",
		Fix: "if that directory is meant, name it itself; a checkout's link is not followed out of it"}
}

// CheckOutput refuses path, a file (or the state directory) terrarium is
// about to write, create or append to, when CheckName does, or when its
// name lies inside the working directory (as CheckNamedDir decides) while
// the directory that would hold it — its nearest existing ancestor,
// links resolved — lies outside the working directory or in its .git
// (InDir): a directory a pull request linked elsewhere cannot send an
// output there. A name outside the working directory is the workflow's
// own choice and is followed as the system follows it (/tmp is a link on
// macOS); the final component is each writer's business (atomicfile,
// OpenAppend). The refusal is an *Error.
func CheckOutput(path string) error {
	cwd, err := checkedInWorkingDir(path)
	if err != nil || cwd == "" {
		return err
	}
	err = InDir(cwd, path)
	var se *Error
	if errors.As(err, &se) {
		se.Fix = "remove the link, or name a path that does not pass through it"
	}
	return err
}

// InDir refuses path when the directory holding it (or, when that does
// not exist yet, its nearest existing ancestor) resolves outside dir, or
// into its .git, as a linked .github/ or config/ would: the file would
// land elsewhere. A caller that creates the directories first checks with
// it before.
func InDir(dir, path string) error {
	parent := filepath.Dir(path)
	for {
		resolved, err := filepath.EvalSymlinks(parent)
		if err == nil {
			where := "lies outside " + dir
			switch {
			case !Inside(dir, resolved):
			case InGitDir(dir, resolved):
				where = "lies in the repository's .git directory"
			default:
				return nil
			}
			return &Error{Path: parent, Target: resolved, Reason: where + ", so terrarium does not write " + filepath.Base(path) + " there",
				Fix: "remove the link"}
		}
		up := filepath.Dir(parent)
		if !errors.Is(err, fs.ErrNotExist) || up == parent || filepath.Clean(parent) == filepath.Clean(dir) {
			return nil // the write itself fails, or dir is still to be made
		}
		parent = up
	}
}

// checkedInWorkingDir is CheckName's refusal of name, if any, else the
// working directory (links resolved) when name lies in it as
// namedInWorkingDir decides, else "".
func checkedInWorkingDir(name string) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	if cwd, ok := namedInWorkingDir(name); ok {
		return cwd, nil
	}
	return "", nil
}

// namedInWorkingDir reports whether name, as written (links not followed,
// ".." taken from the name), lies in the working directory as the process
// was given it ($PWD) or with its links resolved, and returns the latter.
func namedInWorkingDir(name string) (string, bool) {
	given, err := os.Getwd()
	if err != nil {
		return "", false
	}
	cwd, err := filepath.EvalSymlinks(given)
	if err != nil {
		return "", false
	}
	abs := filepath.Clean(name)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(given, abs)
	}
	return cwd, within(given, abs) || within(cwd, abs)
}

// resolveNearest returns path, or when it does not exist its nearest
// existing ancestor, with every link resolved, absolute; false when
// nothing on the way can be resolved.
func resolveNearest(path string) (string, bool) {
	for {
		resolved, err := filepath.EvalSymlinks(path)
		if err == nil {
			return physical(resolved), true
		}
		up := filepath.Dir(path)
		if !errors.Is(err, fs.ErrNotExist) || up == path {
			return "", false
		}
		path = up
	}
}

// physical makes p, free of symbolic links, absolute against the working
// directory with its links resolved (filepath.Abs would join it to $PWD,
// which may name the same directory through a link).
func physical(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	wd, err := os.Getwd()
	if err == nil {
		if r, err := filepath.EvalSymlinks(wd); err == nil {
			wd = r
		}
	}
	return filepath.Join(wd, p)
}

// within reports whether path, absolute and clean, is dir or lies under
// it, by their names alone.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// sameDir reports whether a and b, free of symbolic links, name one
// directory.
func sameDir(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && a == b
}
