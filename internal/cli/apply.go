package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"terrarium/internal/render/escape"
	"terrarium/schema"

	"github.com/spf13/cobra"

	"terrarium/internal/api"
	"terrarium/internal/apply"
	"terrarium/internal/gcstart"
	"terrarium/internal/origin"
	"terrarium/internal/plan"
	"terrarium/internal/planner"
	"terrarium/internal/render"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
)

// ApplyOptions are the inputs of terrarium apply.
type ApplyOptions struct {
	Deps        *Deps
	Arg         string // a saved plan file or a configuration directory
	AutoApprove bool
	Parallelism int
	JSON        bool
	In          planInputs
	// AcceptOrigin lets the state log record a run against another origin
	// than its own (recorded as such).
	AcceptOrigin bool

	trustLive bool
	// lock is the apply's state lock holder info; lockDir is the local
	// state directory once known, so that a hard stop can release it.
	lock    state.LockInfo
	lockDir atomic.Pointer[string]
	// events is the JSON event stream of --json, diagnostics included.
	events *render.ApplyJSON
	// git is the git commit and branch of the configuration directory,
	// looked up while the plan is computed.
	git *gitLookup
	// shown, when set, is the plan text being written while the apply
	// starts (--auto-approve): the apply's output follows it. stopApply
	// stops the apply when it cannot be written.
	shown     *planShown
	stopApply func()
}

// planShown is a plan's text written in the background, and the output of
// the apply that follows it. With --auto-approve nobody reads the plan
// before the apply starts, so the apply need not wait for the text of a
// large plan (1,000 creates: some 30,000 lines, 10-15 ms) before its first
// call: it starts at once, and what it writes is held and written after the
// plan text, so the output is the same, in the same order. After the plan
// text the same goroutine writes the apply's lines as they come, what has
// come meanwhile in one write, so that no call waits on a write to stdout
// and a reader is not woken for every line.
type planShown struct {
	out     io.Writer
	textOut chan struct{} // closed once the plan text is written
	kick    chan struct{} // a line came, or finish was called
	flushed chan struct{} // closed once everything is written

	mu      sync.Mutex
	pending []byte // what the apply wrote that is not written yet
	closing bool   // finish was called: write what is left and stop
	err     error  // the first write error, of the plan text or a line
}

// showPlanText starts writing p's text to d.IO.Out. When that fails, it
// calls stop, which stops the apply as an interrupt does: no new call
// starts, the calls in flight finish and are recorded; so does a failed
// write of the apply's lines. (A stdout on a full disk fails at the first
// write, before the apply's first call, which waits for the state log's
// first sync; a pipe whose reader goes away, apply ... | head, fails
// wherever the reader stopped, possibly after calls started.)
func showPlanText(d *Deps, p *plan.Plan, stop func()) *planShown {
	s := &planShown{out: d.IO.Out, textOut: make(chan struct{}), kick: make(chan struct{}, 1), flushed: make(chan struct{})}
	// A stdout that is a pipe its reader closed (apply ... | head) fails
	// the write with EPIPE (iostreams.System asks for SIGPIPE, so it does not
	// end the process), which stops the apply below: the calls have started,
	// and they must be recorded and the lock released.
	go func() {
		defer close(s.flushed)
		err := render.PlanText(s.out, p, d.IO.Color)
		if err != nil {
			stop()
		}
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(s.textOut)
		var spare []byte
		for range s.kick {
			s.mu.Lock()
			b, closing := s.pending, s.closing
			s.pending = spare[:0]
			s.mu.Unlock()
			if len(b) > 0 && err == nil {
				// The apply's lines: a failed write stops the apply as
				// the plan text's does, and is reported the same way.
				if _, err = s.out.Write(b); err != nil {
					stop()
					s.mu.Lock()
					s.err = err
					s.mu.Unlock()
				}
			}
			spare = b
			if closing {
				return
			}
		}
	}()
	return s
}

// Write queues b to be written after the plan text and the lines before it.
func (s *planShown) Write(b []byte) (int, error) {
	s.mu.Lock()
	s.pending = append(s.pending, b...)
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // a kick is pending: the writer will take b with it
	}
	return len(b), nil
}

// textWritten waits until the plan text is written.
func (s *planShown) textWritten() {
	if s != nil {
		<-s.textOut
	}
}

// finish waits until the plan text and every line written to s are out,
// and returns the plan text's write error. Call it once, when the apply
// has written its last line.
func (s *planShown) finish() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	<-s.flushed
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// output is where the apply's text goes: after the plan text when that is
// still being written (planShown), else stdout.
func (opts *ApplyOptions) output(d *Deps) io.Writer {
	if opts.shown != nil {
		return opts.shown
	}
	return d.IO.Out
}

