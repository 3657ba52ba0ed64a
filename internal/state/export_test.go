package state

import "testing"

// OnLockWaiting makes every waiting Lock of this test binary call f each
// time it finds the lock held and is about to wait, until t ends. Tests
// that use it must not run in parallel.
func OnLockWaiting(t testing.TB, f func()) {
	lockWaiting = f
	t.Cleanup(func() { lockWaiting = nil })
}

// TryOSLock is tryOSLock: it takes dir's OS lock without writing holder
// info, as a run does for a moment before it writes it.
func TryOSLock(dir string) (func(), error) { return tryOSLock(dir) }
