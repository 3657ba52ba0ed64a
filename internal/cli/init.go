package cli

import (
	"github.com/spf13/cobra"

	"terrarium/internal/render/escape"
	"terrarium/internal/scaffold"
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
	res, err := scaffold.Init(scaffold.Options{Root: opts.Root, ConfigDir: opts.ConfigDir, Stack: opts.Stack, Force: opts.Force})
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
	escape.Fterm(d.IO.Out, "\nNext: terrarium plan --emulator %s\n", res.ConfigDir)
	return nil
}