// gitLookup is state.Git of a directory, run in the background: it starts
// a git process or two, which need not wait for the plan.
type gitLookup struct {
	dir  string
	done chan struct{}
	info state.GitInfo
}

func lookupGit(ctx context.Context, dir string) *gitLookup {
	g := &gitLookup{dir: filepath.Clean(dir), done: make(chan struct{})}
	go func() {
		defer close(g.done)
		g.info = state.Git(ctx, g.dir)
	}()
	return g
}

// of is state.Git(dir): the background lookup's when it is of dir.
func (g *gitLookup) of(ctx context.Context, dir string) state.GitInfo {
	if g == nil || filepath.Clean(dir) != g.dir {
		return state.Git(ctx, dir)
	}
	<-g.done
	return g.info
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// NewCmdApply applies a saved plan, or plans and applies after confirmation.
func NewCmdApply(d *Deps) *cobra.Command {
	opts := &ApplyOptions{Deps: d}
	cmd := &cobra.Command{
		Use:   "apply [PLANFILE | DIR]",
		Short: "Apply a saved plan, or plan and apply after confirmation",
		Long: `Apply makes the live environments match the configuration. Given a saved
plan (terrarium plan --out FILE) it applies exactly that plan: it checks the
file's digest, computes the plan again from what it was made from (the
configuration files, the variables, the state log, the live environments,
against the same API) and refuses, changing nothing, when the two differ in
any change or field. A plan file carries no --var value, --var-file,
--replace or permission to destroy the whole stack (--destroy,
--allow-destroy-all): give them to apply again, as the plan's hint prints
them. Given a directory (or nothing) it plans, shows the plan and asks for
"yes"; without a terminal it refuses unless --auto-approve.

A plan with changes takes the state lock once planned (planning again under
it when another run wrote the state log meanwhile) and holds it to the end;
a plan with none takes no writer lock. Every API call is journaled in the
state log before it is sent. On Ctrl-C no new call starts and calls in flight
finish and are recorded; a second Ctrl-C stops at once.`,
		Example: `  terrarium apply --emulator --auto-approve examples/quickstart
  terrarium apply plan.tfplan
  terrarium apply --json --auto-approve --parallelism 20`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Arg = args[0]
			}
			return runApply(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.AutoApprove, "auto-approve", false, "apply without asking for confirmation")
	f.IntVar(&opts.Parallelism, "parallelism", apply.DefaultParallelism, "run at most `N` API calls at once")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON event per line (implies no prompt: needs --auto-approve or a saved plan)")
	f.BoolVar(&opts.AcceptOrigin, "accept-origin", false, acceptOriginUsage)
	addPlanInputFlags(cmd, &opts.In)
	return cmd
}

func runApply(cmd *cobra.Command, opts *ApplyOptions) (err error) {
	d := opts.Deps
	if opts.Parallelism < 1 {
		return &ExitError{Code: ExitFailure, Err: errors.New("--parallelism must be at least 1")}
	}
	if err := checkPlanInputs(d, opts.In); err != nil {
		return err // a saved plan is applied under the lock too
	}
	if opts.JSON {
		opts.events = render.NewApplyJSON(d.IO.Out)
		useJSONEvents(d, opts.events.Diagnostics)
	}
	opts.lock = lockInfo(d, "apply")
	d.Globals.progressJSON = opts.JSON
	ctx, stop := interruptible(cmd.Context(), d, func() { releaseOwnLock(opts) })
	defer stop()
	ctx, opts.stopApply = context.WithCancel(ctx)
	defer opts.stopApply()
	if !isFile(opts.Arg) {
		dir := opts.Arg
		if dir == "" {
			dir = "."
		}
		opts.git = lookupGit(ctx, dir)
	}
	pl, err := planForApply(ctx, d, opts)
	defer func() {
		// The plan text, when written in the background, is out before
		// the command ends and says anything more. A failure to write it
		// stopped the apply (showPlanText), and is the error to report:
		// the apply's own ends with that stop.
		if werr := opts.shown.finish(); werr != nil {
			err = werr
		}
	}()
	if err != nil && ctx.Err() != nil {
		// Planning makes no change; say so rather than "context canceled".
		var li *lockWaitInterrupted
		if errors.As(err, &li) {
			return &ExitError{Code: ExitFailure, Err: li}
		}
		return &ExitError{Code: ExitFailure, Err: errors.New("interrupted while planning: nothing was changed")}
	}
	if err != nil {
		return err
	}
	if pl == nil || pl.Plan.Empty() {
		return noChanges(d, opts, pl)
	}
	p := pl.Plan
	// A plan made moments ago in this run, applied without waiting for a
	// human, need not re-read the live environments (the state serial is
	// still checked); a saved or confirmed plan is checked in full.
	opts.trustLive = opts.AutoApprove && !isFile(opts.Arg)
	defer pl.Close()
	dir := stateDir(d, p.ConfigDir)
	opts.lockDir.Store(&dir)
	if pl.Held != nil {
		// The plan's log, locked by lockPlanned: nothing has moved since.
		return executePlan(ctx, d, opts, p, pl.Client, pl.Held.Log, true)
	}
	// The plan found no state log, and this apply starts one. A plan made
	// from a state log must find that log: creating a new one (a saved
	// plan applied from another directory) would fork the history.
	log, err := openBackend(ctx, d, pl.Backend, pl.Files, state.Options{Stack: p.Stack, Create: p.Lineage == ""})
	if err != nil {
		return err
	}
	if log == nil {
		return noStateLog(d, p)
	}
	defer log.Close()
	return executePlan(ctx, d, opts, p, pl.Client, log, false)
}

// lockPlanned takes the state lock for applying pl, a plan computed
// without it, and keeps it, and the log open, through the confirmation and
// the apply (as Terraform holds its lock): a second run finds it held, or
// waits for it with --lock-timeout. Taking it only once there is something
// to change lets an apply with nothing to do write nothing (with the git
// backend a lock and its release are two pushes). When another run wrote
// the log between the plan and the lock, or held the lock, the plan is
// computed again under the lock from dir and in: what is confirmed and
// applied is never a plan that run made stale. A plan made before the
// stack's first apply creates the log here, as its apply would, so that a
// second first apply meets the lock (or waits for it and plans again) as
// it would on any later one; an apply that asks first leaves it to
// runApply, after the approval: a command refused at its prompt creates
// nothing. A hard stop releases the lock (lockDir).
func lockPlanned(ctx context.Context, d *Deps, opts *ApplyOptions, dir string, in planInputs, pl *planned) (*planned, error) {
	p := pl.Plan
	if p.Lineage == "" && asks(opts) {
		return pl, nil
	}
	log, err := openBackend(ctx, d, pl.Backend, pl.Files, state.Options{Stack: p.Stack, Create: p.Lineage == ""})
	if err == nil && log == nil {
		err = noStateLog(d, p) // removed since the plan read it
	}
	if err != nil {
		pl.Close()
		return nil, err
	}
	sd := stateDir(d, dir)
	opts.lockDir.Store(&sd)
	held, current, err := planner.LockPlanned(ctx, log, pl.Head, opts.lock, in.LockTimeout)
	if err != nil {
		log.Close()
		pl.Close()
		if ctx.Err() != nil {
			return nil, &lockWaitInterrupted{first: p.Lineage == ""}
		}
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	if current {
		closeAll := pl.Close
		pl.Held, pl.Close = held, func() {
			held.Release()
			closeAll()
		}
		return pl, nil
	}
	pl.Close()
	in.held = held
	again, err := buildPlan(ctx, d, dir, in) // releases held when it fails
	if err != nil {
		return nil, err
	}
	if !reflect.DeepEqual(again.Plan.Backend, p.Backend) {
		again.Close()
		return nil, &ExitError{Code: ExitFailure, Err: errors.New(
			"the terrarium block's backend changed while this apply was planning: run apply again; nothing was changed")}
	}
	return again, nil
}

// lockWaitInterrupted is an apply interrupted while it waited for the
// state lock after planning. It changed no environment; a plan made before
// the stack's first apply has had its state log started by then (by this
// apply or the one holding the lock), so "nothing was changed" would not
// be true of the state directory.
type lockWaitInterrupted struct{ first bool }

func (e *lockWaitInterrupted) Error() string {
	msg := "interrupted while waiting for the state lock: no environment was changed"
	if e.first {
		msg += "; the stack's state log was started meanwhile (it records no change of this apply)"
	}
	return msg
}

// asks reports whether the apply asks for approval after planning.
func asks(opts *ApplyOptions) bool {
	return !opts.AutoApprove && !isFile(opts.Arg)
}

// planForApply loads and verifies a saved plan, or plans
// afresh and asks for approval. A nil result with a nil error means there
// is nothing to do.
func planForApply(ctx context.Context, d *Deps, opts *ApplyOptions) (*planned, error) {
	if isFile(opts.Arg) {
		return savedPlan(ctx, d, opts)
	}
	if opts.Arg != "" {
		if _, err := os.Stat(opts.Arg); errors.Is(err, fs.ErrNotExist) {
			return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
				"%s does not exist: give a saved plan file (terrarium plan --out FILE) or a configuration directory", escape.Line(opts.Arg))}
		}
	}
	if !opts.AutoApprove && (!canPrompt(d) || opts.JSON) {
		reason := noPromptReason(d)
		if opts.JSON && canPrompt(d) {
			reason = "--json never asks"
		}
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("apply needs confirmation, and %s: pass --auto-approve, or apply a saved plan (terrarium plan --out FILE)", reason)}
	}
	pl, err := buildPlan(ctx, d, opts.Arg, opts.In)
	if err != nil {
		return nil, err
	}
	if !pl.Plan.Empty() && pl.Guard == nil {
		if pl, err = lockPlanned(ctx, d, opts, opts.Arg, opts.In, pl); err != nil {
			return nil, err
		}
	}
	if pl.Plan.Empty() {
		// Recorded before "No changes" is printed: that line is a
		// success line, and the settlements must be durable first.
		if err := recordSettled(ctx, d, opts, pl); err != nil {
			pl.Close()
			return nil, err
		}
	}
	switch {
	case opts.JSON:
	case opts.AutoApprove && !pl.Plan.Empty() && pl.Guard == nil:
		// Nobody reads this plan before the apply: it starts while the
		// text is written, and its output follows the text.
		opts.shown = showPlanText(d, pl.Plan, opts.stopApply)
	default:
		if err := render.PlanText(d.IO.Out, pl.Plan, d.IO.Color); err != nil {
			pl.Close()
			return nil, err
		}
	}
	if pl.Plan.Empty() {
		if opts.JSON {
			return pl, nil // noChanges' summary event carries the plan's serial
		}
		pl.Close()
		return nil, nil
	}
	if pl.Guard != nil {
		pl.Close()
		return nil, &ExitError{Code: ExitFailure, Err: pl.Guard}
	}
	if !opts.AutoApprove && !confirm(d) {
		pl.Close()
		return nil, &ExitError{Code: ExitFailure, Err: errors.New("apply cancelled")}
	}
	return pl, nil
}

