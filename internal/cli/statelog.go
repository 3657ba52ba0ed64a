package cli

import (
	"errors"
	"fmt"

	"terrarium/internal/state"
)

// stateDir is the local state directory: --state-dir, or .terrarium in the
// working directory (which --chdir moves to the configuration).
func stateDir(d *Deps) string {
	if d.Globals.StateDir != "" {
		return d.Globals.StateDir
	}
	return state.DefaultDir
}

// openStateLog opens the existing log for a reading command. A torn tail
// is recovered, with the warning on stderr.
func openStateLog(d *Deps) (*state.Local, error) {
	dir := stateDir(d)
	l, err := state.Open(dir, state.Options{Warn: func(s string) { fmt.Fprintln(d.IO.ErrOut, "Warning: "+s) }})
	if errors.Is(err, state.ErrNoState) {
		return nil, fmt.Errorf("no state log in %s: nothing has been applied yet (or use --state-dir to point at it)", dir)
	}
	return l, err
}
