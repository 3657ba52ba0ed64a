//go:build !unix

package safefile

// OpenFlags are added to every open of a file that is checked first; this
// system has no O_NOFOLLOW or O_NONBLOCK.
const OpenFlags = 0

// appendFlags are added to OpenAppend's open (none on this system).
const appendFlags = 0
