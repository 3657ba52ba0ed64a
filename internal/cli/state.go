package cli

import "github.com/spf13/cobra"

// NewCmdState groups the commands that inspect the state log.
func NewCmdState(d *Deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Inspect the state log (list, show, verify), settle it (refresh) and move it (migrate, pull)",
		Long: `The state log (.terrarium/state.jsonl, or --state-dir) is terrarium's record
of every change it made: one JSON record a line, each holding the hash of
the line before it. These commands read it; they never change it, except
to recover a write torn by a crash, and refresh, which records the outcome
of changes an earlier apply could not know.`,
		Example: `  terrarium state list
  terrarium state show environment.python_dev
  terrarium state verify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdStateList(d), NewCmdStateShow(d), NewCmdStateVerify(d), NewCmdStateRefresh(d), NewCmdStateMigrate(d), NewCmdStatePull(d))
	return cmd
}