// savedPlan loads a saved plan and verifies it: the file's digest first,
// then the origin this run would talk to, then the plan computed again
// from the configuration directory, the inputs and the options it records,
// the state log and the live environments, which must equal it change by
// change and field by field. The verified plan is the one applied.
func savedPlan(ctx context.Context, d *Deps, opts *ApplyOptions) (*planned, error) {
	path := opts.Arg
	// The file's name is the user's (or a pull request's): one line in messages.
	shown := escape.Line(path)
	saved, err := plan.Load(path)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err} // it names the file
	}
	if saved.Backend == nil || saved.Origin == nil {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s records no state backend or origin (it was made by terrarium %s): run terrarium plan --out %s again, then apply the new plan", shown, escape.Line(saved.ToolVersion), escape.Shell(path))}
	}
	if err := checkIntendedOrigin(d, saved); err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s: %w", shown, err)}
	}
	if err := planner.CheckConfigFiles(saved.ConfigDir, saved.ConfigFiles); err != nil {
		var diff *plan.Difference
		if errors.As(err, &diff) {
			if other := otherStack(saved); other != nil {
				return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s: %w", shown, other)}
			}
			diff.File = shown
			return nil, &ExitError{Code: ExitFailure, Err: diff}
		}
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s: %w", shown, err)}
	}
	// The files given, each spelled as the plan recorded it when it names
	// the same file (./a.vars.hcl for a.vars.hcl): compared once as such.
	given := opts.In
	given.VarFiles = asRecorded(opts.In.VarFiles, saved.Inputs.VarFiles)
	given.Policies = asRecorded(opts.In.Policies, saved.Inputs.PolicyFiles)
	if missing := missingVars(d, saved.Inputs.SensitiveVars, opts.In.Vars); len(missing) > 0 {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s was made with the sensitive variable(s) %s given with --var, which a plan records only as a salted hash: give them again, as when planning (--var NAME=VALUE or TERRARIUM_VAR_NAME); nothing was changed",
			shown, escape.Line(strings.Join(missing, ", ")))}
	}
	// A plan file may come from another job (a pull request's, whose
	// workflow the pull request can change): a --var value it records
	// is not taken from it, or a plan made with --var would apply values
	// nobody reviewed. Apply takes them from its own flags and
	// environment, and the recorded hashes say they are the same.
	if missing := missingVars(d, recordedVarNames(saved.Inputs.Vars), opts.In.Vars); len(missing) > 0 {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s was made with --var %s; apply does not take variable values from a plan file, which may come from another job (a pull request's): give them again, as when planning (--var NAME=VALUE or TERRARIUM_VAR_NAME), and they must equal the plan's; nothing was changed",
			shown, escape.Line(strings.Join(missing, ", ")))}
	}
	// -replace forces a new environment where the configuration asks for
	// none: like a --var value, not taken from a file that may come from
	// another job.
	if missing := notGiven(saved.Options.Replace, opts.In.Replace); len(missing) > 0 {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s was made with --replace %s, which apply does not take from a plan file (it may come from another job, such as a pull request's): if you mean it, give it to apply too (%s); nothing was changed",
			shown, escape.Line(strings.Join(missing, ", ")), applyHint(d, saved, path, nil))}
	}
	// Which files of variable values are read is an input as a --var
	// value is: a plan file from another job could name a committed file
	// meant for another stack. Apply reads the files it is given, and they
	// must be the plan's.
	if missing := notGiven(saved.Inputs.VarFiles, given.VarFiles); len(missing) > 0 {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s was made with --var-file %s; apply does not take which files of variable values to read from a plan file, which may come from another job (a pull request's): give them again (%s); nothing was changed",
			shown, escape.Line(strings.Join(missing, ", ")), applyHint(d, saved, path, nil))}
	}
	// A flag that shapes a plan (--replace, --target, --exclude,
	// --refresh-only, --destroy) given to apply but not to the plan would
	// be ignored: the plan file says what is applied. A --var-file or
	// --policy the plan was not made with would be refused as a stale plan
	// ("its variables moved"), which sends the user to look for what moved.
	if flag, words := unplannedFlag(given, saved); flag != "" {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"%s was not made with %s, and apply applies a saved plan as it was made: run terrarium plan %s ... --out FILE to plan that, or apply the plan without it; nothing was changed",
			shown, words, flag)}
	}
	policies, err := recordedFiles(path, "--policy", saved.Inputs.PolicyFiles, given.Policies)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: err}
	}
	in := planInputs{
		Vars:     opts.In.Vars,
		VarFiles: given.VarFiles,
		Policies: policies, Targets: saved.Options.Targets, Excludes: saved.Options.Excludes, Replace: saved.Options.Replace,
		Destroy: saved.Options.Destroy, RefreshOnly: saved.Options.RefreshOnly, AllowDestroyAll: saved.Options.AllowDestroyAll,
		LockTimeout: opts.In.LockTimeout, salt: saved.Inputs.Salt, AntLock: opts.In.AntLock,
	}
	pl, err := buildPlan(ctx, d, saved.ConfigDir, in)
	if err != nil {
		return nil, err
	}
	if err := matchSaved(d, saved, shown, pl); err != nil {
		return nil, err
	}
	if err := destroyPermitted(d, saved, pl.Unpermitted, opts.In, path); err != nil {
		pl.Close()
		return nil, err
	}
	if !saved.Empty() {
		// Locked only once it is known to match: a refused plan writes
		// nothing. Planned again under the lock if the log moved.
		if pl, err = lockPlanned(ctx, d, opts, saved.ConfigDir, in, pl); err != nil {
			return nil, err
		}
		if err := matchSaved(d, saved, shown, pl); err != nil {
			return nil, err
		}
	}
	pl.Plan = saved
	return pl, nil
}

