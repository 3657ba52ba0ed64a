package cli_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/api"
	"terrarium/internal/emulator"
	"terrarium/schema"
)

// planScriptCmds are testscript commands for the plan and apply scripts.
var planScriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"envctl":   envctl,
	"exitcode": exitcode,
	"waitfor":  waitfor,
}

// waitfor FILE [REGEXP] waits up to 20s until FILE exists (and matches).
func waitfor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfor FILE [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 2 {
		re = regexp.MustCompile(args[1])
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(ts.MkAbs(args[0]))
		if err == nil && (re == nil || re.Match(b)) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("waitfor %s: timed out", strings.Join(args, " "))
}

// exitcode N PROGRAM ARGS... runs a program and checks its exit status.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROGRAM [ARGS...]")
	}
	err := ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	if want := args[0]; fmt.Sprint(got) != want {
		ts.Fatalf("exit status %d, want %s", got, want)
	}
}

// envctl changes the emulator's environments behind terrarium's back,
// through the API client over the official SDK:
//
//	envctl list                        name, archived flag and owner per line
//	envctl create NAME                 an unmanaged cloud environment
//	envctl describe NAME TEXT          set the description
//	envctl addhost NAME HOST           add an allowed host (limited networking)
//	envctl archive NAME
//	envctl id NAME                     print the id
//	envctl unsetmeta NAME KEY          delete a metadata key
//	envctl setmeta NAME KEY VALUE      set a metadata key
//
// describe and setmeta read their text as the inside of a Go string
// literal, so that a script can write control characters ("\u001b").
// goString reads s as the inside of a Go string literal.
func goString(ts *testscript.TestScript, s string) string {
	u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	ts.Check(err)
	return u
}

func envctl(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("envctl does not support !")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: envctl list|create|describe|addhost|archive|id ...")
	}
	const key = "envctl-key"
	ts.Check(os.MkdirAll(ts.MkAbs(".terrarium"), 0o700))
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{DataFile: ts.MkAbs(".terrarium/emulator.json"), APIKey: key})
	ts.Check(err)
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL, APIKey: key, RateLimits: &api.RateLimits{}})
	ts.Check(err)
	ctx := context.Background()
	all, err := c.List(ctx, api.ListOptions{IncludeArchived: true})
	ts.Check(err)
	find := func(name string) schema.LiveEnv {
		for _, e := range all {
			if e.Name == name && !e.Archived() {
				return e
			}
		}
		ts.Fatalf("no live environment named %q", name)
		return schema.LiveEnv{}
	}
	switch args[0] {
	case "list":
		for _, e := range all {
			fmt.Fprintf(ts.Stdout(), "%s archived=%v owner=%s\n", e.Name, e.Archived(), e.Metadata[schema.MetaAddress])
		}
	case "create":
		_, err := c.Create(ctx, schema.EnvSpec{Name: args[1], Metadata: map[string]string{"owner": "someone-else"},
			Config: schema.EnvConfig{Type: schema.ConfigCloud, Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{}}}})
		ts.Check(err)
	case "describe":
		e := find(args[1])
		d := goString(ts, strings.Join(args[2:], " "))
		e.Description = &d
		_, err := c.Update(ctx, e.ID, api.Update{Spec: e.EnvSpec})
		ts.Check(err)
	case "addhost":
		e := find(args[1])
		e.Config.Networking.AllowedHosts = append(e.Config.Networking.AllowedHosts, args[2])
		_, err := c.Update(ctx, e.ID, api.Update{Spec: e.EnvSpec})
		ts.Check(err)
	case "archive":
		_, err := c.Archive(ctx, find(args[1]).ID)
		ts.Check(err)
	case "id":
		fmt.Fprintln(ts.Stdout(), find(args[1]).ID)
	case "setmeta":
		e := find(args[1])
		e.Metadata[goString(ts, args[2])] = goString(ts, args[3])
		_, err := c.Update(ctx, e.ID, api.Update{Spec: e.EnvSpec})
		ts.Check(err)
	case "unsetmeta":
		e := find(args[1])
		delete(e.Metadata, args[2])
		_, err := c.Update(ctx, e.ID, api.Update{Spec: e.EnvSpec, RemoveMetadata: []string{args[2]}})
		ts.Check(err)
	default:
		ts.Fatalf("envctl: unknown subcommand %q", args[0])
	}
}
