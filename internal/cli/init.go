package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"terrarium/examples"
)

// InitOptions are the inputs of terrarium init.
type InitOptions struct {
	Root      string // repository root to scaffold
	ConfigDir string // configuration directory, relative to Root
	Stack     string
	Force     bool
}

// NewCmdInit scaffolds a repository.
func NewCmdInit(d *Deps) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold a repository: starter config, .gitignore and CI workflow",
		Long: `Init writes a starter configuration with a terrarium block and one
least-privilege environment, adds terrarium's local files to .gitignore, and
writes a GitHub Actions workflow that lints and plans pull requests and
applies the reviewed plan on merge. Existing files are left alone unless
--force is given; .gitignore is only ever appended to.`,
		Example: `  terrarium init
  terrarium init --config-dir infra/agents --stack platform`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Root = "."
			if len(args) == 1 {
				opts.Root = args[0]
			}
			return runInit(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.ConfigDir, "config-dir", "environments", "configuration `DIR`, relative to the repository root")
	cmd.Flags().StringVar(&opts.Stack, "stack", "", "stack name (default: the repository directory's name)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite the starter config and workflow if they exist")
	return cmd
}

func runInit(d *Deps, opts *InitOptions) error {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return err
	}
	if filepath.IsAbs(opts.ConfigDir) || strings.HasPrefix(filepath.Clean(opts.ConfigDir), "..") {
		return fmt.Errorf("--config-dir %q must be a path inside the repository", opts.ConfigDir)
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
		{filepath.Join(root, ".github", "workflows", "terrarium.yml"),
			workflowFor(configDir)},
	}
	for _, f := range files {
		wrote, err := writeScaffold(f.path, f.body, opts.Force)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, f.path)
		rel = filepath.Join(opts.Root, rel) // as the user would type it
		if wrote {
			fmt.Fprintf(d.IO.Out, "Created %s\n", rel)
		} else {
			fmt.Fprintf(d.IO.Out, "Kept %s (exists; --force to overwrite)\n", rel)
		}
	}
	added, err := appendGitignore(filepath.Join(root, ".gitignore"), gitignoreLines(configDir))
	if err != nil {
		return err
	}
	if added > 0 {
		fmt.Fprintf(d.IO.Out, "Added %d lines to %s\n", added, filepath.Join(opts.Root, ".gitignore"))
	}
	fmt.Fprintf(d.IO.Out, "\nNext: terrarium plan --emulator %s\n", filepath.ToSlash(filepath.Join(opts.Root, configDir)))
	return nil
}

func writeScaffold(path, body string, force bool) (bool, error) {
	if _, err := os.Stat(path); err == nil && !force {
		return false, nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	return true, os.WriteFile(path, []byte(body), 0o644)
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

// appendGitignore adds the lines that are not already present.
func appendGitignore(path string, lines []string) (int, error) {
	existing, err := readNamed(path) // a regular file: a FIFO would hang init
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
	if len(existing) > 0 && !strings.HasSuffix(string(existing), "\n") {
		b.WriteString("\n")
	}
	for _, l := range add {
		b.WriteString(l + "\n")
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if _, err := f.WriteString(b.String()); err != nil {
		return 0, err
	}
	n := 0
	for _, l := range add {
		if !strings.HasPrefix(l, "#") {
			n++
		}
	}
	return n, f.Close()
}

// workflowFor points the example workflow at configDir.
func workflowFor(configDir string) string {
	return strings.NewReplacer(
		`"environments/**"`, strconv.Quote(configDir+"/**"),
		"TERRARIUM_DIR: environments", "TERRARIUM_DIR: "+yamlScalar(configDir),
	).Replace(examples.GitHubWorkflow)
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