// matchSaved refuses, closing pl, a saved plan that differs from pl, the
// plan computed again from what it records.
func matchSaved(d *Deps, saved *plan.Plan, shown string, pl *planned) error {
	if saved.Lineage != "" && pl.Plan.Lineage == "" {
		pl.Close()
		return noStateLog(d, saved)
	}
	if diff := plan.Compare(saved, pl.Plan); diff != nil {
		pl.Close()
		diff.File = shown
		return &ExitError{Code: ExitFailure, Err: diff}
	}
	return nil
}

// destroyPermitted refuses a saved plan that destroys every managed
// environment of its stack (or more than max_destroy), as only the
// --destroy or --allow-destroy-all it was made with allow, unless apply is
// given the flag too: a plan file may come from another job (a pull
// request's, whose workflow the pull request can change), and the guard
// against a mass destroy must not be lifted by the file it guards.
func destroyPermitted(d *Deps, saved *plan.Plan, unpermitted error, in planInputs, path string) error {
	if unpermitted == nil || in.AllowDestroyAll || (saved.Options.Destroy && in.Destroy) {
		return nil
	}
	flag := destroyFlag(saved)
	cmd := applyHint(d, saved, path, unpermitted)
	what := unpermitted.Error()
	var mass *plan.MassDestroyError
	if errors.As(unpermitted, &mass) {
		what = mass.What()
	}
	return &ExitError{Code: ExitFailure, Err: fmt.Errorf(
		"%s was made with %s, and %s. A plan file may come from another job (a pull request's), so apply does not take that permission from it: if you mean it, run %s; nothing was changed",
		escape.Line(path), flag, what, cmd)}
}

