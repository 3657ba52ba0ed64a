// Package planner computes a plan from a configuration directory, the
// live environments and the state log. It decodes the terrarium block
// first (only the files that can hold it are parsed) and starts the
// refresh of the live environments from it, so that the network-bound list
// runs while the rest of the configuration loads and is linted and the
// state log is read under its lock. It returns the plan and every
// diagnostic (configuration, policy, lint, plan); it never prints.
package planner

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"terrarium/internal/antfiles"
	"terrarium/internal/api"
	"terrarium/internal/diag"
	"terrarium/internal/lint"
	"terrarium/internal/plan"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/schema"
)

// Request is everything a plan is computed from.
type Request struct {
	// Dir is the configuration directory ("" means ".").
	Dir string
	// Vars, VarFiles and Environ give the variables (schema.LoadOptions).
	Vars, VarFiles []string
	Environ        []string
	// PolicyFiles are lint policy files (--policy) applied with the
	// configuration's own lint and policy blocks.
	PolicyFiles []string
	Options     plan.Options
	// Lock describes this process to whoever finds the state lock held;
	// LockTimeout is how long to wait for it.
	Lock        state.LockInfo
	LockTimeout time.Duration
	ToolVersion string
	// Salt is the salt of the plan's variable hashes; empty means a new
	// random one. Apply passes the saved plan's to compute it again.
	Salt string

	// Connect returns the environments client for the configuration's
	// terrarium block as decoded (the workspace it names, the rate limits
	// it sets) and a cleanup to call when done with it.
	Connect func(ctx context.Context, settings schema.Settings) (api.Client, func(), error)
	// Loaded, when set, is called with the configuration as soon as it
	// is loaded (the CLI hides its sensitive values in the debug log).
	Loaded func(*schema.Config)
	// Opened, when set, is called with the state log as soon as the plan
	// has opened it, before it waits for its lock or the list of the live
	// environments; with nil when there is no log, or, once the list is
	// cancelled, when the plan stops before it read the log or Opened
	// failed. An error stops the plan. After it returned nil it is not
	// called again. (The CLI reads the values the log recorded as
	// sensitive, which its debug log hides; the list's debug lines wait
	// for them.)
	Opened func(state.Log) error
	// StateDir is the local state log's directory; Getenv reads the
	// environment for the PostgreSQL backend.
	StateDir string
	Getenv   func(string) string
	// AntLock is ant apply's claude-lock.json (--ant-lock); empty: the one
	// found walking up from Dir to the git root, if any (antfiles.Load).
	AntLock string
	// Held, when set, is the state log this run already holds open and
	// locked for an apply (LockPlanned found that the log moved since an
	// earlier plan): the plan reads it instead of opening the log, so that
	// no other run writes between this plan and its apply, and returns it
	// in Result.Held. Run takes it over: it is released when Run fails.
	Held *Held
}

// Result is a computed plan and what it was computed with.
type Result struct {
	// Plan is nil unless Run succeeded.
	Plan   *plan.Plan
	Config *schema.Config
	// Files holds every file a diagnostic or lint finding can point into:
	// the configuration's and the policy files'.
	Files map[string]*hcl.File
	// Lint is the lint run; its errors stop the plan with a *LintError.
	Lint lint.Result
	// Backend is the state backend planned against (also recorded in
	// Plan.Backend), for apply to open.
	Backend backend.Spec
	// Settled are the state log's pending changes as the live objects
	// settle them; the plan was computed with them settled. Recording them
	// is the next writer's (apply, state refresh).
	Settled []state.Settlement
	// Client is the environments client the live environments were listed
	// with; Close releases it. Both are nil unless Run succeeded.
	Client api.Client
	Close  func()
	// Held is Request.Held when the plan succeeded (nil otherwise). The
	// caller applies through it and then calls Release.
	Held *Held
	// Head is the position of the state log's last record when the plan
	// read it (zero without a log): LockPlanned compares it with the log's
	// once it holds the writer lock.
	Head state.Chain
}

// Held is a state log open and locked for an apply (LockPlanned).
type Held struct {
	Log    state.Log
	unlock state.Unlocker
	once   sync.Once
	err    error
}

