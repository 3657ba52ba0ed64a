package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terrarium/internal/api"
	"terrarium/internal/plan"
	"terrarium/internal/planner"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/version"
	"terrarium/schema"
)

// planInputs are the flags plan and apply share.
type planInputs struct {
	Vars, VarFiles []string
	Targets        []string
	Excludes       []string
	Replace        []string
	RefreshOnly    bool
	// NoLock is --lock=false, which is refused (see checkPlanInputs). It
	// is the negative so that a command without the flag (drift) holds
	// the lock by default.
	NoLock bool
	// CompactWarnings is --compact-warnings: warnings as one line each.
	CompactWarnings bool
	Destroy         bool
	LockTimeout     time.Duration
	Policies        []string
	// AllowDestroyAll lifts the mass-destroy guard.
	AllowDestroyAll bool
	// salt, for a saved plan computed again, is its variable-hash salt.
	salt string
	// AntLock is --ant-lock: ant apply's claude-lock.json.
	AntLock string
	// held, for apply, is the state log it holds open and locked since an
	// earlier plan (lockPlanned): the plan reads it, and keeps it for the
	// apply (planned.Held).
	held *planner.Held
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
	// Guard is the mass-destroy refusal (*plan.MassDestroyError), nil when
	// the plan passes; plan shows the plan first, apply refuses.
	Guard error
	// Unpermitted is the refusal the plan would get without the
	// --destroy and --allow-destroy-all that lift the guard: a saved plan
	// does not carry that permission to apply (savedPlan).
	Unpermitted error
	// Settled are the state log's pending changes as the plan settled
	// them in memory; apply records them.
	Settled []state.Settlement
	// Held is the state log, open and locked, for an apply (lockPlanned);
	// nil until it is taken, and when there was no log yet. Close
	// releases it.
	Held *planner.Held
	// Head is the state log's last record when the plan read it.
	Head state.Chain
}

// buildPlan runs the plan engine on the configuration in dir with the
// shared plan flags. Diagnostics and lint errors are printed; the error is
// then errReported. It takes over in.held: released when it fails.
func buildPlan(ctx context.Context, d *Deps, dir string, in planInputs) (*planned, error) {
	if err := checkPlanInputs(d, in); err != nil {
		if in.held != nil {
			in.held.Release()
		}
		return nil, err
	}
	var environ []string
	if d.Environ != nil {
		environ = d.Environ()
	}
	// The environments are listed while the configuration loads: the
	// debug log's lines wait for its sensitive values (see hiddenValues).
	d.hidden.expect()
	defer d.hidden.add(nil) // released however Run ends
	var opened func(state.Log) error
	if d.Getenv("TERRARIUM_LOG") == "debug" {
		// The values the state log recorded as sensitive are read from
		// the log the plan opens, not from a second opening by newClient.
		d.hidden.expectRecorded()
		defer d.hidden.keepRecorded(nil)
		opened = func(l state.Log) error { return sensitiveOf(ctx, d, l) }
	}
	res, diags, err := planner.Run(ctx, planner.Request{
		Dir: dir, Vars: in.Vars, VarFiles: in.VarFiles, Environ: environ, PolicyFiles: in.Policies,
		Options: plan.Options{Targets: in.Targets, Excludes: in.Excludes, Replace: in.Replace,
			Destroy: in.Destroy, RefreshOnly: in.RefreshOnly, AllowDestroyAll: in.AllowDestroyAll},
		Salt:        in.salt,
		Lock:        lockInfo(d, "plan"),
		LockTimeout: in.LockTimeout,
		Held:        in.held,
		ToolVersion: version.String(),
		Connect: func(ctx context.Context, settings schema.Settings) (api.Client, func(), error) {
			return newClientFor(ctx, d, dir, settings)
		},
		Loaded:   func(cfg *schema.Config) { d.hidden.add(cfg.SensitiveStrings()) },
		Opened:   opened,
		StateDir: stateDir(d, dir), Getenv: d.Getenv, AntLock: in.AntLock,
	})
	d.unlockFlags = unlockFlags(d, dir, res.Backend.Type)
	if perr := printDiagnostics(d, res.Files, diags); perr != nil {
		// A plan that succeeded holds its client and, for an apply, the
		// state log's lock: a lock left here stays in the log's lock file.
		if res.Held != nil {
			res.Held.Release()
		}
		if res.Close != nil {
			res.Close()
		}
		return nil, perr
	}
	var lintErr *planner.LintError
	switch {
	case errors.As(err, &lintErr):
		showLintErrors(d, res.Lint, res.Files)
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%w.\n%s", err, lintEscapeHint(res.Files))}
	case err != nil:
		return nil, &ExitError{Code: ExitFailure, Err: err}
	case diags.HasErrors():
		return nil, errReported
	}
	printSettlements(d, res.Settled)
	guard := res.Plan.CheckMassDestroy(res.Config.Settings.MaxDestroy, len(res.Config.Environments), displayDir(dir))
	bare := *res.Plan
	bare.Options.Destroy, bare.Options.AllowDestroyAll = false, false
	unpermitted := bare.CheckMassDestroy(res.Config.Settings.MaxDestroy, len(res.Config.Environments), displayDir(dir))
	closeClient := res.Close
	if res.Held != nil {
		closeClient = func() {
			res.Held.Release()
			res.Close()
		}
	}
	return &planned{Plan: res.Plan, Backend: res.Backend, Files: res.Files, Client: res.Client, Close: closeClient, Settled: res.Settled, Guard: guard, Unpermitted: unpermitted, Held: res.Held, Head: res.Head}, nil
}

// checkPlanInputs refuses --lock=false, and sets --compact-warnings for
// the run's diagnostics.
//
// Terraform's -lock=false lets two runs write at once. terrarium's state
// log is a hash chain (each record holds the hash of the one before), so
// two writers would fork it; and even plan holds the lock to read a
// consistent serial. Refusing is the honest answer: -lock-timeout waits
// for a held lock, force-unlock releases one left by a dead run.
func checkPlanInputs(d *Deps, in planInputs) error {
	if in.NoLock {
		flag := d.spellings.of("lock")
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s=false is not supported: every record of the state log holds the hash of the one before, and two runs writing without the lock would fork that chain. Wait for a held lock with %s, or release one left by a dead run with terrarium force-unlock ID",
			flag, d.spellings.of("lock-timeout"))}
	}
	d.compactWarnings = in.CompactWarnings
	return nil
}

// lockFlag is --lock, a boolean stored negated in planInputs.NoLock.
type lockFlag struct{ off *bool }

func (l lockFlag) String() string {
	if l.off != nil && *l.off {
		return "false"
	}
	return "true"
}

func (l lockFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*l.off = !v
	return nil
}

func (l lockFlag) Type() string { return "bool" }

// lockInfo describes this process to whoever finds the lock held.
func lockInfo(d *Deps, op string) state.LockInfo {
	host, _ := os.Hostname()
	return state.LockInfo{ID: uuid.NewString(), Who: state.Actor(d.Getenv), Host: host, PID: os.Getpid(),
		Operation: op, Created: time.Now().UTC(), Version: version.String()}
}

// displayDir names a configuration directory in a message.
func displayDir(dir string) string {
	if dir == "" || dir == "." {
		return "the current directory"
	}
	return dir
}

// lintEscapeHint says how to let a plan through lint errors on purpose
// (say, to see the adoption plan that import --generate-config prepared):
// an ignore comment for one finding, or the lint block for a rule.
func lintEscapeHint(files map[string]*hcl.File) string {
	where := "add a lint block"
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		body, ok := files[name].Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type == "lint" {
				where = fmt.Sprintf("use the lint block at %s:%d", name, b.DefRange().Start.Line)
			}
		}
	}
	return "To accept one finding, put # terrarium:ignore RULE reason=\"...\" on the line above it; to change a rule for the stack, " +
		where + ` (rule "RULE" { severity = "warning" }). See terrarium lint --explain RULE.`
}
