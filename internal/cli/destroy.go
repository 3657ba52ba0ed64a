package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
)

// NewCmdDestroy is Terraform's familiar spelling of apply --destroy: it
// plans to archive or delete every environment of the stack and applies
// that after confirmation. It is apply's command with --destroy set; it
// takes a configuration directory, never a saved plan (apply takes those).
func NewCmdDestroy(d *Deps) *cobra.Command {
	cmd := NewCmdApply(d)
	cmd.Use = "destroy [DIR]"
	cmd.Short = "Archive or delete every environment of the stack (apply --destroy)"
	cmd.Long = `Destroy is apply --destroy: it plans to archive (or, with on_destroy =
"delete", delete) every environment the stack manages, shows the plan and
asks for "yes"; without a terminal it refuses unless --auto-approve.
prevent_destroy blocks are refused, as in any plan. To review first, run
terrarium plan --destroy --out FILE, then terrarium apply --destroy FILE
(apply takes the permission to destroy the whole stack from its own
flags, never from a plan file, which may come from another job).`
	cmd.Example = `  terrarium destroy --emulator examples/quickstart
  terrarium destroy --target environment.scratch
  terrarium plan --destroy --out destroy.tfplan && terrarium apply --destroy destroy.tfplan`
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 1 && isFile(args[0]) {
			return &ExitError{Code: ExitFailure, Err: fmt.Errorf("destroy takes a configuration directory, and %s is a file: %s", escape.Line(args[0]), planFileHint(d, args[0]))}
		}
		return run(c, args)
	}
	_ = cmd.Flags().Set("destroy", "true")
	_ = cmd.Flags().MarkHidden("destroy")
	return cmd
}

// planFileHint is what to run for file, given to destroy: when it is a
// saved plan, applyHint's command (with its --var values, --var-file
// choices, --replace, and the --destroy or --allow-destroy-all it was
// made with), as apply refuses a --destroy the plan was not made with;
// otherwise apply --destroy of a saved destroy plan.
func planFileHint(d *Deps, file string) string {
	saved, err := plan.Load(file)
	if err != nil {
		return "to apply a saved destroy plan, run " + commandLine(d, "apply") + " --destroy " + escape.Shell(file)
	}
	var permission error
	if saved.Options.Destroy || saved.Options.AllowDestroyAll {
		permission = errDestroyPermission
	}
	what := "to apply this saved plan, which is not a destroy plan, run "
	if saved.Options.Destroy {
		what = "to apply this saved destroy plan, run "
	}
	return what + applyHint(d, saved, file, permission)
}

// errDestroyPermission stands for the mass-destroy guard's refusal where
// applyHint is to give the flag that lifts it.
var errDestroyPermission = errors.New("the plan destroys the whole stack")
