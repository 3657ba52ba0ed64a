package cli_test

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/plan"
	"terrarium/schema"
)

func init() {
	planScriptCmds["planedit"] = planedit
	planScriptCmds["freeport"] = freeport
	planScriptCmds["waitport"] = waitport
	planScriptCmds["runhint"] = runhint
}

// planedit edits a saved plan as an attacker (or an accident) would:
//
//	planedit FILE field   widens the first change's after-state networking
//	planedit FILE add     appends a change deleting an environment of the stack
//	planedit FILE remove  drops the last change
//	planedit FILE damage  changes one byte inside the file
//
// With -redigest the edit also recomputes the file's digest (an attacker
// who knows the format); without it the old digest stays.
func planedit(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("planedit does not support !")
	}
	redigest := len(args) == 3 && args[2] == "-redigest"
	if len(args) < 2 || (len(args) == 3 && !redigest) || len(args) > 3 {
		ts.Fatalf("usage: planedit FILE field|add|remove|damage [-redigest]")
	}
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	ts.Check(err)
	if args[1] == "damage" {
		i := bytes.Index(b, []byte(`"reason": "`))
		if i < 0 {
			ts.Fatalf("no reason to damage")
		}
		b[i+len(`"reason": "`)] ^= 0x01
		ts.Check(os.WriteFile(path, b, 0o600))
		return
	}
	var p plan.Plan
	ts.Check(json.Unmarshal(b, &p))
	switch args[1] {
	case "field":
		c := &p.Changes[0]
		c.After.Config.Networking = &schema.Networking{Type: schema.NetworkingUnrestricted, AllowedHosts: []string{"https://evil.example"}}
	case "add":
		c := p.Changes[0]
		c.Address, c.Action, c.Reason, c.After, c.Fields = "environment.extra", plan.ActionDelete, "not in the configuration", nil, nil
		p.Changes = append(p.Changes, c)
	case "remove":
		p.Changes = p.Changes[:len(p.Changes)-1]
	default:
		ts.Fatalf("unknown edit %q", args[1])
	}
	if redigest {
		ts.Check(plan.Save(path, &p))
		return
	}
	out, err := json.MarshalIndent(&p, "", "  ")
	ts.Check(err)
	ts.Check(os.WriteFile(path, append(out, '\n'), 0o600))
}

// freeport VAR sets VAR to a loopback address with a port nobody listens on.
func freeport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	addr := l.Addr().String()
	ts.Check(l.Close())
	ts.Setenv(args[0], addr)
}

// waitport ADDR waits (up to 10s) until something accepts connections on ADDR.
func waitport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitport ADDR")
	}
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", args[0]); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("nothing listens on %s", args[0])
}

// runhint FILE runs, as a user pasting it would, the command printed after
// "To apply exactly this plan, run:" in FILE (words split as a POSIX shell
// splits plain and single-quoted words). It fails when the command fails.
func runhint(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: runhint FILE")
	}
	lines := strings.Split(ts.ReadFile(args[0]), "\n")
	var line string
	for i, l := range lines {
		if strings.HasSuffix(l, "To apply exactly this plan, run:") && i+1 < len(lines) {
			line = strings.TrimSpace(lines[i+1])
		}
	}
	words := shellWords(ts, line)
	if len(words) == 0 || words[0] != "terrarium" {
		ts.Fatalf("no terrarium command after the hint in %s", args[0])
	}
	err := ts.Exec(words[0], words[1:]...)
	if (err != nil) != neg {
		ts.Fatalf("runhint %q: %v", line, err)
	}
}

func shellWords(ts *testscript.TestScript, s string) []string {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune("\"$`\\|&;<>(){}*?[]~#", r):
			ts.Fatalf("the hint %q needs a shell feature this test does not emulate (%q)", s, r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}
