// Package cli wires terrarium's commands: one file per command, each with an
// Options struct, a NewCmdX constructor and a runX function. Logic lives in
// the engines; this package only connects flags, engines and views.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/spf13/cobra"

	"terrarium/internal/atomicfile"
	"terrarium/internal/diag"
	"terrarium/internal/iostreams"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
	"terrarium/internal/version"
)

// Globals are the flags every command accepts.
type Globals struct {
	Chdir    string
	NoColor  bool
	APIURL   string
	Emulator bool
	// RetryAfterCap is the longest Retry-After the client waits (0: default).
	RetryAfterCap time.Duration
	// RateLimits is --rate-limits: "writes=N,reads=N" requests per minute,
	// or "off"; empty keeps the configured or documented pace.
	RateLimits string
	// progressJSON is set by commands printing JSON: progress goes to
	// stderr as JSON lines.
	progressJSON bool
	// StateDir is the local state directory (--state-dir); empty means
	// .terrarium in the working directory.
	StateDir string
	// Input is --input (Terraform's -input): false never prompts, and
	// fails where a prompt would be needed.
	Input bool
}

// Deps is what every command constructor receives: the streams, the global
// flags (filled in before any command runs) and the process environment.
type Deps struct {
	IO      *iostreams.IOStreams
	Globals *Globals
	// Getenv reads the process environment; tests may replace it.
	Getenv  func(string) string
	Environ func() []string
	// view, when set, is the machine format the running command writes
	// its diagnostics in (see machineView); nil means HCL text on stderr.
	view *machineView
	// spellings are the flags the user wrote Terraform's way (-input),
	// for error messages.
	spellings flagSpellings
	// cmdArgs is the running command and its arguments, without the
	// program name ("state list"), for messages that suggest rerunning it.
	cmdArgs string
	// compactWarnings shows warning diagnostics as one line each.
	compactWarnings bool
	// unlockFlags are the global flags that point force-unlock at the
	// state the command opened (see unlockFlags in statelog.go).
	unlockFlags string
	// hidden are the values the debug log must not show (see hideValues).
	hidden hiddenValues
}

// ExitError ends a command with Code. When Err is nil the command has already
// said everything (diagnostics, findings) and nothing more is printed.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Exit codes, the same for every command.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitFound   = 2 // the job was done and found something
)

// errFound ends a command with exit code 2 after its report is written.
var errFound = &ExitError{Code: ExitFound}

// errReported ends a command with exit code 1 when it has already printed
// its diagnostics.
var errReported = &ExitError{Code: ExitFailure}

