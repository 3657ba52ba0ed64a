//go:build unix

package safefile

import "syscall"

// openFlags keep an open from waiting on a FIFO or following a link
// swapped in after the checks.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOFOLLOW
