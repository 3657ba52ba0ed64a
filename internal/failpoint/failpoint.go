// Package failpoint lets tests crash terrarium at chosen points of its
// write path, to prove that the next run recovers. Failpoints are armed only
// through the environment, read once at start:
//
//	TERRARIUM_FAILPOINTS=state-after-fsync=exit@3,apply-after-response=panic
//
// arms each NAME with an action (exit: os.Exit(FailExitCode) at once, with no
// deferred function run, as a crash would; panic: an ordinary panic; enospc:
// Err returns "no space left on device" from that hit on, as a full disk
// would) and an optional @N to act on the N-th hit (default: the first).
// When the variable is unset, Hit and Err are one load of a package boolean.
package failpoint

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Names of the failpoints compiled into terrarium.
const (
	// StateBeforeFsync is after a state log batch was written, before fsync.
	StateBeforeFsync = "state-before-fsync"
	// StateAfterFsync is after a state log batch was written and synced,
	// before the appenders are told.
	StateAfterFsync = "state-after-fsync"
	// ApplyAfterResponse is after the API answered a mutation, before the
	// result record was logged.
	ApplyAfterResponse = "apply-after-response"
	// StateWrite is before a state log batch is written; armed with the
	// enospc action, the write fails as on a full disk (see Err).
	StateWrite = "state-write"
)

// FailExitCode is the exit status of the exit action.
const FailExitCode = 86

// EnvVar arms failpoints.
const EnvVar = "TERRARIUM_FAILPOINTS"

// armed is false unless EnvVar was set at start: the only cost of Hit then.
var armed bool

var (
	mu     sync.Mutex
	points map[string]*point
)

type point struct {
	action string
	at     int // act on this hit (1-based)
	hits   int
}

func init() {
	if err := Arm(os.Getenv(EnvVar)); err != nil {
		fmt.Fprintf(os.Stderr, "terrarium: %s: %v\n", EnvVar, err)
		os.Exit(1)
	}
}

// Arm replaces the armed failpoints with spec (the EnvVar syntax); an empty
// spec disarms all. Tests of this package use it; terrarium reads EnvVar.
func Arm(spec string) error {
	mu.Lock()
	defer mu.Unlock()
	points = map[string]*point{}
	armed = false
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	for _, item := range strings.Split(spec, ",") {
		name, act, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || name == "" {
			return fmt.Errorf("%q: want NAME=ACTION[@N]", item)
		}
		p := &point{at: 1}
		act, n, hasN := strings.Cut(act, "@")
		if hasN {
			v, err := strconv.Atoi(n)
			if err != nil || v < 1 {
				return fmt.Errorf("%q: @N must be a positive number", item)
			}
			p.at = v
		}
		if act != "exit" && act != "panic" && act != "enospc" {
			return fmt.Errorf("%q: the action must be exit, panic or enospc", item)
		}
		p.action = act
		points[name] = p
	}
	armed = true
	return nil
}

// Hit marks that execution reached the failpoint name, and crashes the
// process there if it is armed for this hit.
func Hit(name string) {
	if !armed {
		return
	}
	hit(name)
}

func hit(name string) {
	mu.Lock()
	p := points[name]
	act := ""
	if p != nil {
		p.hits++
		if p.hits == p.at {
			act = p.action
		}
	}
	mu.Unlock()
	switch act {
	case "exit":
		fmt.Fprintf(os.Stderr, "terrarium: failpoint %s: exit\n", name)
		os.Exit(FailExitCode)
	case "panic":
		panic("failpoint " + name)
	}
}

// Err marks that execution reached the failpoint name, as Hit does, and
// returns syscall.ENOSPC when it is armed with the enospc action and this
// is its N-th hit or a later one (a full disk stays full); nil otherwise.
func Err(name string) error {
	if !armed {
		return nil
	}
	mu.Lock()
	p := points[name]
	full := false
	if p != nil && p.action == "enospc" {
		p.hits++
		full = p.hits >= p.at
	}
	mu.Unlock()
	if full {
		return syscall.ENOSPC
	}
	hit(name)
	return nil
}
