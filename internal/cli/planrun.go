package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/api"
	"terrarium/internal/lint"
	"terrarium/internal/plan"
	"terrarium/internal/render"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
	"terrarium/internal/version"
	"terrarium/schema"
)

// planInputs are the flags plan and apply share.
type planInputs struct {
	Vars, VarFiles []string
	Targets        []string
	RefreshOnly    bool
	Destroy        bool
	LockTimeout    time.Duration
	Policies       []string
}

// planned is a computed plan and what it was computed with.
type planned struct {
	Plan   *plan.Plan
	Config *schema.Config
	Client api.Client
	Close  func()
}

// buildPlan loads and lints the configuration, refreshes the live
// environments and computes the plan. The refresh (network-bound) runs
// while lint and the state log do their work. Diagnostics and lint errors
// are printed; the error is then errReported.
func buildPlan(ctx context.Context, d *Deps, dir string, in planInputs, imports []schema.Import) (*planned, error) {
	if in.Destroy && in.RefreshOnly {
		return nil, &ExitError{Code: ExitFailure, Err: errors.New("--destroy and --refresh-only cannot be used together: a refresh-only plan changes nothing live")}
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var rf *refresher
	if !mentionsWorkspace(dir) {
		// No file can set workspace_id: refresh while the configuration
		// loads. A client that cannot start is retried after the load, so
		// that configuration errors are reported first.
		rf, _ = startRefresh(rctx, d, dir, "")
	}
	cfg, files, policies, err := loadLintInputs(d, dir, in.Policies, in.Vars, in.VarFiles)
	lopts := lint.Options{Policies: policies}
	if err == nil && rf == nil {
		ws := ""
		if cfg.Settings.WorkspaceID != nil {
			ws = cfg.Settings.WorkspaceID.Value
		}
		rf, err = startRefresh(rctx, d, dir, ws)
	}
	var p *plan.Plan
	if err == nil {
		p, err = computePlan(ctx, d, cfg, files, lopts, in, imports, rf.done)
	}
	if err != nil {
		if rf != nil {
			cancel()
			<-rf.done
			rf.close()
		}
		return nil, err
	}
	return &planned{Plan: p, Config: cfg, Client: rf.client, Close: rf.close}, nil
}

// refresher is a list of the live environments running in the background.
type refresher struct {
	client api.Client
	close  func()
	done   chan refreshResult
}

func startRefresh(ctx context.Context, d *Deps, dir, workspaceID string) (*refresher, error) {
	client, closeClient, err := newClient(ctx, d, dir, workspaceID)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	rf := &refresher{client: client, close: closeClient, done: make(chan refreshResult, 1)}
	go func() {
		live, err := plan.Refresh(ctx, client)
		rf.done <- refreshResult{live, err}
		close(rf.done) // a second receive (the error path's drain) returns at once
	}()
	return rf, nil
}

// mentionsWorkspace reports whether any configuration file of dir could
// set workspace_id (or the directory cannot be read): only then must the
// refresh wait for the configuration to load.
func mentionsWorkspace(dir string) bool {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".hcl") {
			continue
		}
		// Only what the configuration load would read: no link out of the
		// directory, no FIFO, nothing over the size bound.
		b, err := safefile.ReadInDir(dir, filepath.Join(dir, e.Name()), safefile.Limits{})
		if err != nil || bytes.Contains(b, []byte("workspace_id")) {
			return true
		}
	}
	return false
}

type refreshResult struct {
	live []schema.LiveEnv
	err  error
}

// computePlan lints, reads the state log under its lock, waits for the
// refresh and diffs.
func computePlan(ctx context.Context, d *Deps, cfg *schema.Config, files map[string]*hcl.File, lopts lint.Options,
	in planInputs, imports []schema.Import, refreshed <-chan refreshResult) (*plan.Plan, error) {
	lintSum, err := lintForPlan(d, cfg, files, lopts)
	if err != nil {
		return nil, err
	}
	log, err := openState(ctx, d, cfg.Dir, cfg, cfg.Settings.Stack.Value)
	if err != nil {
		return nil, err
	}
	var snap *state.Snapshot
	if log != nil {
		defer log.Close()
		unlock, err := log.Lock(ctx, lockInfo(d, "plan"), in.LockTimeout)
		if err != nil {
			return nil, &ExitError{Code: ExitFailure, Err: err}
		}
		defer unlock.Unlock()
		snap = log.Snapshot()
	}
	r := <-refreshed
	if r.err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: r.err}
	}
	p, diags := plan.Compute(plan.Input{
		Config: cfg, Live: r.live, Snapshot: snap, Lint: lintSum, ToolVersion: version.String(), ConfigHash: configHash(cfg),
		Options: plan.Options{Targets: in.Targets, Destroy: in.Destroy, RefreshOnly: in.RefreshOnly, Imports: imports},
	})
	if err := printDiagnostics(d, cfg.Files, diags); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	return p, nil
}

// lintForPlan runs lint inside plan: errors stop the plan (exit 1) and are
// shown; warnings travel with the plan.
func lintForPlan(d *Deps, cfg *schema.Config, files map[string]*hcl.File, lopts lint.Options) (*plan.LintSummary, error) {
	res, diags := lint.Run(cfg, lopts)
	if err := printDiagnostics(d, files, diags); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	sum := lintSummary(res)
	if sum.Errors > 0 {
		_ = render.LintText(d.IO.ErrOut, render.LintReport{Result: res, Files: files, Rules: lint.Catalog(), ToolVersion: version.String(), Color: errColor(d)})
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("lint found %d error(s); fix them before planning", sum.Errors)}
	}
	return sum, nil
}

// lintSummary is the part of a lint result a plan carries (plan does not
// import lint).
func lintSummary(res lint.Result) *plan.LintSummary {
	s := &plan.LintSummary{Errors: res.Count(lint.SeverityError), Warnings: res.Count(lint.SeverityWarning)}
	for _, f := range res.Findings {
		pos := ""
		if f.Subject.Filename != "" {
			pos = fmt.Sprintf("%s:%d:%d", f.Subject.Filename, f.Subject.Start.Line, f.Subject.Start.Column)
		}
		s.Findings = append(s.Findings, plan.LintFinding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Summary, Pos: pos})
	}
	return s
}

func configHash(cfg *schema.Config) string {
	files := map[string][]byte{}
	for name, f := range cfg.Files {
		files[name] = f.Bytes
	}
	return plan.ConfigHash(files)
}

// lockInfo describes this process to whoever finds the lock held.
func lockInfo(d *Deps, op string) state.LockInfo {
	host, _ := os.Hostname()
	return state.LockInfo{ID: uuid.NewString(), Who: state.Actor(d.Getenv), Host: host, PID: os.Getpid(),
		Operation: op, Created: time.Now().UTC(), Version: version.String()}
}