// recordedFiles are the files a saved plan was planned with (recorded)
// and those given to apply with the same flag (given), each once. A plan
// file may come from another job: apply reads a recorded file only when it
// lies inside the directory apply runs in, through no symbolic link out of
// it; one elsewhere must be given to apply again.
func recordedFiles(planPath, flag string, recorded, given []string) ([]string, error) {
	out := slices.Clone(given)
	for _, f := range recorded {
		if slices.Contains(given, f) {
			continue
		}
		if !insideWorkdir(f) {
			return nil, fmt.Errorf("%s was made with %s %s, outside the directory apply runs in; apply reads a plan's files only inside it: give it to apply yourself (%s %s) if you trust it; nothing was changed",
				escape.Line(planPath), flag, escape.Shell(f), flag, escape.Shell(f))
		}
		out = append(out, f)
	}
	return out, nil
}

// insideWorkdir reports whether path names a file inside the working
// directory, lexically and once symbolic links are resolved.
func insideWorkdir(path string) bool {
	if filepath.IsAbs(path) || !filepath.IsLocal(path) {
		return false
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return true // missing: the loader says so
	}
	wd, err := os.Getwd()
	return err == nil && safefile.Inside(wd, real)
}

// noStateLog refuses a plan made from a state log that is not there: a
// new log would fork the history.
func noStateLog(d *Deps, p *plan.Plan) error {
	return &ExitError{Code: ExitFailure, Err: fmt.Errorf(
		"the plan was made from the state log with lineage %s, and there is no state log in %s: apply it from the directory plan ran in (the plan's configuration directory is %q), or use --chdir; nothing was changed",
		p.Lineage, stateDir(d, p.ConfigDir), p.ConfigDir)}
}