// Release unlocks and closes the log; it returns the first error. Calls
// after the first do nothing and return the same error.
func (h *Held) Release() error {
	h.once.Do(func() {
		h.err = h.unlock.Unlock()
		if cerr := h.Log.Close(); h.err == nil {
			h.err = cerr
		}
	})
	return h.err
}

// LockPlanned takes the writer lock of log, the state log a plan computed
// without holding it (no Request.Held) was read from, for the apply of
// that plan: an apply takes the lock only once it has something to
// change, so that an apply with nothing to do writes nothing (with the git
// backend a lock is two pushes). head is the plan's Result.Head. timeout
// is --lock-timeout, with the same meaning as when planning (a held lock
// fails at once without it; a stale one is never waited for).
//
// current reports whether the plan still stands: the lock was free when
// asked for and the log's last record is still head. Every terrarium run
// that changes a stack's environments writes an intent to its log first,
// so an unmoved head means no other terrarium run changed them in
// between; otherwise the caller plans again with Request.Held (or
// releases the lock). A plan made without a log (zero head) stands on a
// log that holds no record but its init record, which records nothing:
// the one its apply has just created, or another's that wrote nothing
// else. On error the lock is not held and log is left open.
func LockPlanned(ctx context.Context, log state.Log, head state.Chain, info state.LockInfo, timeout time.Duration) (held *Held, current bool, err error) {
	unlock, waited, err := lock(ctx, log, Request{Lock: info, LockTimeout: timeout})
	if err != nil {
		return nil, false, err
	}
	now := log.Head()
	same := now == head || head == (state.Chain{}) && now.Seq <= 1
	return &Held{Log: log, unlock: unlock}, !waited && same, nil
}

// LintError stops a plan whose configuration lint finds errors in;
// Result.Lint holds the findings.
type LintError struct{ Errors int }

func (e *LintError) Error() string {
	return fmt.Sprintf("lint found %d error(s); fix them before planning", e.Errors)
}

// ErrDestroyRefreshOnly refuses a plan that is both --destroy and
// --refresh-only.
var ErrDestroyRefreshOnly = errors.New("--destroy and --refresh-only cannot be used together: a refresh-only plan changes nothing live")

// Run computes the plan. Configuration mistakes are error diagnostics (and
// no plan); a failure to reach the API or the state log, or a lint error, is
// the error. The Result is never nil: on failure it still holds the files
// the diagnostics point into.
func Run(ctx context.Context, req Request) (*Result, hcl.Diagnostics, error) {
	if opened := req.Opened; opened != nil {
		// Called once with success; after an error, again with nil by
		// the failure path.
		var mu sync.Mutex
		done := false
		req.Opened = func(l state.Log) error {
			mu.Lock()
			defer mu.Unlock()
			if done {
				return nil
			}
			err := opened(l)
			done = err == nil
			return err
		}
	}
	res, diags, err := run(ctx, req)
	if req.Held != nil && res.Held == nil {
		req.Held.Release() // taken over; a second Release does nothing
	}
	return res, diags, err
}

