//go:build unix

package safefile

import "syscall"

// OpenFlags are added to every open of a file that is checked first: the
// open neither follows a symbolic link swapped in after the check nor
// waits on a FIFO for a writer.
const OpenFlags = syscall.O_NONBLOCK | syscall.O_NOFOLLOW

// appendFlags are added to OpenAppend's open: a FIFO without a reader
// fails it (ENXIO) rather than blocking it.
const appendFlags = syscall.O_NONBLOCK
