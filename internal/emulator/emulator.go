// Package emulator is a local stand-in of the Managed Agents environments
// API: an http.Handler over an in-memory store, optionally persisted to a
// data file, with the endpoints, JSON shapes, validation, paging and error
// shapes of the real API, plus injectable faults (latency, 5xx/529, 429 with
// Retry-After, drop after commit) and a request log that tests read back.
//
// Choices the API does not document are marked "assumed" and are options
// where a test might want the other behaviour.
package emulator

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Options configure an Emulator. The zero value is a usable in-memory
// emulator that accepts any credential.
type Options struct {
	// APIKey, when set, must match x-api-key (or the Bearer token).
	// Without it any non-empty credential is accepted.
	APIKey string
	// MaxPageSize is the largest list limit (default 1000, the documented
	// maximum of List Environments).
	MaxPageSize int
	// DefaultPageSize is the limit when the request gives none (default 20,
	// as documented).
	DefaultPageSize int
	// DataFile, when set, is loaded at start and rewritten atomically after
	// every change. It must be a regular file, not a symbolic link (the
	// rewrite would replace the link).
	DataFile string
	// CreateOnWrite delays creating a missing DataFile (and its directory,
	// 0700) until the first change; by default it is written at start, so
	// that an unwritable path fails at once. The in-process emulator of a
	// command sets it: a command refused before it changes anything leaves
	// no file behind.
	CreateOnWrite bool
	// AllowArchivedNameReuse lets a new environment take the name of an
	// archived one. Default false: an archived environment still exists and
	// keeps its name (assumed).
	AllowArchivedNameReuse bool
	// AllowAccountScope accepts scope "account" (API organizations reject it).
	AllowAccountScope bool
	// MetadataLimits refuses metadata beyond the limits other Managed
	// Agents resources document (16 pairs, keys up to 64 characters,
	// values up to 512) with 400 invalid_metadata. Off by default: none is
	// documented for environments.
	MetadataLimits bool
	// HostForm is the form allowed_hosts entries must take: HostFormAny
	// (default), HostFormHTTPS or HostFormBare. The real API's rule is not
	// settled; this lets a team model either.
	HostForm string
	// DeleteNoContent answers a delete with 204 and no body, as one of
	// Anthropic's references describes, instead of the SDK's
	// {"id":...,"type":"environment_deleted"}.
	DeleteNoContent bool
	// RateLimits are enforced per class from the start (zero: none).
	RateLimits RateLimits
	// Faults are applied to API requests from the start.
	Faults Faults
	// Seed makes ids, request ids and fault draws reproducible; 0 seeds
	// from the clock.
	Seed uint64
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Sleep waits for injected latency (default: a timer that stops when the
	// request is cancelled). Tests may replace it.
	Sleep func(d time.Duration)
	// LogSize bounds the request log (default 10000 entries).
	LogSize int
	// OnRequest, when set, is called with each log entry as it is recorded
	// (the emulator command prints them with --verbose).
	OnRequest func(LogEntry)
}

// DefaultMaxPageSize is the largest list limit the API documents (API.md,
// "Endpoints": limit defaults to 20 and goes up to 1000).
const DefaultMaxPageSize = 1000

// Emulator serves the environments API. It is safe for concurrent use.
type Emulator struct {
	opts Options

	mu    sync.RWMutex
	store *store

	fmu        sync.Mutex // guards faults, injections and rng
	faults     Faults
	injections []Injection
	rng        *rand.Rand

	log requestLog

	limiter limiter
}

// New returns an emulator, loading opts.DataFile when it exists.
func New(opts Options) (*Emulator, error) {
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = DefaultMaxPageSize
	}
	if opts.DefaultPageSize <= 0 {
		opts.DefaultPageSize = min(20, opts.MaxPageSize)
	}
	switch opts.HostForm {
	case "":
		opts.HostForm = HostFormAny
	case HostFormAny, HostFormHTTPS, HostFormBare:
	default:
		return nil, fmt.Errorf("host form %q is not one of %s", opts.HostForm, strings.Join(HostForms, ", "))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LogSize <= 0 {
		opts.LogSize = 10000
	}
	seed := opts.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	if err := opts.Faults.validate(); err != nil {
		return nil, err
	}
	if err := opts.RateLimits.validate(); err != nil {
		return nil, err
	}
	e := &Emulator{
		opts:   opts,
		store:  newStore(opts.AllowArchivedNameReuse),
		faults: opts.Faults,
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		log:    requestLog{max: opts.LogSize, notify: opts.OnRequest},
	}
	e.limiter.limits = opts.RateLimits
	if opts.DataFile != "" {
		if err := e.load(); err != nil {
			return nil, fmt.Errorf("emulator data file %s: %w", opts.DataFile, err)
		}
	}
	return e, nil
}

// now returns the clock's time as the API renders it.
func (e *Emulator) now() string {
	return e.opts.Now().UTC().Format(time.RFC3339Nano)
}

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomID returns prefix followed by 24 base-62 characters.
func (e *Emulator) randomID(prefix string) string {
	e.fmu.Lock()
	defer e.fmu.Unlock()
	b := make([]byte, 24)
	for i := range b {
		b[i] = idAlphabet[e.rng.IntN(len(idAlphabet))]
	}
	return prefix + string(b)
}

// Len returns how many environments are stored, archived ones included.
func (e *Emulator) Len() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.store.all)
}

// Environments returns a copy of every stored environment in list order.
func (e *Emulator) Environments() []Environment {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]Environment, len(e.store.all))
	for i, r := range e.store.all {
		out[i] = r.Env.clone()
	}
	return out
}

// SetInUse marks an environment as used (or no longer used) by a session;
// delete is refused while it is in use.
func (e *Emulator) SetInUse(id string, inUse bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, f := e.store.find(id)
	if f != nil {
		return f
	}
	r.InUse = inUse
	return e.persist()
}

// Reset forgets every environment.
func (e *Emulator) Reset() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store = newStore(e.opts.AllowArchivedNameReuse)
	return e.persist()
}