func run(ctx context.Context, req Request) (*Result, hcl.Diagnostics, error) {
	res := &Result{Files: map[string]*hcl.File{}}
	if req.Options.Destroy && req.Options.RefreshOnly {
		return res, nil, ErrDestroyRefreshOnly
	}
	policies, pfiles, diags := lint.LoadPolicyFiles(req.PolicyFiles)
	addFiles(res.Files, pfiles)
	if diags.HasErrors() {
		return res, diags, nil
	}
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	src := schema.ReadSources(dir)
	var rf *refresher
	var err error
	if settings, _, sdiags := src.Settings(); !sdiags.HasErrors() {
		// A client that cannot start is reported after the configuration's
		// own errors: Load reports the terrarium block's with the rest.
		rf, err = startRefresh(rctx, req.Connect, settings)
	}
	// Nothing after Load reads the syntax trees but lint, and lint only
	// those of files with ignore comments: the others are released as soon
	// as they are decoded (most of a large configuration's memory).
	cfg, d := src.Load(schema.LoadOptions{Vars: req.Vars, VarFiles: req.VarFiles, Environ: req.Environ, Extensions: lint.Blocks(),
		ReleaseSyntax: func(src []byte) bool { return !lint.SyntaxNeeded(src) }})
	res.Config = cfg
	if req.Loaded != nil {
		req.Loaded(cfg)
	}
	addFiles(res.Files, cfg.Files)
	diags = append(diags, d...)
	if diags.HasErrors() {
		err = nil // the configuration's errors come first
	} else if err == nil && rf == nil {
		rf, err = startRefresh(rctx, req.Connect, cfg.Settings)
	}
	var p *plan.Plan
	if !diags.HasErrors() && err == nil {
		p, d, err = compute(ctx, req, cfg, policies, res, rf)
		diags = append(diags, d...)
	}
	if diags.HasErrors() || err != nil {
		if res.Held != nil {
			res.Held.Release()
			res.Held = nil
		}
		// The list is stopped before Opened is told there is no log: its
		// debug lines may wait for Opened, and must not be written
		// without what the log would have added.
		cancel()
		if req.Opened != nil {
			_ = req.Opened(nil)
		}
		if rf != nil {
			<-rf.done
			rf.close()
		}
		return res, diags, err
	}
	res.Plan, res.Client, res.Close = p, rf.client, rf.close
	return res, diags, nil
}

// compute lints, reads the state log under its lock, waits for the refresh
// and diffs. With a local state log, everything after lint runs while lint
// does (both are single-threaded, and on a large configuration they take
// about as long), and is kept only if lint finds no error: the plan and its
// diagnostics are the same as if it ran after. Other backends are opened
// only once lint has passed, as a plan that stops at lint must not reach a
// database or a remote.
func compute(ctx context.Context, req Request, cfg *schema.Config, policies []*lint.Policy, res *Result,
	rf *refresher) (*plan.Plan, hcl.Diagnostics, error) {
	spec := backend.FromSettings(cfg.Settings, req.StateDir, req.Getenv)
	spec.Dir = req.Dir
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var after chan afterLint
	start := func() {
		after = make(chan afterLint, 1)
		go func() { after <- planAfterLint(ctx, req, cfg, spec, rf) }()
	}
	if spec.Type == "" || spec.Type == backend.Local {
		start()
	}
	// abandon stops the work started before lint and waits for it to
	// release the state log.
	abandon := func() {
		if after != nil {
			cancel()
			if a := <-after; a.held != nil {
				a.held.Release()
			}
		}
	}
	lres, diags := lint.Run(cfg, lint.Options{Policies: policies})
	res.Lint = lres
	if diags.HasErrors() {
		abandon()
		return nil, diags, nil
	}
	sum := lintSummary(lres)
	if sum.Errors > 0 {
		abandon()
		return nil, diags, &LintError{Errors: sum.Errors}
	}
	if after == nil {
		start()
	}
	a := <-after
	if a.backend != nil {
		res.Backend = *a.backend
	}
	res.Settled = a.settled
	res.Held, res.Head = a.held, a.head
	if a.plan != nil {
		a.plan.Lint = sum
	}
	return a.plan, append(diags, a.diags...), a.err
}

// afterLint is what planAfterLint found.
type afterLint struct {
	plan    *plan.Plan
	diags   hcl.Diagnostics
	err     error
	backend *backend.Spec // set once the ant files are read
	settled []state.Settlement
	held    *Held // Request.Held, for the apply
	head    state.Chain
}

