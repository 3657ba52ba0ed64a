package cli_test

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/plan"
	"terrarium/schema"
)

func init() {
	planScriptCmds["planedit"] = planedit
	planScriptCmds["freeport"] = freeport
	planScriptCmds["waitport"] = waitport
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