// NewRootCmd builds the command tree.
func NewRootCmd(d *Deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "terrarium",
		Short: "Managed Agents cloud environments as code",
		Long: `terrarium keeps Managed Agents cloud environments in HCL: it lints them for
least-privilege networking, plans changes against the live environments API,
applies them, and records every change in a versioned state log.`,
		Example: `  terrarium validate examples/quickstart
  terrarium plan --emulator examples/quickstart
  terrarium apply --emulator examples/quickstart`,
		Version:           version.String(),
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			words := strings.Fields(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()))
			for _, a := range args {
				words = append(words, escape.Shell(a))
			}
			d.cmdArgs = strings.Join(words, " ")
			if err := checkFlagValues(cmd, d.spellings); err != nil {
				return err
			}
			return applyGlobals(d)
		},
	}
	g := d.Globals
	pf := root.PersistentFlags()
	pf.StringVar(&g.Chdir, "chdir", "", "switch to `DIR` before doing anything else")
	pf.BoolVar(&g.NoColor, "no-color", false, "disable colour output (also NO_COLOR)")
	pf.StringVar(&g.APIURL, "api-url", "", "environments API base `URL` (default $ANTHROPIC_BASE_URL, then https://api.anthropic.com)")
	pf.BoolVar(&g.Emulator, "emulator", false, "run against an in-process emulator (data in .terrarium/emulator.json beside the configuration), not the real API")
	pf.DurationVar(&g.RetryAfterCap, "retry-after-cap", 60*time.Second, "fail instead of waiting when the API asks to retry after more than `DURATION`")
	pf.StringVar(&g.RateLimits, "rate-limits", "", "pace API requests to `writes=N,reads=N` per minute, or off (default: terrarium.rate_limits, $TERRARIUM_RATE_LIMITS, else the documented 60 writes and 600 reads)")
	pf.StringVar(&g.StateDir, "state-dir", "", "local state `DIR` (default .terrarium in the configuration directory)")
	pf.BoolVar(&g.Input, "input", true, "ask for confirmation when needed; --input=false (Terraform's -input=false) never asks and fails where it would")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		// A flag error quotes what the user typed: one line, escaped.
		return &UsageError{Cmd: cmd, Err: errors.New(escape.Line(plainFlagValueError(d.spellings.restore(err.Error()))))}
	})
	root.SetOut(d.IO.Out)
	root.SetErr(d.IO.ErrOut)
	root.SetIn(d.IO.In)

	root.AddCommand(
		NewCmdVersion(d),
		NewCmdPlan(d),
		NewCmdDrift(d),
		NewCmdApply(d),
		NewCmdDestroy(d),
		NewCmdShow(d),
		NewCmdImport(d),
		NewCmdValidate(d),
		NewCmdFmt(d),
		NewCmdEmulator(d),
		NewCmdState(d),
		NewCmdHistory(d),
		NewCmdForceUnlock(d),
		NewCmdInit(d),
		NewCmdLint(d),
		NewCmdRollback(d),
		NewCmdForget(d),
		NewCmdCompletion(d),
	)
	setHelpExample(root)
	wrapUsage(root)
	return root
}

func applyGlobals(d *Deps) error {
	g := d.Globals
	if g.NoColor {
		d.IO.Color = false
	}
	color.NoColor = !d.IO.Color
	if g.Chdir != "" {
		if err := safefile.CheckNamedDir(g.Chdir); err != nil {
			return fmt.Errorf("--chdir: %w", err)
		}
		if err := os.Chdir(g.Chdir); err != nil {
			return fmt.Errorf("--chdir: %w", err)
		}
	}
	return nil
}

// canPrompt reports whether a command may ask the user a question: stdin
// is a terminal and --input is not false.
func canPrompt(d *Deps) bool { return d.IO.InTTY && d.Globals.Input }

// noPromptReason is why a command cannot ask, for its error message.
func noPromptReason(d *Deps) string {
	if !d.Globals.Input {
		return "--input=false forbids asking"
	}
	return "there is no terminal to ask on"
}

// Main runs terrarium with args and returns the process exit code.
func Main(args []string, ios *iostreams.IOStreams) int {
	// A write to stdout that failed (a reader that went away: apply FILE
	// | head, quit early) is output lost: a command that ends well
	// otherwise says so and exits 1, as one that checked the write does,
	// rather than exit 0 with its summary or hint never shown.
	checked := *ios
	out := &iostreams.CheckedWriter{W: ios.Out}
	checked.Out = out
	ios = &checked
	d := &Deps{IO: ios, Globals: &Globals{}, Getenv: os.Getenv, Environ: os.Environ}
	root := NewRootCmd(d)
	norm, spellings := normalizeFlags(root, args)
	d.spellings = spellings
	root.SetArgs(norm)
	cmd, err := root.ExecuteC()
	writeStats(d)
	// Exit 2 (plan --detailed-exitcode's changes, lint's findings) says
	// the job was done: with its report cut short it was not.
	if (err == nil || err == errFound) && out.Err() != nil {
		err = &ExitError{Code: ExitFailure, Err: fmt.Errorf(
			"the output could not all be written (%w): the command ran to its end, but what it wrote to stdout was cut short", out.Err())}
	}
	if err == nil {
		return ExitOK
	}
	pointUnlockAt(d, err)
	if u := asUsageError(cmd, err); u != nil {
		writeUsageError(ios.ErrOut, u)
		return ExitFailure
	}
	if d.view != nil {
		if d.view.finish(ios.Out, err) {
			return exitCode(err)
		}
		d.view = nil // the document is out: what is left goes to stderr
	}
	if diags := diag.Of(err); diags != nil {
		// An engine error that says itself as diagnostics (each with its
		// subject or address) is shown as diagnostics.
		_ = printDiagnostics(d, nil, diags)
		return exitCode(err)
	}
	var exit *ExitError
	if errors.As(err, &exit) {
		if exit.Err != nil {
			fmt.Fprintf(ios.ErrOut, "Error: %s\n", escape.Block(withRunFlags(d, exit.Err.Error())))
		}
		return exit.Code
	}
	// An error may carry a file name, an API message or a flag value: its
	// controls are shown, never acted on.
	fmt.Fprintf(ios.ErrOut, "Error: %s\n", escape.Block(withRunFlags(d, err.Error())))
	return ExitFailure
}

