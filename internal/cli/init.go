package cli

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/internal/scaffold"
)

// InitOptions are the inputs of terrarium init.
type InitOptions struct {
	Root      string // repository root to scaffold
	ConfigDir string // configuration directory, relative to Root
	Stack     string
	Force     bool
	Action    string // OWNER/REPO@REF of the terrarium action
}

// NewCmdInit scaffolds a repository.
func NewCmdInit(d *Deps) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold a repository: starter config, .gitignore and CI workflow",
		Long: `Init writes a starter configuration with a terrarium block (the state log
on the git backend's branch) and one least-privilege environment, adds
terrarium's local files to .gitignore, and writes a GitHub Actions workflow
that lints and plans pull requests, applies the reviewed plan on merge and
checks for drift every day. Existing files are left alone unless --force is
given; .gitignore is only ever appended to.

Run it anywhere in a repository: the repository root is the nearest
directory at or above DIR (default: the working directory) that holds .git,
and .github/, .gitignore and --config-dir are placed from there. Outside a
repository DIR itself is the root. The stack is named after the root
directory unless --stack says otherwise.

--action names the terrarium action the workflow uses (OWNER/REPO@REF,
best pinned to a full commit SHA); without it the workflow keeps the
OWNER/terrarium@v1.0.0 placeholder to edit.`,
		Example: `  terrarium init
  terrarium init --config-dir infra/agents --stack platform
  terrarium init --action acme/terrarium@v1.2.3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Root = "."
			if len(args) == 1 {
				opts.Root = args[0]
			}
			return runInit(d, opts)
		},
	}
	cmd.Flags().StringVar(&opts.ConfigDir, "config-dir", scaffold.DefaultConfigDir, "configuration `DIR`, relative to the repository root")
	cmd.Flags().StringVar(&opts.Stack, "stack", "", "stack name (default: the repository directory's name)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite the starter config and workflow if they exist")
	cmd.Flags().StringVar(&opts.Action, "action", "", "the terrarium action the workflow uses: `OWNER/REPO@REF`")
	return cmd
}

func runInit(d *Deps, opts *InitOptions) error {
	if err := scaffold.CheckAction(opts.Action); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	// The repository named is written into: held to the rule of every
	// named directory.
	if err := safefile.CheckNamedDir(opts.Root); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	root, inRepo, err := scaffold.FindRoot(opts.Root)
	if err != nil {
		return err
	}
	if inRepo {
		if rel, err := userPath(opts.Root, root); err == nil {
			if rel != filepath.Clean(opts.Root) {
				escape.Fterm(d.IO.Out, "Repository root: %s\n", rel)
			}
			opts.Root = rel
		}
	}
	res, err := scaffold.Init(scaffold.Options{Root: opts.Root, ConfigDir: opts.ConfigDir, Stack: opts.Stack, Force: opts.Force, Action: opts.Action})
	if res != nil {
		for _, f := range res.Files {
			if f.Wrote {
				escape.Fterm(d.IO.Out, "Created %s\n", f.Path)
			} else {
				escape.Fterm(d.IO.Out, "Kept %s (exists; --force to overwrite)\n", f.Path)
			}
		}
	}
	if err != nil {
		return err
	}
	if res.GitignoreAdded > 0 {
		escape.Fterm(d.IO.Out, "Added %d lines to %s\n", res.GitignoreAdded, res.Gitignore)
	}
	// The first plan runs against the local emulator, from the directory
	// this run was in (--chdir).
	escape.Fterm(d.IO.Out, "\nNext: %s plan --emulator %s\n", commandPrefix(d, "init"), escape.Shell(res.ConfigDir))
	if opts.Action == "" {
		escape.Fterm(d.IO.Out, "Before the first run, replace uses: %s in the workflow with the terrarium action you use (init --action OWNER/REPO@REF fills it in).\n", escape.Safe(scaffold.ActionPlaceholder))
	}
	return nil
}

// userPath names root as the user would type it: relative to the working
// directory when dir was relative, absolute otherwise.
func userPath(dir, root string) (string, error) {
	if filepath.IsAbs(dir) {
		return root, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return filepath.Rel(wd, root)
}
