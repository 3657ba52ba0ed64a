//go:build unix

package state

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"terrarium/internal/safefile"
)

// tryOSLock takes the OS lock of dir without waiting. It returns a release
// func, or nil when another open file (in any process) holds the lock. The
// kernel drops the lock when its holder dies, which is what makes a lock
// left by a crashed run detectable.
func tryOSLock(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, OSLockFile), os.O_RDWR|os.O_CREATE|safefile.OpenFlags, filePerm)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, nil
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: f.Name(), Err: err}
	}
	return func() { f.Close() }, nil
}

// processGone reports whether no process with pid exists on this host.
func processGone(pid int) bool {
	if pid <= 0 {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
