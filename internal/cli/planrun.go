package cli

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/planner"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/version"
)

// planInputs are the flags plan and apply share.
type planInputs struct {
	Vars, VarFiles []string
	Targets        []string
	RefreshOnly    bool
	Destroy        bool
	LockTimeout    time.Duration
	Policies       []string
	// AntLock is --ant-lock: ant apply's claude-lock.json.
	AntLock string
}

// planned is a plan ready to apply and what applying it needs: the state
// backend it was computed against (with the files its diagnostics point
// into) and the environments client.
type planned struct {
	Plan    *plan.Plan
	Backend backend.Spec
	Files   map[string]*hcl.File
	Client  api.Client
	Close   func()
	// Settled are the state log's pending changes as the plan settled
	// them in memory; apply records them.
	Settled []state.Settlement
}

// buildPlan runs the plan engine on the configuration in dir with the
// shared plan flags. Diagnostics and lint errors are printed; the error is
// then errReported.
func buildPlan(ctx context.Context, d *Deps, dir string, in planInputs) (*planned, error) {
	var environ []string
	if d.Environ != nil {
		environ = d.Environ()
	}
	res, diags, err := planner.Run(ctx, planner.Request{
		Dir: dir, Vars: in.Vars, VarFiles: in.VarFiles, Environ: environ, PolicyFiles: in.Policies,
		Options:     plan.Options{Targets: in.Targets, Destroy: in.Destroy, RefreshOnly: in.RefreshOnly},
		Lock:        lockInfo(d, "plan"),
		LockTimeout: in.LockTimeout,
		ToolVersion: version.String(),
		Connect: func(ctx context.Context, workspaceID string) (api.Client, func(), error) {
			return newClient(ctx, d, dir, workspaceID)
		},
		StateDir: stateDir(d, dir), Getenv: d.Getenv, AntLock: in.AntLock,
	})
	if perr := printDiagnostics(d, res.Files, diags); perr != nil {
		return nil, perr
	}
	var lintErr *planner.LintError
	switch {
	case errors.As(err, &lintErr):
		showLintErrors(d, res.Lint, res.Files)
		return nil, &ExitError{Code: ExitFailure, Err: err}
	case err != nil:
		return nil, &ExitError{Code: ExitFailure, Err: err}
	case diags.HasErrors():
		return nil, errReported
	}
	printSettlements(d, res.Settled)
	return &planned{Plan: res.Plan, Backend: res.Backend, Files: res.Files, Client: res.Client, Close: res.Close, Settled: res.Settled}, nil
}

// lockInfo describes this process to whoever finds the lock held.
func lockInfo(d *Deps, op string) state.LockInfo {
	host, _ := os.Hostname()
	return state.LockInfo{ID: uuid.NewString(), Who: state.Actor(d.Getenv), Host: host, PID: os.Getpid(),
		Operation: op, Created: time.Now().UTC(), Version: version.String()}
}