// exitCode is the exit status err asks for: an ExitError's code, else 1.
func exitCode(err error) int {
	var exit *ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	return ExitFailure
}

// normalizeFlags accepts Terraform's single-dash long flags (-out=FILE,
// -auto-approve) by rewriting each to its GNU spelling when the command
// being run knows a long flag of that name. It returns the rewritten
// arguments and the user's spelling of each rewritten flag.
func normalizeFlags(root *cobra.Command, args []string) ([]string, flagSpellings) {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil {
		cmd = root
	}
	out := make([]string, 0, len(args))
	spellings := flagSpellings{}
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...), spellings
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && !(i > 0 && wantsValue(cmd, args[i-1])) {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && (lookupFlag(cmd, name) || lazyFlag(name) || !isShorthand(name[0])) {
				// Unknown names too, so that cobra says "unknown flag:
				// --jsn" rather than "unknown shorthand flag: 'j' in -jsn"
				// (and the error then quotes -jsn, as typed).
				spellings[name] = "-" + name
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out, spellings
}

// lazyFlag reports the flags cobra adds only when it executes (so that
// lookupFlag cannot see them yet): Terraform users type -help and -version.
func lazyFlag(name string) bool { return name == "help" || name == "version" }

// isShorthand reports whether c is a one-letter flag: terrarium's only
// shorthands are cobra's -h and -v.
func isShorthand(c byte) bool { return c == 'h' || c == 'v' }

// wantsValue reports whether arg is a flag that takes the next argument as
// its value (--out FILE), so that a value starting with '-' is left alone.
func wantsValue(cmd *cobra.Command, arg string) bool {
	if !strings.HasPrefix(arg, "-") || strings.Contains(arg, "=") {
		return false
	}
	name := strings.TrimLeft(arg, "-")
	for c := cmd; c != nil; c = c.Parent() {
		f := c.Flags().Lookup(name)
		if f == nil {
			f = c.PersistentFlags().Lookup(name)
		}
		if f != nil {
			return f.NoOptDefVal == ""
		}
	}
	return false
}

func lookupFlag(cmd *cobra.Command, name string) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Flags().Lookup(name) != nil || c.PersistentFlags().Lookup(name) != nil {
			return true
		}
	}
	return false
}

// writeStats records process counters in $TERRARIUM_STATS_FILE, when set,
// for the benchmark harness: counts that wall time alone cannot show.
func writeStats(d *Deps) {
	path := d.Getenv("TERRARIUM_STATS_FILE")
	if path == "" {
		return
	}
	if safefile.CheckOutput(path) != nil {
		return
	}
	b, _ := json.Marshal(map[string]int64{"fsyncs": state.ProcessFsyncs()})
	_ = atomicfile.Write(path, append(b, '\n')) // a link there is replaced, never followed
}