// checkIntendedOrigin refuses, before anything is contacted, a saved plan
// made for another API than the flags of this run choose (the organization
// is compared once the API has answered, by plan.Compare).
func checkIntendedOrigin(d *Deps, saved *plan.Plan) error {
	want := *saved.Origin
	g := d.Globals
	here := origin.Origin{Emulator: g.Emulator, WorkspaceID: want.WorkspaceID}
	switch {
	case g.Emulator:
		data := filepath.Join(stateDir(d, saved.ConfigDir), emulatorDataFile)
		if abs, err := filepath.Abs(data); err == nil {
			data = abs
		}
		here.EmulatorData = data
	case g.APIURL != "":
		here.APIURL = g.APIURL
	default:
		here.APIURL = d.Getenv("ANTHROPIC_BASE_URL")
	}
	want.OrganizationID = ""
	if want.Emulator && here.Emulator && want.EmulatorData != here.EmulatorData {
		return fmt.Errorf("the plan was made against the local emulator with data in %s, and this apply would use the emulator data in %s: apply it from the directory plan ran in, or use --chdir; nothing was changed",
			want.EmulatorData, here.EmulatorData)
	}
	if !want.Same(here) {
		return fmt.Errorf("the plan was made for %s, and this apply would run against %s: apply it with the flags it was made with (%s), or plan again here; nothing was changed",
			saved.Origin, here, originFlags(saved.Origin))
	}
	return nil
}

// originFlags are the flags that choose o.
func originFlags(o *origin.Origin) string {
	switch {
	case o.Emulator:
		return "--emulator"
	case origin.NormalizeURL(o.APIURL) == origin.DefaultAPIURL:
		return "no --emulator or --api-url"
	}
	return "--api-url " + escape.Shell(origin.NormalizeURL(o.APIURL))
}

