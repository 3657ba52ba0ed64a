package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/internal/origin"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
	"terrarium/internal/state"
	"terrarium/internal/state/backend"
	"terrarium/internal/version"
	"terrarium/schema"
)

// emulatorDataFile is the file in the state directory where --emulator
// keeps its environments.
const emulatorDataFile = "emulator.json"

// emulatorCredential is the stand-in credential sent to the in-process
// emulator: a real key never leaves for a local stand-in.
const emulatorCredential = "terrarium-local-emulator"

// newClient returns the environments client every command uses, and a
// cleanup to call when the command ends. With --emulator it starts the
// emulator in-process on a loopback port (data in emulator.json in the
// state directory of the configuration in dir)
// and says so on stderr; otherwise the endpoint is --api-url, then
// $ANTHROPIC_BASE_URL, then the real API, with the SDK's credential chain.
//
// TERRARIUM_LOG=debug logs every request and response (credentials
// redacted) to stderr, or to $TERRARIUM_LOG_PATH when set.
func newClient(ctx context.Context, d *Deps, dir, workspaceID string) (api.Client, func(), error) {
	settings, _, _ := schema.LoadSettings(dir) // errors in the block are the loader's to report
	return connectAPI(ctx, d, dir, workspaceID, settings.RateLimits)
}

// newClientFor is newClient for a configuration whose terrarium block is
// decoded already (a plan's): its workspace and rate limits are taken
// from settings instead of reading and parsing the files again, on the
// way to the first call.
func newClientFor(ctx context.Context, d *Deps, dir string, settings schema.Settings) (api.Client, func(), error) {
	ws := ""
	if settings.WorkspaceID != nil {
		ws = settings.WorkspaceID.Value
	}
	return connectAPI(ctx, d, dir, ws, settings.RateLimits)
}

