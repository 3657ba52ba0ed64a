//go:build unix

package state

import "syscall"

// Open flags for the state directory's files: never through a symbolic
// link, never waiting on a FIFO.
const (
	noFollow = syscall.O_NOFOLLOW
	nonBlock = syscall.O_NONBLOCK
)
