package cli

import (
	"context"
	"fmt"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
)

// EmulatorOptions are the inputs of terrarium emulator.
type EmulatorOptions struct {
	Listen  string
	Verbose bool
	Opts    emulator.Options
}

// NewCmdEmulator serves the local emulator of the environments API.
func NewCmdEmulator(d *Deps) *cobra.Command {
	opts := &EmulatorOptions{}
	var f = &opts.Opts.Faults
	var latency, jitter, retryAfter time.Duration
	var enforce string
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve a local emulator of the environments API",
		Long: `Emulator serves a local stand-in of the Managed Agents environments API:
the same six endpoints, JSON shapes, validation, cursor paging and error
shapes, with injectable faults for testing retries and recovery. Point
terrarium (--api-url) or any SDK client (ANTHROPIC_BASE_URL) at the URL it
prints. It is not the real API: nothing created here exists anywhere else.

Faults can also be changed while it runs, through the control endpoints
under /_emulator/ (see the README).`,
		Example: `  terrarium emulator
  terrarium emulator --listen 127.0.0.1:4010 --data .terrarium/emulator.json
  terrarium emulator --latency 50ms --jitter 20ms --error-rate 0.05 --rate-limit 0.1 --retry-after 2s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.Latency, f.Jitter, f.RetryAfter = emulator.Duration(latency), emulator.Duration(jitter), emulator.Duration(retryAfter)
			rl, err := enforcedRateLimits(enforce)
			if err != nil {
				return &ExitError{Code: ExitFailure, Err: err}
			}
			opts.Opts.RateLimits = rl
			return runEmulator(cmd.Context(), d, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Listen, "listen", "127.0.0.1:4010", "`ADDR` to listen on (port 0 picks a free port)")
	fl.StringVar(&opts.Opts.DataFile, "data", "", "persist environments to `FILE` (default: memory only)")
	fl.StringVar(&opts.Opts.APIKey, "api-key", "", "require this `KEY` (default $TERRARIUM_EMULATOR_API_KEY, else accept any non-empty credential)")
	fl.IntVar(&opts.Opts.MaxPageSize, "max-page-size", emulator.DefaultMaxPageSize, "largest list page `N` the emulator accepts")
	fl.StringVar(&opts.Opts.HostForm, "host-form", emulator.HostFormAny, "allowed_hosts `FORM` to accept: any (api.example.com and https://api.example.com), https or bare")
	fl.StringVar(&enforce, "enforce-rate-limits", "", "answer 429 past `LIMITS` per minute: documented (60 writes, 600 reads) or writes=N,reads=N (default: none)")
	fl.BoolVar(&opts.Opts.MetadataLimits, "metadata-limits", false, "refuse metadata over 16 pairs, keys over 64 or values over 512 characters (the limits of other Managed Agents resources)")
	fl.BoolVar(&opts.Opts.DeleteNoContent, "delete-no-content", false, "answer a delete with 204 and no body instead of the SDK's body")
	fl.BoolVar(&opts.Opts.AllowArchivedNameReuse, "allow-archived-name-reuse", false, "let a new environment take an archived environment's name")
	fl.DurationVar(&latency, "latency", 0, "delay every answer by `DURATION`")
	fl.DurationVar(&jitter, "jitter", 0, "add a random delay in [0, `DURATION`) to every answer")
	fl.Float64Var(&f.ErrorRate, "error-rate", 0, "answer this `FRACTION` of requests with a 5xx")
	fl.IntVar(&f.ErrorStatus, "error-status", 0, "the 5xx `STATUS` for --error-rate (default: 500 or 529 at random)")
	fl.Float64Var(&f.RateLimitRate, "rate-limit", 0, "answer this `FRACTION` of requests with 429 and a Retry-After")
	fl.DurationVar(&retryAfter, "retry-after", time.Second, "the Retry-After `DURATION` of --rate-limit answers")
	fl.Float64Var(&f.DropAfterCommitRate, "drop-after-commit-rate", 0, "store this `FRACTION` of changes, then cut the connection before answering")
	fl.BoolVar(&opts.Verbose, "verbose", false, "print a line per API request on stderr")
	fl.Uint64Var(&opts.Opts.Seed, "seed", 0, "`SEED` for ids and fault draws (default: from the clock)")
	return cmd
}

// enforcedRateLimits reads --enforce-rate-limits: "documented", or
// "writes=N,reads=N" requests per minute (a class left out is not limited).
func enforcedRateLimits(s string) (emulator.RateLimits, error) {
	switch s {
	case "":
		return emulator.RateLimits{}, nil
	case "documented":
		return emulator.DocumentedRateLimits, nil
	}
	l, err := api.ParseRateLimits(s, api.RateLimits{})
	if err != nil {
		return emulator.RateLimits{}, fmt.Errorf("--enforce-rate-limits: %w", err)
	}
	return emulator.RateLimits{Writes: l.Writes, Reads: l.Reads}, nil
}

func runEmulator(ctx context.Context, d *Deps, opts *EmulatorOptions) error {
	if opts.Opts.MaxPageSize < 1 {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("--max-page-size must be at least 1")}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Opts.APIKey == "" {
		opts.Opts.APIKey = d.Getenv("TERRARIUM_EMULATOR_API_KEY")
	}
	if opts.Verbose {
		var mu sync.Mutex
		opts.Opts.OnRequest = func(en emulator.LogEntry) {
			status := fmt.Sprint(en.Status)
			if en.Dropped {
				status = "dropped after commit"
			}
			mu.Lock()
			defer mu.Unlock()
			escape.Fterm(d.IO.ErrOut, "%s %s %s %s %s %s\n", en.Time.Format(time.RFC3339), en.RequestID, en.Method, en.Path, status, time.Duration(en.Duration).Round(time.Microsecond))
		}
	}
	if opts.Opts.DataFile != "" {
		// An output like any other: not through a directory the checkout
		// links elsewhere.
		if err := safefile.CheckOutput(opts.Opts.DataFile); err != nil {
			return &ExitError{Code: ExitFailure, Err: fmt.Errorf("emulator: %w", err)}
		}
	}
	srv, err := emulator.Listen(opts.Listen, opts.Opts)
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("emulator: %w", err)}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	storage := "in memory"
	if opts.Opts.DataFile != "" {
		storage = "in " + opts.Opts.DataFile
	}
	fmt.Fprintf(d.IO.Out, "%s\n", srv.URL)
	escape.Fterm(d.IO.ErrOut, "terrarium emulator: serving a local stand-in of the environments API at %s (data %s); this is not the real API.\n", srv.URL, storage)
	fmt.Fprintf(d.IO.ErrOut, "  use it with: terrarium --api-url %s ...   or   ANTHROPIC_BASE_URL=%s\n", srv.URL, srv.URL)
	fmt.Fprintln(d.IO.ErrOut, "  stop with Ctrl-C")
	done := make(chan error, 1)
	go func() { done <- srv.Serve() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	fmt.Fprintln(d.IO.ErrOut, "terrarium emulator: stopped")
	return nil
}
