package cli

import (
	"path/filepath"

	"github.com/spf13/cobra"

	"terrarium/internal/antfiles"
	"terrarium/internal/safefile"
)

// antFlags are the import flags about Anthropic's ant apply, whose files
// and lock are described in docs/API.md, section "ant apply".
type antFlags struct {
	// LockPath is --ant-lock: ant's claude-lock.json, instead of the one
	// found walking up from the configuration directory to the git root.
	LockPath string
	// Take is --take-from-ant: the team is moving an environment ant
	// manages to terrarium.
	Take bool
	// FromDir is --from-ant: a directory of ant's files to translate.
	FromDir string
}

func addAntFlags(cmd *cobra.Command, a *antFlags) {
	f := cmd.Flags()
	f.StringVar(&a.FromDir, "from-ant", "", "translate ant apply's environment files under `DIR` into environment and import blocks (to --generate-config FILE, default "+fromAntFile+")")
	f.StringVar(&a.LockPath, "ant-lock", "", "read ant apply's lock from `PATH` instead of the claude-lock.json found walking up to the git root")
	f.BoolVar(&a.Take, "take-from-ant", false, "import an environment ant apply manages: the team is moving it to terrarium")
}

// loadAntOwned reads what ant apply manages for the configuration in dir
// (antfiles.Load): warnings are printed, an unreadable lock is reported and
// returns errReported. TERRARIUM_MAX_FILE_SIZE bounds the lock's size, and
// $ANTHROPIC_ORGANIZATION_ID, when set, is terrarium's organization for the
// lock's origin check.
func loadAntOwned(d *Deps, dir, lockPath, workspaceID string) (*antfiles.Owned, error) {
	lim, err := safefile.LimitsFromEnv(d.Getenv)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	owned, diags := antfiles.Load(antfiles.Request{Dir: dir, LockPath: lockPath, Limits: lim,
		OrganizationID: d.Getenv("ANTHROPIC_ORGANIZATION_ID"), WorkspaceID: workspaceID})
	if err := printDiagnostics(d, nil, diags); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	return owned, nil
}

// fromAntFile is where import --from-ant writes without --generate-config.
const fromAntFile = "from_ant.hcl"

// antLockDir is the directory ant's resource keys are relative to.
func antLockDir(owned *antfiles.Owned) string {
	if owned == nil || owned.Lock == nil {
		return ""
	}
	abs, _ := filepath.Abs(filepath.Dir(owned.Lock.Path))
	return abs
}
