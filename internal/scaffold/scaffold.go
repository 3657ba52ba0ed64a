// Package scaffold writes a new repository's terrarium files: a starter
// configuration with a terrarium block and one least-privilege
// environment, terrarium's local files in .gitignore, and the GitHub
// Actions workflow of examples/github pointed at the configuration. Every
// file is written through atomicfile. It never prints; terrarium init
// reports what it did.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"terrarium/examples"
	"terrarium/internal/atomicfile"
	"terrarium/internal/safefile"
	"terrarium/schema"
)

// DefaultConfigDir is where init puts the configuration, relative to the
// repository root, unless --config-dir says otherwise; the example
// workflow's TERRARIUM_DIR.
const DefaultConfigDir = "environments"

// HasConfig reports whether dir holds configuration files (see
// schema.IsConfigFile: *.hcl, neither variable values nor hidden).
func HasConfig(dir string) bool {
	names, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
	for _, n := range names {
		if schema.IsConfigFile(filepath.Base(n)) {
			return true
		}
	}
	return false
}

// ConfigBelow returns the subdirectory of root (its name) that holds the
// configuration when root itself holds none: DefaultConfigDir when that
// holds one (init's layout, whatever else root holds), else the only
// visible subdirectory that holds one. Empty when root holds a
// configuration, or none or several of its subdirectories do, or root
// cannot be read.
func ConfigBelow(root string) string {
	if HasConfig(root) {
		return ""
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	found, ambiguous := "", false
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || !HasConfig(filepath.Join(root, e.Name())) {
			continue
		}
		if e.Name() == DefaultConfigDir {
			return e.Name()
		}
		if found != "" {
			ambiguous = true // more than one: the user must choose
		}
		found = e.Name()
	}
	if ambiguous {
		return ""
	}
	return found
}

// Options say what to scaffold.
type Options struct {
	// Root is the repository root, as the user typed it.
	Root string
	// ConfigDir is the configuration directory, relative to Root.
	ConfigDir string
	// Stack is the stack name; empty means Root's base name, sanitized.
	Stack string
	// Force overwrites the starter configuration and the workflow.
	Force bool
	// Action is the workflow's `uses:` of the terrarium action,
	// OWNER/REPO@REF (or OWNER/REPO/PATH@REF); empty keeps the example's
	// OWNER/terrarium@v1.0.0 placeholder.
	Action string
}

// ActionPlaceholder is the example workflow's `uses:` of the terrarium
// action, which --action replaces.
const ActionPlaceholder = "OWNER/terrarium@v1.0.0"

var actionRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*@[A-Za-z0-9_./+-]+$`)

// CheckAction refuses an --action that is not OWNER/REPO[/PATH]@REF in
// the characters GitHub allows (nothing YAML or a shell could read as
// more than a name).
func CheckAction(a string) error {
	if a == "" || (actionRE.MatchString(a) && !strings.HasPrefix(a, "-") && !strings.Contains(a, "..")) {
		return nil
	}
	return fmt.Errorf("--action %q is not OWNER/REPO@REF (for example acme/terrarium@v1.2.3, or a full commit SHA after the @)", a)
}

// FindRoot returns the repository root holding dir: the nearest directory
// at or above it with a .git entry (a directory, or the file of a worktree
// or submodule). Outside any repository it is dir itself and inRepo is
// false. It reads only directory entries: no git is needed.
func FindRoot(dir string) (root string, inRepo bool, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, err
	}
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(filepath.Join(p, ".git")); err == nil {
			return p, true, nil
		}
		if filepath.Dir(p) == p {
			return abs, false, nil
		}
	}
}

// File is one file init considered, named as the user would type it
// (joined to Options.Root).
type File struct {
	Path string
	// Wrote is false when the file existed and was kept.
	Wrote bool
}

// Result is what Init did.
type Result struct {
	Files []File
	// GitignoreAdded counts the lines added to Gitignore (comments aside).
	GitignoreAdded int
	Gitignore      string
	// ConfigDir is the configuration directory as the user would type it.
	ConfigDir string
}

// Init writes the scaffold under opts.Root. A --config-dir outside the
// repository is an error and writes nothing; an I/O error stops at the
// file it failed on.
func Init(opts Options) (*Result, error) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	if filepath.IsAbs(opts.ConfigDir) || strings.HasPrefix(filepath.Clean(opts.ConfigDir), "..") {
		return nil, fmt.Errorf("--config-dir %q must be a path inside the repository", opts.ConfigDir)
	}
	if err := CheckAction(opts.Action); err != nil {
		return nil, err
	}
	stack := opts.Stack
	if stack == "" {
		stack = sanitizeStack(filepath.Base(root))
	}
	configDir := filepath.ToSlash(filepath.Clean(opts.ConfigDir))
	files := []struct {
		path, body string
	}{
		{filepath.Join(root, configDir, "main.hcl"), starterConfig(stack)},
		{filepath.Join(root, ".github", "workflows", "terrarium.yml"), workflowFor(configDir, opts.Action)},
	}
	res := &Result{
		Gitignore: filepath.Join(opts.Root, ".gitignore"),
		ConfigDir: filepath.ToSlash(filepath.Join(opts.Root, configDir)),
	}
	// A link that would take a file out of the repository is refused
	// before any file is written.
	for _, p := range []string{files[0].path, files[1].path, filepath.Join(root, ".gitignore")} {
		if err := atomicfile.CheckIn(root, p); err != nil {
			return res, err
		}
	}
	for _, f := range files {
		wrote, err := writeFile(root, f.path, f.body, opts.Force)
		if err != nil {
			return res, err
		}
		rel, _ := filepath.Rel(root, f.path)
		res.Files = append(res.Files, File{Path: filepath.Join(opts.Root, rel), Wrote: wrote})
	}
	res.GitignoreAdded, err = appendGitignore(root, filepath.Join(root, ".gitignore"), gitignoreLines(configDir))
	return res, err
}

// writeFile writes a scaffold file of the repository root through
// atomicfile unless it exists and force is not set; it reports whether it
// wrote. A symbolic link (at the file, or a directory on its way) is
// followed only inside root (atomicfile.ReplaceIn): a checkout's link
// cannot make init write elsewhere.
func writeFile(root, path, body string, force bool) (bool, error) {
	if err := atomicfile.InDir(root, path); err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	if force {
		return true, atomicfile.ReplaceIn(root, path, []byte(body), 0o644)
	}
	err := atomicfile.CreateIn(root, path, []byte(body), 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	return err == nil, err
}

// gitignoreLines are the local files terrarium writes that do not belong in
// git: the state directory (unless a team commits it on purpose), saved
// plans and the emulator's data.
func gitignoreLines(configDir string) []string {
	return []string{
		"# terrarium",
		configDir + "/.terrarium/",
		"*.plan",
		"*.tfplan",
	}
}

// appendGitignore adds the lines that are not already present, keeping
// every line the file has; the file is rewritten through atomicfile.
// Like the scaffold files, a link is read and written only inside root.
func appendGitignore(root, path string, lines []string) (int, error) {
	existing, err := safefile.ReadInDir(root, path, safefile.Limits{}) // a regular file: a FIFO would hang init
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(existing), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 || (len(add) == 1 && strings.HasPrefix(add[0], "#")) {
		return 0, nil
	}
	var b strings.Builder
	b.Write(existing)
	if len(existing) > 0 && !bytes.HasSuffix(existing, []byte("\n")) {
		b.WriteString("\n")
	}
	for _, l := range add {
		b.WriteString(l + "\n")
	}
	if err := atomicfile.ReplaceIn(root, path, []byte(b.String()), 0o644); err != nil {
		return 0, err
	}
	n := 0
	for _, l := range add {
		if !strings.HasPrefix(l, "#") {
			n++
		}
	}
	return n, nil
}

// workflowFor points the example workflow at configDir and, when action
// is set, at that terrarium action.
func workflowFor(configDir, action string) string {
	r := []string{
		strconv.Quote(DefaultConfigDir + "/**"), strconv.Quote(configDir + "/**"),
		"TERRARIUM_DIR: " + DefaultConfigDir, "TERRARIUM_DIR: " + yamlScalar(configDir),
	}
	if action != "" {
		r = append(r, "uses: "+ActionPlaceholder, "uses: "+action)
	}
	return strings.NewReplacer(r...).Replace(examples.GitHubWorkflow)
}

// yamlScalar writes s plain when YAML reads it back as the same string, and
// double-quoted otherwise (a "#" would start a comment, ": " a mapping).
func yamlScalar(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._/-", r)) {
			return strconv.Quote(s)
		}
	}
	return s
}

func sanitizeStack(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "default"
}

func starterConfig(stack string) string {
	return fmt.Sprintf(`terrarium {
  stack = %q

  # The state log lives on the branch terrarium-state of this repository's
  # remote (origin), pushed with the CI checkout's own credentials.
  backend "git" {
    branch = "terrarium-state"
  }
}

# One least-privilege environment: limited networking, HTTPS hosts only,
# pinned packages, no MCP servers.
environment "dev" {
  description = "Starter environment"
  metadata = {
    team = "platform"
  }

  config {
    type = "cloud"

    packages {
      pip = ["requests==2.32.3"]
    }

    networking {
      type                   = "limited"
      allowed_hosts          = ["https://api.github.com"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
}
`, stack)
}
