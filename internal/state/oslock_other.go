//go:build !unix

package state

import "errors"

func tryOSLock(dir string) (func(), error) {
	return nil, errors.New("state locking needs a Unix system")
}

func processGone(pid int) bool { return false }