// planAfterLint reads the ant files, reads the state log under its lock,
// waits for the refresh and diffs: everything a plan does after lint. The
// plan's Lint is left for the caller.
func planAfterLint(ctx context.Context, req Request, cfg *schema.Config, spec backend.Spec, rf *refresher) afterLint {
	var out afterLint
	ant, diags := loadAnt(req, cfg)
	if diags.HasErrors() {
		out.diags = diags
		return out
	}
	out.backend = &spec
	typ, settings, d := spec.Record()
	diags = append(diags, d...)
	if diags.HasErrors() {
		out.diags = diags
		return out
	}
	var p *plan.Plan
	held, head, d, err := withSnapshot(ctx, req, spec, cfg.Settings.Stack.Value, func(snap *state.Snapshot, waited bool) (hcl.Diagnostics, error) {
		var r refreshResult
		select {
		case r = <-rf.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			return nil, r.err
		}
		if waited {
			// The list ran before another run released the lock, and that
			// run may have changed what it listed: list again under it.
			live, err := plan.Refresh(ctx, rf.client)
			if err != nil {
				return nil, err
			}
			r.live = live
		}
		// Changes an earlier apply could not know the outcome of are
		// judged against the live objects first, so that terrarium's own
		// landed change is never drift; the next writer records them.
		if snap != nil {
			snap, out.settled = state.Settled(snap, r.live)
		}
		var d hcl.Diagnostics
		p, d = plan.Compute(plan.Input{
			Config: cfg, Live: r.live, Snapshot: snap, ToolVersion: req.ToolVersion, ConfigHash: ConfigHash(cfg),
			Options: req.Options, Ant: ant,
		})
		if p != nil {
			p.Backend = &plan.Backend{Type: typ, Config: settings}
			o := api.OriginOf(rf.client)
			p.Origin = &o
			p.ConfigFiles = configFiles(cfg)
			p.Inputs = recordInputs(req, cfg)
		}
		return d, nil
	})
	out.plan, out.diags, out.err, out.held, out.head = p, append(diags, d...), err, held, head
	return out
}

// loadAnt reads what ant apply manages beside the configuration; its
// origin is checked against the terrarium block's workspace and
// $ANTHROPIC_ORGANIZATION_ID.
func loadAnt(req Request, cfg *schema.Config) (*antfiles.Owned, hcl.Diagnostics) {
	getenv := req.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	lim, err := safefile.LimitsFromEnv(getenv)
	if err != nil {
		return nil, diag.FromError(err)
	}
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	return antfiles.Load(antfiles.Request{Dir: dir, LockPath: req.AntLock, Limits: lim,
		OrganizationID: getenv("ANTHROPIC_ORGANIZATION_ID"), WorkspaceID: workspaceOf(cfg.Settings)})
}

// withSnapshot opens the stack's state log on spec and calls fn with its
// current state while holding its lock; without a log, fn gets nil. waited
// tells fn that the lock was held by another run when asked for, and that
// this run waited for it (--lock-timeout). With req.Held it reads that
// log instead, and returns it as held. head is the log's last record as
// read.
func withSnapshot(ctx context.Context, req Request, spec backend.Spec, stack string,
	fn func(snap *state.Snapshot, waited bool) (hcl.Diagnostics, error)) (*Held, state.Chain, hcl.Diagnostics, error) {
	opened := func(l state.Log) error {
		if req.Opened == nil {
			return nil
		}
		return req.Opened(l)
	}
	if h := req.Held; h != nil {
		if err := opened(h.Log); err != nil {
			return h, state.Chain{}, nil, err
		}
		// Locked since before this plan started listing: nothing to wait for.
		head := h.Log.Head()
		d, err := fn(h.Log.Snapshot(), false)
		return h, head, d, err
	}
	// Planning reads the log: a torn tail is read up to its last good
	// record and left for the next writer to repair.
	log, diags, err := backend.Open(ctx, spec, state.Options{Stack: stack, ReadOnly: true})
	switch {
	case diags.HasErrors():
	case err == nil:
		if oerr := opened(log); oerr != nil {
			log.Close()
			return nil, state.Chain{}, diags, oerr
		}
	case errors.Is(err, state.ErrNoState):
		if oerr := opened(nil); oerr != nil {
			return nil, state.Chain{}, diags, oerr
		}
	}
	if diags.HasErrors() {
		return nil, state.Chain{}, diags, nil
	}
	var empty *state.NoRecordsError
	if errors.As(err, &empty) {
		diags = diags.Append(state.NoRecordsWarning(empty))
	}
	if errors.Is(err, state.ErrNoState) {
		d, err := fn(nil, false)
		return nil, state.Chain{}, append(diags, d...), err
	}
	if err != nil {
		return nil, state.Chain{}, diags, err
	}
	unlock, waited, err := lock(ctx, log, req)
	if err != nil {
		log.Close()
		return nil, state.Chain{}, diags, err
	}
	head := log.Head()
	d, err := fn(log.Snapshot(), waited)
	diags = append(diags, d...)
	unlock.Unlock()
	log.Close()
	return nil, head, diags, err
}

