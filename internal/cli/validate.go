package cli

import (
	"fmt"

	"github.com/fatih/color"
	"github.com/spf13/cobra"

	"terrarium/internal/render"
)

// ValidateOptions are the inputs of validate.
type ValidateOptions struct {
	Deps     *Deps
	Dir      string
	JSON     bool
	Vars     []string
	VarFiles []string
}

// NewCmdValidate checks a configuration without touching the network.
func NewCmdValidate(d *Deps) *cobra.Command {
	opts := &ValidateOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check that a configuration is valid",
		Long: `Parse and evaluate the *.hcl files of DIR (default: the current directory),
type-check every block and report each mistake with its file, line and column.
No network access. Exit status 0 when valid, 1 otherwise.`,
		Example: `  terrarium validate
  terrarium validate examples/multi-team --var-file examples/multi-team/teams.vars.hcl
  terrarium validate -json . | jq .valid`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runValidate(opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.JSON, "json", false, "print the result as JSON (schema/jsonschema/validate.schema.json)")
	addVarFlags(cmd, &opts.Vars, &opts.VarFiles)
	return cmd
}

// addVarFlags adds the repeatable --var and --var-file flags.
func addVarFlags(cmd *cobra.Command, vars, varFiles *[]string) {
	f := cmd.Flags()
	f.StringArrayVar(vars, "var", nil, "set a variable: `NAME=VALUE` (repeatable; overrides --var-file)")
	f.StringArrayVar(varFiles, "var-file", nil, "read variable values from `FILE` (repeatable, later files win)")
}

func runValidate(opts *ValidateOptions) error {
	d := opts.Deps
	cfg, diags := loadConfigDiags(d, opts.Dir, opts.Vars, opts.VarFiles, nil)
	if opts.JSON {
		if err := render.DiagnosticsJSON(d.IO.Out, cfg.Files, diags); err != nil {
			return err
		}
		if diags.HasErrors() {
			return errReported
		}
		return nil
	}
	if err := printDiagnostics(d, cfg.Files, diags); err != nil {
		return err
	}
	if diags.HasErrors() {
		return errReported
	}
	msg := "The configuration is valid."
	if len(diags) > 0 {
		msg = "The configuration is valid, but there were some validation warnings as shown above."
	}
	success := color.New(color.FgGreen, color.Bold)
	if !d.IO.Color {
		success.DisableColor()
	}
	fmt.Fprintf(d.IO.Out, "%s %s\n", success.Sprint("Success!"), msg)
	return nil
}
