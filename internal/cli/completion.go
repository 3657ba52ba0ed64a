package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// completionShells are the shells `terrarium completion` writes scripts for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// NewCmdCompletion writes a shell completion script. It replaces cobra's
// default command so that it has an example, like every command, and
// refuses an unknown shell with exit status 1 instead of printing help.
func NewCmdCompletion(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "completion SHELL",
		Short: "Print the shell completion script (bash, zsh, fish or powershell)",
		Long: `Print the completion script for SHELL on stdout. Load it in the current
shell, or save it where your shell reads completions.`,
		Example: `  source <(terrarium completion bash)
  terrarium completion bash > /etc/bash_completion.d/terrarium   # needs bash-completion
  terrarium completion zsh > "${fpath[1]}/_terrarium"
  terrarium completion fish > ~/.config/fish/completions/terrarium.fish`,
		ValidArgs:             completionShells,
		Args:                  cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(d.IO.Out, true)
			case "zsh":
				return root.GenZshCompletion(d.IO.Out)
			case "fish":
				return root.GenFishCompletion(d.IO.Out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(d.IO.Out)
			}
			return fmt.Errorf("unknown shell %q", args[0])
		},
	}
}

// setHelpExample gives cobra's help command an example too.
func setHelpExample(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Example = "  terrarium help lint\n  terrarium lint --help"
		}
	}
}
