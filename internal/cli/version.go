package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"terrarium/internal/version"
)

// NewCmdVersion prints the version.
func NewCmdVersion(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print terrarium's version",
		Example: "  terrarium version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(d.IO.Out, "terrarium %s (%s, %s/%s)\n", version.String(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
