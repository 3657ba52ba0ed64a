package cli

import (
	"fmt"
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

// antHandover is what a team does to move one environment from ant apply
// to terrarium (docs/API.md, "ant apply": ant deletes metadata keys its
// file does not declare, so it must stop applying the environment before
// terrarium writes its ownership keys; a deleted file only warns, but
// `ant apply --prune` archives the environment, so its lock entry goes too).
func antHandover(owned *antfiles.Owned, id string) string {
	key, _ := owned.Owns(id)
	return fmt.Sprintf(`To move %[1]s from ant apply to terrarium:
  1. In ant's repository, delete the file %[2]s and its entry in %[3]s, and merge that
     first: until then ant apply updates %[1]s and deletes terrarium's ownership keys,
     and ant apply --prune would archive it.
  2. Import it here (terrarium import --take-from-ant ADDRESS %[1]s, or an import block),
     then run terrarium plan: it should show only the adoption.
To move it back later: terrarium forget ADDRESS, then add its file to ant's repository.`,
		id, key, owned.Where())
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