// lock takes log's lock, and says whether another run held it first and
// this one waited (only with a lock timeout: without, a held lock is the
// error).
func lock(ctx context.Context, log state.Log, req Request) (state.Unlocker, bool, error) {
	unlock, err := log.Lock(ctx, req.Lock, 0)
	var held *state.LockedError
	if err == nil || req.LockTimeout <= 0 || !errors.As(err, &held) || held.Stale {
		return unlock, false, err
	}
	unlock, err = log.Lock(ctx, req.Lock, req.LockTimeout)
	return unlock, err == nil, err
}

// refresher is a list of the live environments running in the background.
type refresher struct {
	client api.Client
	close  func()
	done   chan refreshResult
}

type refreshResult struct {
	live []schema.LiveEnv
	err  error
}

// startRefresh connects to the workspace and lists its environments in the
// background; the result arrives on done, which is then closed so that a
// second receive returns at once.
func startRefresh(ctx context.Context, connect func(context.Context, schema.Settings) (api.Client, func(), error), settings schema.Settings) (*refresher, error) {
	client, closeClient, err := connect(ctx, settings)
	if err != nil {
		return nil, err
	}
	rf := &refresher{client: client, close: closeClient, done: make(chan refreshResult, 1)}
	go func() {
		live, err := plan.Refresh(ctx, client)
		rf.done <- refreshResult{live, err}
		close(rf.done)
	}()
	return rf, nil
}

func workspaceOf(s schema.Settings) string {
	if s.WorkspaceID != nil {
		return s.WorkspaceID.Value
	}
	return ""
}

func addFiles(dst, src map[string]*hcl.File) {
	for name, f := range src {
		dst[name] = f
	}
}

// lintSummary is the part of a lint result a plan carries (plan does not
// import lint).
func lintSummary(res lint.Result) *plan.LintSummary {
	s := &plan.LintSummary{Errors: res.Count(lint.SeverityError), Warnings: res.Count(lint.SeverityWarning)}
	for _, f := range res.Findings {
		s.Findings = append(s.Findings, plan.LintFinding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Summary,
			Range: diag.NewRange(f.Subject), Address: diag.Address(f.Diagnostic())})
	}
	return s
}

// configFiles maps each configuration file of the directory to the hex
// SHA-256 of its content (var files, which cfg.Files holds too, are
// covered by the variables' hashes).
func configFiles(cfg *schema.Config) map[string]string {
	out := make(map[string]string, len(cfg.Files))
	for name, f := range cfg.Files {
		if !inDir(cfg.Dir, name) {
			continue
		}
		sum := sha256.Sum256(f.Bytes)
		out[name] = hex.EncodeToString(sum[:])
	}
	return out
}

// inDir reports whether name is a configuration file directly in dir.
func inDir(dir, name string) bool {
	if dir == "" {
		dir = "."
	}
	return filepath.Dir(name) == filepath.Clean(dir) && schema.IsConfigFile(filepath.Base(name))
}

// recordInputs is what the plan records of its variables and policy
// files: sensitive -var values only by name, every variable's value as a
// salted hash.
func recordInputs(req Request, cfg *schema.Config) plan.Inputs {
	in := plan.Inputs{VarFiles: slices.Clone(req.VarFiles), PolicyFiles: slices.Clone(req.PolicyFiles), Salt: req.Salt}
	if in.Salt == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		in.Salt = hex.EncodeToString(b[:])
	}
	sensitive := map[string]bool{}
	for _, v := range cfg.Variables {
		sensitive[v.Name] = v.Sensitive
		if in.VarHashes == nil {
			in.VarHashes = map[string]string{}
		}
		in.VarHashes[v.Name] = VarHash(in.Salt, v)
	}
	for _, arg := range req.Vars {
		name, _, _ := strings.Cut(arg, "=")
		name = strings.TrimSpace(name)
		if sensitive[name] {
			if !slices.Contains(in.SensitiveVars, name) {
				in.SensitiveVars = append(in.SensitiveVars, name)
			}
			continue
		}
		in.Vars = append(in.Vars, arg)
	}
	return in
}