// unplannedFlag is the first plan-shaping flag or input given to apply
// (given) that the saved plan was not made with, and the words that name
// it with the values the plan lacks; "" when there is none. given's files
// are spelled as the plan's (asRecorded). A --var is not such an
// input: where a value came from does not matter, and a value that differs
// is refused naming the variable.
func unplannedFlag(given planInputs, saved *plan.Plan) (flag, words string) {
	made := saved.Options
	for _, f := range []struct {
		flag        string
		given, made []string
	}{
		{"--replace", given.Replace, made.Replace},
		{"--target", given.Targets, made.Targets},
		{"--exclude", given.Excludes, made.Excludes},
		{"--var-file", given.VarFiles, saved.Inputs.VarFiles},
		{"--policy", given.Policies, saved.Inputs.PolicyFiles},
	} {
		if extra := notGiven(f.given, f.made); len(extra) > 0 {
			return f.flag, f.flag + " " + escape.Line(strings.Join(extra, ", "))
		}
	}
	switch {
	case given.RefreshOnly && !made.RefreshOnly:
		return "--refresh-only", "--refresh-only"
	case given.Destroy && !made.Destroy:
		return "--destroy", "--destroy"
	}
	return "", ""
}

// destroyFlag is the flag that lets p, a plan that trips the mass-destroy
// guard, through: the one it was made with.
func destroyFlag(p *plan.Plan) string {
	if p.Options.Destroy {
		return "--destroy"
	}
	return "--allow-destroy-all"
}

// otherStack says that saved was made in another directory when the
// configuration in its directory here names another stack than the plan
// (a sibling stack's directory, whose main.hcl differs from the plan's),
// rather than that its files were edited since; nil when it is the same
// stack, or its terrarium block cannot be read (the difference says
// what changed then).
func otherStack(saved *plan.Plan) error {
	dir := saved.ConfigDir
	if dir == "" {
		dir = "."
	}
	settings, _, diags := schema.LoadSettings(dir)
	if diags.HasErrors() {
		return nil
	}
	here := settings.Stack.Value
	if here == "" {
		here = "default"
	}
	if here == saved.Stack {
		return nil
	}
	return fmt.Errorf("the plan was made for stack %q, and the configuration in %s here is stack %q: the plan was made in another directory (or the stack renamed since). Nothing was changed; run terrarium apply from the directory plan ran in (or give that directory with --chdir DIR)",
		escape.Line(saved.Stack), escape.Line(dir), escape.Line(here))
}

// asRecorded is given with each file that names a recorded one by
// another spelling (./a.vars.hcl for a.vars.hcl) spelled as recorded, so
// that a plan's files given again are found, and the recomputed plan's
// inputs read as the saved plan's. The two spellings must name one file
// as the system resolves them, not only lexically: a plan (hostile input)
// recording link/../a.vars.hcl, where link is a symbolic link to another
// directory, would otherwise have the a.vars.hcl given read from there.
func asRecorded(given, recorded []string) []string {
	out := slices.Clone(given)
	for i, g := range out {
		for _, r := range recorded {
			if filepath.Clean(g) == filepath.Clean(r) && sameFile(g, r) {
				out[i] = r
				break
			}
		}
	}
	return out
}

// sameFile reports whether paths a and b both name one existing file.
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// notGiven lists the recorded values missing from given.
func notGiven(recorded, given []string) []string {
	var out []string
	for _, r := range recorded {
		if !slices.Contains(given, r) {
			out = append(out, r)
		}
	}
	return out
}

