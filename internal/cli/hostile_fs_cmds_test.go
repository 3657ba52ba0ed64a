//go:build unix

package cli_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// The hostile-filesystem scripts' commands.
func init() {
	planScriptCmds["victim"] = victim
	planScriptCmds["mkfifo"] = mkfifo
	planScriptCmds["perm"] = perm
}

// victim guards a file that a command must not touch:
//
//	victim save FILE    remember FILE's bytes and modification time
//	victim check FILE   fail unless both are as remembered
func victim(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: victim save|check FILE")
	}
	path := ts.MkAbs(args[1])
	mark := filepath.Join(ts.Getenv("WORK"), fmt.Sprintf(".victim-%x", sha256.Sum256([]byte(path))))
	fi, err := os.Lstat(path)
	ts.Check(err)
	b, err := os.ReadFile(path)
	ts.Check(err)
	now := fmt.Sprintf("%x %d %d", sha256.Sum256(b), len(b), fi.ModTime().UnixNano())
	switch args[0] {
	case "save":
		ts.Check(os.WriteFile(mark, []byte(now), 0o600))
	case "check":
		was, err := os.ReadFile(mark)
		ts.Check(err)
		if string(was) != now {
			ts.Fatalf("victim %s changed: was %s, now %s", args[1], was, now)
		}
	default:
		ts.Fatalf("usage: victim save|check FILE")
	}
}

// mkfifo PATH makes a named pipe.
func mkfifo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mkfifo PATH")
	}
	ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o644))
}

// perm MODE PATH checks a file's permission bits (octal, e.g. 0600).
func perm(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: perm MODE PATH")
	}
	fi, err := os.Lstat(ts.MkAbs(args[1]))
	ts.Check(err)
	if got := fmt.Sprintf("%04o", fi.Mode().Perm()); got != args[0] {
		ts.Fatalf("%s has mode %s, want %s", args[1], got, args[0])
	}
}
