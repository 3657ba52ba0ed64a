package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"terrarium/internal/version"
)

// NewCmdVersion prints the version the build recorded: the module version
// (or a pseudo-version of the commit), the commit and its time.
func NewCmdVersion(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print terrarium's version and the commit it was built from",
		Example: "  terrarium version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			i := version.Get()
			fmt.Fprintf(d.IO.Out, "terrarium %s (%s, %s/%s)\n", i.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			switch {
			case i.Revision != "":
				modified := ""
				if i.Modified {
					modified = ", with uncommitted changes"
				}
				fmt.Fprintf(d.IO.Out, "commit %s (%s%s)\n", i.Revision, i.Time.UTC().Format("2006-01-02T15:04:05Z"), modified)
			case !i.Known():
				fmt.Fprintln(d.IO.Out, "This build records no version: build with go build or go install in a git checkout, or set -ldflags \"-X terrarium/internal/version.Version=vX.Y.Z\".")
			}
			return nil
		},
	}
}