// recordedVarNames are the names of a plan's recorded --var NAME=VALUE
// arguments, each once.
func recordedVarNames(vars []string) []string {
	var out []string
	for _, v := range vars {
		name, _, _ := strings.Cut(v, "=")
		if name = strings.TrimSpace(name); !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// missingVars lists the names of variables that need a value again and
// are given neither with --var nor in the environment.
func missingVars(d *Deps, names, vars []string) []string {
	var out []string
	for _, n := range names {
		given := d.Getenv("TERRARIUM_VAR_"+n) != ""
		for _, v := range vars {
			if name, _, _ := strings.Cut(v, "="); strings.TrimSpace(name) == n {
				given = true
			}
		}
		if !given {
			out = append(out, n)
		}
	}
	return out
}

// recordSettled records, for a plan with nothing to apply, the outcomes
// of the pending changes it settled in memory (an apply with changes
// records them first thing).
func recordSettled(ctx context.Context, d *Deps, opts *ApplyOptions, pl *planned) error {
	if pl == nil || len(pl.Settled) == 0 {
		return nil
	}
	if pl.Held != nil {
		if _, err := apply.Settle(ctx, pl.Client, pl.Held.Log, apply.Options{Locked: true}); err != nil {
			return &ExitError{Code: ExitFailure, Err: err}
		}
		return nil
	}
	log, err := openBackend(ctx, d, pl.Backend, pl.Files, state.Options{Stack: pl.Plan.Stack})
	if err != nil || log == nil {
		return err
	}
	defer log.Close()
	if _, err := apply.Settle(ctx, pl.Client, log, apply.Options{Lock: opts.lock, LockTimeout: opts.In.LockTimeout}); err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	return nil
}

// noChanges ends an apply with nothing to do: the text view says so, the
// JSON stream ends with an empty summary.
func noChanges(d *Deps, opts *ApplyOptions, pl *planned) error {
	serial := int64(0)
	if pl != nil {
		defer pl.Close()
		serial = pl.Plan.Serial
	}
	if opts.events != nil {
		opts.events.Event(&apply.Summary{Counts: map[plan.Action]int{}, Serial: serial})
		return nil
	}
	if pl != nil {
		fmt.Fprintln(d.IO.Out, render.NoChanges)
	}
	return nil
}

// confirm asks for approval; a prompt that cannot be shown (a stdout
// whose reader went away) is no approval.
func confirm(d *Deps) bool {
	if _, err := fmt.Fprint(d.IO.Out, "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "); err != nil {
		return false
	}
	line, _ := bufio.NewReader(d.IO.In).ReadString('\n')
	fmt.Fprintln(d.IO.Out)
	return strings.TrimSpace(line) == "yes"
}

// executePlan applies p through log; locked says the plan's lock on log
// is still held (planned.Held).
func executePlan(ctx context.Context, d *Deps, opts *ApplyOptions, p *plan.Plan, client api.Client, log state.Log, locked bool) error {
	view := render.NewApplyText(opts.output(d), d.IO.Color, d.IO.OutTTY)
	view.Commands = func(s string) string { return withRunFlags(d, s) }
	emit := view.Event
	if opts.events != nil {
		emit = opts.events.Event
	}
	// The configuration's memory is garbage now: lower the heap goal so
	// that it goes back to the OS while the apply waits on the API, not
	// when the process exits (gcstart.Release); once the plan text, which
	// is garbage too when out, has been written.
	go func() {
		opts.shown.textWritten()
		gcstart.Release(gcstart.ApplyGoal)
	}()
	git := opts.git.of(ctx, p.ConfigDir)
	host, _ := os.Hostname()
	_, heartbeat, err := progressTiming(d)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	sum, err := apply.Run(ctx, p, client, log, apply.Options{
		Parallelism: opts.Parallelism, Lock: opts.lock, LockTimeout: opts.In.LockTimeout, Locked: locked,
		Actor: state.Actor(d.Getenv), Host: host, GitCommit: git.Commit, GitBranch: git.Branch, Emit: emit,
		TrustLive: opts.trustLive, Heartbeat: heartbeat, AcceptOrigin: opts.AcceptOrigin,
	})
	if sum != nil && sum.Journal != nil {
		return errReported // the summary said what was and was not recorded
	}
	if st := (*apply.StaleError)(nil); errors.As(err, &st) && !isFile(opts.Arg) {
		err = st.Unsaved() // no plan was saved: running apply again plans afresh
	}
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	if !sum.OK() {
		return errReported
	}
	return nil
}

// interruptible returns a context cancelled by the first SIGINT or
// SIGTERM; a second one calls hardStop and exits at once (the journal lets
// the next run recover).
func interruptible(parent context.Context, d *Deps, hardStop func()) (context.Context, func()) {
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			fmt.Fprintln(d.IO.ErrOut, "\nInterrupt received: no new changes will start; waiting for the ones in flight. Press Ctrl-C again to stop now.")
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			hardStop()
			fmt.Fprintf(d.IO.ErrOut, "Stopping now. Run %s to see what remains; the state log recovers on the next run.\n", commandLine(d, "plan"))
			os.Exit(ExitFailure)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// releaseOwnLock removes the local lock holder info this apply wrote, on a
// hard stop: the run ends on purpose and its journal lets the next run
// recover, so the next run must not find a stale lock. The OS lock goes
// with the process; a shared backend's lock goes with its session.
func releaseOwnLock(opts *ApplyOptions) {
	dir := opts.lockDir.Load()
	if dir == nil {
		return
	}
	if held, err := state.ReadLockInfo(*dir); err == nil && held != nil && held.ID == opts.lock.ID {
		os.Remove(filepath.Join(*dir, state.LockFile))
	}
}
