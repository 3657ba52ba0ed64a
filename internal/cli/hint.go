package cli

import (
	"fmt"
	"strings"
)

// commandLine is the terrarium command that runs sub with args the way
// this process was told to: with the flags that chose its directory
// (--chdir, --state-dir) and its API (--emulator, --api-url), so that a
// printed hint, run as printed, goes where this run went. Every word is
// quoted for a POSIX shell.
func commandLine(d *Deps, sub string, args ...string) string {
	g := d.Globals
	words := []string{"terrarium"}
	if g.Chdir != "" {
		words = append(words, "--chdir", shellQuote(g.Chdir))
	}
	words = append(words, strings.Fields(sub)...)
	if g.StateDir != "" {
		words = append(words, "--state-dir", shellQuote(g.StateDir))
	}
	switch {
	case g.Emulator:
		words = append(words, "--emulator")
	case g.APIURL != "":
		words = append(words, "--api-url", shellQuote(g.APIURL))
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			words = append(words, "--") // a file named like a flag stays a file
			break
		}
	}
	for _, a := range args {
		words = append(words, shellQuote(a))
	}
	return strings.Join(words, " ")
}

// shellQuote quotes s for a POSIX shell: as is when it holds only safe
// characters, in single quotes otherwise, and as $'...' with \xNN escapes
// when it holds control characters (which must never reach a terminal raw).
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-") == "" {
		return s
	}
	control := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			control = true
		}
	}
	if !control {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for _, c := range []byte(s) {
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
