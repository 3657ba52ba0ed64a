// Package gcstart gives a short-lived process a starting heap goal, as the
// Go compiler does (cmd/compile/internal/base.AdjustStartingHeap): the
// runtime's first heap goal is 4 MB, so a command that builds tens of
// megabytes of syntax trees and values collects garbage a dozen times on
// its way up, rescanning the same live trees each time. Until the heap
// first reaches the starting goal, the GC percent is raised so that the
// goal is that size; from the first collection at or past it, GOGC=100
// (the runtime default) applies again. Peak heap is then about
// max(goal, what GOGC=100 gives).
//
// It also gives the process a soft memory limit (runtime/debug.SetMemoryLimit)
// as a backstop for GOGC=100's doubling: a plan whose live heap peaks at
// 80 MB would otherwise reach 160 MB of heap before collecting. The limit is
// dropped once the live heap alone comes near it, so that a larger workload
// pays GOGC=100's collections rather than collecting without end.
package gcstart

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// DefaultGoal is terrarium's starting heap goal in bytes: a 1,000-environment
// validate or lint (about 175 MB allocated, 60 MB live) collects twice
// instead of a dozen times, and it stays far below the 150 MB that the
// largest plan is allowed at its peak.
const DefaultGoal = 64 << 20

// DefaultLimit is terrarium's soft memory limit in bytes (all the memory
// the Go runtime holds: heap, stacks and its own metadata): with it the
// largest plan the benchmarks hold (10,000 live environments, 5,000
// managed; a live heap of about 85 MB at its peak) stays under 150 MB of
// resident memory, while a validate or lint of 1,000 environments (60 MB
// live) does not collect more often than the starting goal lets it.
const DefaultLimit = 120 << 20

const (
	metricGoal = "/gc/heap/goal:bytes"
	metricLive = "/gc/heap/live:bytes"
)

// Adjust raises the GC percent so that the first heap goal is goal bytes,
// and restores GOGC=100 once a collection finds the heap at or past it.
// It does nothing when getenv reports GOGC or GOMEMLIMIT set (the user
// chose), or when the runtime's goal is already that large. It reports
// whether it changed the GC percent. Call it once, first thing in main.
func Adjust(goal uint64, getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	sample := []metrics.Sample{{Name: metricGoal}, {Name: metricLive}}
	metrics.Read(sample)
	current := readUint(sample[0])
	if current == 0 || current >= goal {
		return false
	}
	debug.SetGCPercent(percentFor(goal, current))
	target.Store(goal)
	forEachGC(func() bool {
		goal := target.Load()
		metrics.Read(sample)
		live := readUint(sample[1])
		if live == 0 || 2*live >= goal {
			debug.SetGCPercent(100)
			return false
		}
		// Still well under the goal: aim the next goal at it again
		// (goal = live × (1 + percent/100)).
		debug.SetGCPercent(percentFor(goal-live, live))
		return true
	})
	return true
}

// target is the heap goal Adjust aims at after each collection: its goal,
// then Release's. Zero when Adjust changed nothing.
var target atomic.Uint64

// ApplyGoal is the heap goal Release sets for an apply's calls: an apply of
// 1,000 creates allocates about 55 MB while it holds 3 to 6 MB live, so it
// collects two or three times, each for a few milliseconds of CPU.
const ApplyGoal = 24 << 20

// Release lowers the starting goal to goal once the command's large,
// short-lived data (configuration syntax trees and values, a plan's text)
// is garbage and what follows allocates little but lasts (an apply's
// seconds of API calls). Otherwise the heap would fill up to the starting
// goal again before its next collection, and the process would exit
// holding it: the kernel takes about a millisecond per 10 MB to tear a
// process's memory down (some 10 ms for the 90 MB an apply of 1,000
// creates held), and the command's caller waits for that. Under the lower
// goal the runtime's background scavenger returns the rest to the OS
// while the apply waits on the API. It does nothing unless Adjust raised
// the GC percent (a user's GOGC or GOMEMLIMIT is theirs), and nothing when
// the goal is lower already.
func Release(goal uint64) {
	for {
		cur := target.Load()
		if cur == 0 || goal >= cur {
			return
		}
		if target.CompareAndSwap(cur, goal) {
			break
		}
	}
	// Aim at goal now, from the heap live at the last collection (the
	// next one aims from its own): the heap does not grow past it again,
	// and the runtime's background scavenger returns what lies beyond it
	// to the OS, a little at a time, while the apply waits on the API.
	sample := []metrics.Sample{{Name: metricLive}}
	metrics.Read(sample)
	if live := readUint(sample[0]); live > 0 && 2*live < goal {
		debug.SetGCPercent(percentFor(goal-live, live))
	}
}

// Limit sets a soft memory limit of limit bytes, and removes it (sets
// math.MaxInt64, the runtime's default) once a collection finds more than
// two thirds of it live: past that point the limit would make the GC run
// several times as often as GOGC=100 (the runtime caps the GC at half the
// CPU then), for little memory it could give back. Seven eighths, tried
// first, let a 10,000-environment validate (80 to 105 MB live for most of
// its run) collect after every few megabytes: 1.77 s against 1.20 s
// without the limit; at two thirds it takes 1.21–1.27 s, and the largest
// plan the benchmarks hold (about 73 MB live at its peak) keeps it. It does nothing when getenv
// reports GOGC or GOMEMLIMIT set (the user chose) or when a limit is
// already set. It reports whether it set the limit. Call it once, first
// thing in main.
func Limit(limit uint64, getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	if limit == 0 || limit > math.MaxInt64 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return false
	}
	debug.SetMemoryLimit(int64(limit))
	sample := []metrics.Sample{{Name: metricLive}}
	forEachGC(func() bool {
		metrics.Read(sample)
		if live := readUint(sample[0]); live > limit/3*2 {
			debug.SetMemoryLimit(math.MaxInt64)
			return false
		}
		return true
	})
	return true
}

// percentFor is 100 × goal / base, at least 100: the GC percent that turns
// a heap goal of base bytes at GOGC=100 into one of goal bytes.
func percentFor(goal, base uint64) int {
	p := 100 * goal / max(base, 1)
	return int(min(max(p, 100), 1<<20))
}

func readUint(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}

// forEachGC calls fn after each collection (from the finalizer goroutine)
// while it returns true: a finalizer on an unreachable object runs after
// the cycle that found it unreachable, and setting it again re-arms it.
func forEachGC(fn func() bool) {
	type sentinel [32]byte // large enough to escape the tiny allocator
	var finalizer func(*sentinel)
	finalizer = func(p *sentinel) {
		if fn() {
			runtime.SetFinalizer(p, finalizer)
		}
	}
	runtime.SetFinalizer(new(sentinel), finalizer)
}