// connectAPI is newClient with the terrarium block's rate_limits (nil
// when it has none).
func connectAPI(ctx context.Context, d *Deps, dir, workspaceID string, block *schema.RateLimits) (api.Client, func(), error) {
	g := d.Globals
	opts := api.Options{
		WorkspaceID:      workspaceID,
		UserAgentVersion: version.String(),
		RetryAfterCap:    g.RetryAfterCap,
	}
	limits, err := clientRateLimits(d, block)
	if err != nil {
		return nil, nil, err
	}
	opts.RateLimits = limits
	lists, err := newListReporter(d)
	if err != nil {
		return nil, nil, err
	}
	opts.OnList = lists.update
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if d.Getenv("TERRARIUM_LOG") == "debug" {
		w, closeLog, err := debugWriter(d)
		if err != nil {
			return nil, nil, err
		}
		if !d.hidden.hasRecorded() {
			recorded, err := recordedSensitive(ctx, d, dir)
			if err != nil {
				closeLog()
				return nil, nil, err
			}
			d.hidden.keepRecorded(recorded)
		}
		opts.DebugLog, opts.DebugHide = w, d.hidden.list
		closers = append(closers, closeLog)
	}
	switch {
	case g.Emulator:
		if g.APIURL != "" {
			return nil, nil, errors.New("--emulator and --api-url cannot be used together")
		}
		sd := stateDir(d, dir)
		// The data file lives in the state directory, which must be
		// terrarium's own before anything in it is read.
		warnings, err := state.CheckDir(sd)
		if err == nil {
			err = printDiagnostics(d, nil, warnings)
		}
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		data := filepath.Join(sd, emulatorDataFile)
		srv, closeEmu, err := startEmulator(d, data)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		closers = append(closers, closeEmu)
		escape.Fterm(d.IO.ErrOut, "terrarium: using the local emulator (data in %s), not the real API\n", data)
		opts.BaseURL, opts.APIKey = srv.URL, emulatorCredential
		abs, err := filepath.Abs(data)
		if err != nil {
			abs = data
		}
		opts.Origin = origin.Origin{Emulator: true, EmulatorData: abs}
	case g.APIURL != "":
		opts.BaseURL = g.APIURL
	default:
		opts.BaseURL = d.Getenv("ANTHROPIC_BASE_URL") // empty: the SDK's default
	}
	if !g.Emulator && opts.BaseURL != "" {
		if err := checkAPIURL(d, opts.BaseURL); err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	c, err := api.New(opts)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	return c, cleanup, nil
}

// checkAPIURL refuses an endpoint that is not an http(s) URL and warns when
// a credential would travel unencrypted to another machine.
func checkAPIURL(d *Deps, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's reason quotes the bytes it stopped at, which may be
		// a password's: only that it does not parse is said.
		return fmt.Errorf("API URL %q does not parse as a URL (from --api-url or ANTHROPIC_BASE_URL): percent-encode a reserved character in it, such as a %% in a password as %%25", origin.Redact(raw))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("API URL %q is not an http(s) URL (from --api-url or ANTHROPIC_BASE_URL)", origin.Redact(raw))
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		warn(d, "API credential sent unencrypted", fmt.Sprintf("%s is plain http to another machine; the API credential travels unencrypted. Use https.", origin.Redact(raw)))
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// emulatorHook is the test hook TERRARIUM_EMULATOR_FAULTS: faults and
// injections to apply, and options of the in-process emulator.
type emulatorHook struct {
	Faults         emulator.Faults      `json:"faults"`
	Inject         []emulator.Injection `json:"inject"`
	HostForm       string               `json:"host_form"`
	MaxPageSize    int                  `json:"max_page_size"`
	MetadataLimits bool                 `json:"metadata_limits"`
	RateLimits     emulator.RateLimits  `json:"rate_limits"`
	// RequestLog appends each request's log entry to this file as a JSON
	// line, so that a test can check pacing through what the emulator saw.
	RequestLog string `json:"request_log"`
}

// startEmulator starts the in-process emulator, and returns what stops it.
// TERRARIUM_EMULATOR_FAULTS (a test hook) may hold an emulatorHook as JSON.
func startEmulator(d *Deps, data string) (*emulator.Server, func(), error) {
	// The data file (and the state directory) appear with the first
	// change: a command refused before changing anything leaves none.
	opts := emulator.Options{DataFile: data, APIKey: emulatorCredential, CreateOnWrite: true}
	var hook emulatorHook
	if s := d.Getenv("TERRARIUM_EMULATOR_FAULTS"); s != "" {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&hook); err != nil {
			return nil, nil, fmt.Errorf("TERRARIUM_EMULATOR_FAULTS: %w", err)
		}
		opts.Faults, opts.HostForm, opts.MaxPageSize, opts.MetadataLimits = hook.Faults, hook.HostForm, hook.MaxPageSize, hook.MetadataLimits
		opts.RateLimits = hook.RateLimits
	}
	var logFile *os.File
	if hook.RequestLog != "" {
		f, err := safefile.OpenAppend(hook.RequestLog, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("TERRARIUM_EMULATOR_FAULTS: %w", err)
		}
		logFile = f
		var mu sync.Mutex
		enc := json.NewEncoder(f)
		opts.OnRequest = func(en emulator.LogEntry) {
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(en)
		}
	}
	closeLog := func() {
		if logFile != nil {
			_ = logFile.Close()
		}
	}
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		closeLog()
		return nil, nil, fmt.Errorf("--emulator: %w", err)
	}
	stop := func() { _ = srv.Close(); closeLog() }
	for _, in := range hook.Inject {
		if err := srv.Inject(in); err != nil {
			stop()
			return nil, nil, fmt.Errorf("TERRARIUM_EMULATOR_FAULTS: %w", err)
		}
	}
	return srv, stop, nil
}

// hiddenValues are the values the debug log writes as "(sensitive
// value)": those the loaded configuration derives from sensitive
// variables, and those the state log recorded at paths sensitive when
// they were recorded (recordedSensitive). Loading adds to them; the log reads them at every line, so
// a client made before the configuration was loaded hides them too. A
// command that lists environments while it loads the configuration (plan)
// calls expect first: a line logged meanwhile waits for the load. The
// state log's values are read once per command: from the log the command
// opened (sensitiveOf; a plan calls expectRecorded before it opens it, and
// lines wait for them too), or else by newClient (recordedSensitive).
type hiddenValues struct {
	mu      sync.Mutex
	values  []string
	pending chan struct{} // closed by the next add
	// recorded is set once the state log's values are known or awaited;
	// awaited is closed when they are known.
	recorded bool
	awaited  chan struct{}
}

// hasRecorded reports whether the state log's values are known, or will
// be added by the command (expectRecorded).
func (h *hiddenValues) hasRecorded() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.recorded
}

// expectRecorded says the command reads the state log's values itself
// (keepRecorded): lines wait for them, also when it read them before (a
// plan made again under the lock reads the log as it is now).
func (h *hiddenValues) expectRecorded() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recorded = true
	if h.awaited == nil {
		h.awaited = make(chan struct{})
	}
}

// keepRecorded adds the state log's values and releases the lines
// waiting for them; calls after the first add only values.
func (h *hiddenValues) keepRecorded(values []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.values = append(h.values, values...)
	h.recorded = true
	if h.awaited != nil {
		close(h.awaited)
		h.awaited = nil
	}
}

// expect makes list wait for the next add.
func (h *hiddenValues) expect() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pending == nil {
		h.pending = make(chan struct{})
	}
}

// add adds values, and releases the lines waiting for them.
func (h *hiddenValues) add(values []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.values = append(h.values, values...)
	if h.pending != nil {
		close(h.pending)
		h.pending = nil
	}
}

// recordedSensitive returns the values the state log of the
// configuration in dir recorded at sensitive paths
// (state.RecordedSensitiveValues): the API may still hold and answer
// them after the configuration changed or dropped them. No configuration
// or no log is none; a log that cannot be read is an error, since the
// debug log could not hide what it holds.
func recordedSensitive(ctx context.Context, d *Deps, dir string) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	settings, _, diags := schema.LoadSettings(dir)
	if diags.HasErrors() {
		return nil, nil // the command reports the configuration's errors
	}
	spec := backend.FromSettings(settings, stateDir(d, dir), d.Getenv)
	spec.Dir = dir
	opts := state.Options{ReadOnly: true}
	if spec.Type == backend.Postgres || spec.Type == backend.Git || settings.Range != (schema.Settings{}).Range {
		opts.Stack = settings.Stack.Value
	}
	l, _, err := backend.Open(ctx, spec, opts)
	var empty *state.NoRecordsError
	if errors.Is(err, state.ErrNoState) || errors.As(err, &empty) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("TERRARIUM_LOG=debug: the state log could not be read for the sensitive values it recorded, which the debug log must hide: %w; fix the state log or unset TERRARIUM_LOG", err)
	}
	defer l.Close()
	return sensitiveIn(ctx, l)
}

// sensitiveIn is state.RecordedSensitiveValues of l, each value once.
func sensitiveIn(ctx context.Context, l state.Log) ([]string, error) {
	values, err := state.RecordedSensitiveValues(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("TERRARIUM_LOG=debug: reading the state log's sensitive values: %w; fix the state log or unset TERRARIUM_LOG", err)
	}
	slices.Sort(values) // each line is searched for each value once
	return slices.Compact(values), nil
}

// sensitiveOf makes the debug log (TERRARIUM_LOG=debug) hide the values l,
// the state log the command opened (nil: none), recorded as sensitive,
// so that newClient need not open it a second time. Without the debug log
// it does nothing. When l cannot be read the lines waiting for its values
// stay waiting: the command fails, and stops its requests before it lets
// them go (keepRecorded(nil)).
func sensitiveOf(ctx context.Context, d *Deps, l state.Log) error {
	if d.Getenv("TERRARIUM_LOG") != "debug" {
		return nil
	}
	var values []string
	if l != nil {
		var err error
		if values, err = sensitiveIn(ctx, l); err != nil {
			return err
		}
	}
	d.hidden.keepRecorded(values)
	return nil
}

func (h *hiddenValues) list() []string {
	h.mu.Lock()
	pending, awaited := h.pending, h.awaited
	h.mu.Unlock()
	if pending != nil {
		<-pending
	}
	if awaited != nil {
		<-awaited
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.values)
}

// debugWriter opens the debug log: $TERRARIUM_LOG_PATH (0600, appended) or stderr.
func debugWriter(d *Deps) (io.Writer, func(), error) {
	path := d.Getenv("TERRARIUM_LOG_PATH")
	if path == "" {
		return d.IO.ErrOut, func() {}, nil
	}
	f, err := safefile.OpenAppend(path, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("TERRARIUM_LOG_PATH: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}