// VarHash is the hex SHA-256 of salt, the variable's name and its resolved
// value's JSON; a value that has no JSON form (unknown) hashes its type.
func VarHash(salt string, v *schema.Variable) string {
	val, _ := v.Value.UnmarkDeep() // a sensitive value is marked
	b, err := ctyjson.Marshal(val, val.Type())
	if err != nil {
		b = []byte("unknown:" + val.Type().FriendlyName())
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", salt, v.Name)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// OtherDirectoryError is a saved plan checked from a directory that holds
// none of the configuration files it was made from: it was made in
// another working directory (or every file was removed since). Files are
// the recorded names; Dir is the plan's configuration directory.
type OtherDirectoryError struct {
	Dir   string
	Files map[string]string
}

func (e *OtherDirectoryError) Error() string {
	names := make([]string, 0, len(e.Files))
	for _, name := range slices.Sorted(maps.Keys(e.Files)) {
		if len(names) == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(e.Files)-3))
			break
		}
		names = append(names, escape.Line(name))
	}
	return fmt.Sprintf("none of the configuration files it was made from (%s) are in the configuration directory (%s) here: "+
		"the plan was made in another directory (or its files were removed since). Nothing was changed; "+
		"run terrarium apply from the directory plan ran in (or give that directory with --chdir DIR)",
		strings.Join(names, ", "), escape.Line(e.Dir))
}

// anyFound reports whether any recorded file was read in now.
func anyFound(recorded, now map[string]string) bool {
	for name := range recorded {
		if now[name] != "" {
			return true
		}
	}
	return false
}

// allInDir reports whether every recorded name is a configuration file of
// dir, as a plan terrarium wrote records them (an edited plan may not).
func allInDir(dir string, recorded map[string]string) bool {
	for name := range recorded {
		if !inDir(dir, name) {
			return false
		}
	}
	return true
}

// ConfigHash is the SHA-256 the plan records of the configuration files.
func ConfigHash(cfg *schema.Config) string {
	files := make(map[string][]byte, len(cfg.Files))
	for name, f := range cfg.Files {
		files[name] = f.Bytes
	}
	return plan.ConfigHash(files)
}

// CheckConfigFiles compares the configuration files in dir with recorded
// (a saved plan's ConfigFiles) and returns the first file edited, added or
// removed since, as a *plan.Difference; nil when they are the same. It
// reads the files as the loader does (regular files, bounded size). When
// the directory is missing, or holds none of the recorded files, the plan
// was made from another working directory (its ConfigDir is relative to
// it): the error is an *OtherDirectoryError, which says so, not that
// every file was removed.
func CheckConfigFiles(dir string, recorded map[string]string) error {
	if dir == "" {
		dir = "."
	}
	now := map[string]string{}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) && len(recorded) > 0 {
		return &OtherDirectoryError{Dir: dir, Files: recorded}
	}
	if err != nil {
		return fmt.Errorf("read the configuration directory: %w", err)
	}
	for _, e := range entries {
		if schema.IsConfigFile(e.Name()) {
			now[filepath.Join(dir, e.Name())] = ""
		}
	}
	for name := range recorded {
		now[name] = ""
	}
	for name := range now {
		if !inDir(dir, name) {
			// Not a configuration file of dir (a plan file is input too):
			// never read, so it differs.
			delete(now, name)
			continue
		}
		b, err := safefile.ReadInDir(dir, name, safefile.Limits{})
		if err != nil {
			if _, was := recorded[name]; was {
				delete(now, name) // gone, or unreadable: it differs
			}
			continue
		}
		sum := sha256.Sum256(b)
		now[name] = hex.EncodeToString(sum[:])
	}
	if len(recorded) > 0 && !anyFound(recorded, now) && allInDir(dir, recorded) {
		return &OtherDirectoryError{Dir: dir, Files: recorded}
	}
	if d := plan.CompareConfigFiles(recorded, now); d != nil {
		return d
	}
	return nil
}
