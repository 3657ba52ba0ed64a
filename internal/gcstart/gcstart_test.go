package gcstart

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

// A user's GOGC or GOMEMLIMIT is theirs: Adjust leaves the GC alone.
func TestAdjustRespectsUserSettings(t *testing.T) {
	for _, kv := range []map[string]string{{"GOGC": "50"}, {"GOMEMLIMIT": "1GiB"}, {"GOGC": "off"}} {
		before := debug.SetGCPercent(100)
		if Adjust(DefaultGoal, env(kv)) {
			t.Errorf("Adjust with %v changed the GC percent", kv)
		}
		if got := debug.SetGCPercent(before); got != 100 {
			t.Errorf("Adjust with %v: GC percent %d, want it untouched (100)", kv, got)
		}
	}
}

// Once the heap has grown past the starting goal, GOGC=100 applies again.
func TestAdjustRestoresDefaultPastGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	if !Adjust(64<<20, env(nil)) {
		t.Skip("the runtime's heap goal is already past 64 MB")
	}
	if p := gcPercent(); p <= 100 {
		t.Fatalf("after Adjust the GC percent is %d, want it raised", p)
	}
	keep := make([][]byte, 0, 64)
	for range 48 {
		keep = append(keep, make([]byte, 1<<20))
	}
	// The finalizer that restores the percent runs after a collection, on
	// the finalizer goroutine: collect until it has run.
	p := 0
	for range 100 {
		runtime.GC()
		runtime.Gosched()
		if p = gcPercent(); p == 100 {
			break
		}
	}
	runtime.KeepAlive(keep)
	if p != 100 {
		t.Errorf("with 48 MB live of a 64 MB starting goal, the GC percent is %d, want 100", p)
	}
}

// gcPercent reads the GC percent without setting it (the finalizer may set
// it concurrently).
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

func TestPercentFor(t *testing.T) {
	for _, c := range []struct {
		goal, base uint64
		want       int
	}{
		{64 << 20, 4 << 20, 1600},
		{4 << 20, 4 << 20, 100},
		{1 << 20, 4 << 20, 100}, // never below the default
		{1 << 40, 1, 1 << 20},   // capped
		{64 << 20, 0, 1 << 20},
	} {
		if got := percentFor(c.goal, c.base); got != c.want {
			t.Errorf("percentFor(%d, %d) = %d, want %d", c.goal, c.base, got, c.want)
		}
	}
}

// A user's GOGC or GOMEMLIMIT is theirs: Limit sets no memory limit.
func TestLimitRespectsUserSettings(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	for _, kv := range []map[string]string{{"GOGC": "50"}, {"GOMEMLIMIT": "1GiB"}, {"GOGC": "off"}} {
		if Limit(DefaultLimit, env(kv)) {
			t.Errorf("Limit with %v set a memory limit", kv)
		}
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("Limit with %v: memory limit %d, want it untouched (%d)", kv, got, before)
		}
	}
}

// The limit holds while the live heap is well under it, and is dropped
// once a collection finds more than two thirds of it live.
func TestLimitDroppedWhenLiveNearIt(t *testing.T) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Skip("a memory limit is already set (GOMEMLIMIT)")
	}
	defer debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	const limit = 64 << 20
	if !Limit(limit, env(nil)) {
		t.Fatal("Limit with no GOGC or GOMEMLIMIT set no limit")
	}
	if Limit(limit, env(nil)) {
		t.Error("a second Limit replaced the first")
	}
	runtime.GC()
	runtime.Gosched()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Fatalf("with a small live heap the memory limit is %d, want %d", got, limit)
	}
	keep := make([][]byte, 0, 64)
	for range 60 {
		keep = append(keep, make([]byte, 1<<20))
	}
	got := int64(0)
	for range 100 {
		runtime.GC()
		runtime.Gosched()
		if got = debug.SetMemoryLimit(-1); got == math.MaxInt64 {
			break
		}
	}
	runtime.KeepAlive(keep)
	if got != math.MaxInt64 {
		t.Errorf("with 60 MB live of a 64 MB limit, the memory limit is %d, want none", got)
	}
}

// heapGoal is the runtime's current heap goal in bytes.
func heapGoal() uint64 {
	s := []metrics.Sample{{Name: metricGoal}}
	metrics.Read(s)
	return readUint(s[0])
}

// Release lowers the starting goal for what follows, at once and after
// every collection: an apply's heap does not fill up to the starting goal
// again.
func TestReleaseLowersTheGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer target.Store(0)
	live := make([][]byte, 0, 4) // an apply's few live megabytes
	for range 4 {
		live = append(live, make([]byte, 1<<20))
	}
	runtime.GC()
	if !Adjust(64<<20, env(nil)) {
		t.Skip("the runtime's heap goal is already past 64 MB")
	}
	runtime.GC()
	runtime.Gosched()
	if g := heapGoal(); g < 48<<20 {
		t.Fatalf("after Adjust the heap goal is %d MB, want about 64", g>>20)
	}
	Release(16 << 20)
	if g := heapGoal(); g > 20<<20 {
		t.Errorf("right after Release(16 MB) the heap goal is %d MB", g>>20)
	}
	g := heapGoal()
	for range 5 {
		runtime.GC()
		runtime.Gosched()
		if g = max(g, heapGoal()); g > 20<<20 {
			break
		}
	}
	if g > 20<<20 {
		t.Errorf("after collections the heap goal is back at %d MB, want it kept near 16", g>>20)
	}
	runtime.KeepAlive(live)
	Release(32 << 20) // a higher goal is not a release
	if target.Load() != 16<<20 {
		t.Errorf("Release raised the goal to %d", target.Load())
	}
}

// Without Adjust (a user's GOGC or GOMEMLIMIT), Release changes nothing
// and collects nothing.
func TestReleaseRespectsUserSettings(t *testing.T) {
	target.Store(0)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.NumGC
	Release(ApplyGoal)
	runtime.ReadMemStats(&ms)
	if ms.NumGC != before || target.Load() != 0 {
		t.Errorf("Release without Adjust collected (%d collections, %d before) or set a goal (%d)", ms.NumGC, before, target.Load())
	}
}
