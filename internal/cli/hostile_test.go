package cli_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"testing"
	"time"

	"terrarium/internal/cli"
	"terrarium/internal/iostreams"
	"terrarium/schema"
)

// Bounds that only a blow-up crosses: the test is not a benchmark.
const (
	hostileTimeout = 20 * time.Second
	hostileHeap    = 1 << 30
)

// hostileDeadline is hostileTimeout, five times longer under the race
// detector, which slows evaluation about tenfold: a shared CI machine must
// not turn a slow-but-bounded case into a failure.
func hostileDeadline() time.Duration {
	if raceEnabled {
		return 5 * hostileTimeout
	}
	return hostileTimeout
}

// hostileCommands are run on every hostile configuration. Each must end with
// exit status 1 or 2 (or 0 for the few files that are valid), print
// something, never panic, and write nothing.
var hostileCommands = [][]string{
	{"validate"},
	{"fmt", "--check", "--diff"},
	{"lint", "--format", "json"},
	{"lint", "--format", "sarif"},
}

// hostileCommandsShort is the set run under the race detector, which
// slows evaluation tenfold.
var hostileCommandsShort = [][]string{
	{"validate", "--json"},
	{"lint"},
}

// hostileExtra are generated cases too large or too regular to commit. The
// big-input cases are 10 MiB under TERRARIUM_LONG=1 and just over
// schema.MaxValueSize otherwise: the small forms take the same paths (the
// string is too large a value) and still catch work quadratic in the input
// (1 MiB squared is far past the time bound); the long forms pin the size
// RELIABILITY.md promises.
func hostileExtra() map[string][]byte {
	size, tag := schema.MaxValueSize+64<<10, "1mb"
	if longRun() {
		size, tag = 10<<20, "10mb"
	}
	big := bytes.Repeat([]byte("A"), size)
	return map[string][]byte{
		"gen_" + tag + "_string.hcl":  append(append([]byte("environment \"a\" {\n  description = \""), big...), []byte("\"\n  config { type = \"cloud\" }\n}\n")...),
		"gen_" + tag + "_comment.hcl": append([]byte("# "), big...),
		"gen_" + tag + "_heredoc.hcl": append(append([]byte("locals {\n  x = <<EOT\n"), big...), []byte("\nEOT\n}\n")...),
		"gen_deep_parens_100k.hcl":    []byte("locals {\n  x = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + "\n}\n"),
		"gen_deep_lists_100k.hcl":     []byte("locals {\n  x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n"),
	}
}

// TestHostileInput runs validate, fmt and lint on every file of
// testdata/hostile (and a few generated ones), each alone in a directory.
func TestHostileInput(t *testing.T) {
	cases := map[string][]byte{}
	files, err := filepath.Glob("testdata/hostile/*.hcl")
	if err != nil || len(files) < 50 {
		t.Fatalf("want at least 50 hostile files, have %d (%v)", len(files), err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(f)] = b
	}
	commands := hostileCommands
	if raceEnabled || testing.Short() {
		commands = hostileCommandsShort
	}
	if !raceEnabled && !testing.Short() {
		for k, v := range hostileExtra() {
			cases[k] = v
		}
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	for _, k := range []string{"ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "GITHUB_STEP_SUMMARY", "TERRARIUM_LOG"} {
		t.Setenv(k, "")
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.hcl"), cases[name], 0o644); err != nil {
				t.Fatal(err)
			}
			before, beforeHome := snapshot(t, dir), snapshot(t, home)
			valid := true
			for _, args := range commands {
				code := runHostile(t, append(append([]string(nil), args...), dir))
				valid = valid && !(args[0] == "validate" && code != 0)
			}
			if !valid {
				// plan must refuse the configuration before it touches the
				// API (unreachable here) or the state directory.
				runHostile(t, []string{"plan", "--api-url", "http://127.0.0.1:1", dir})
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the configuration directory changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if after := snapshot(t, home); after != beforeHome {
				t.Errorf("HOME changed:\n%s", after)
			}
		})
	}
}

// runHostile runs one command in-process under the time and heap bounds
// and returns its exit code.
func runHostile(t *testing.T, args []string) int {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	done := make(chan int, 1)
	stop := make(chan struct{})
	defer close(stop)
	go watchHeap(args, stop)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%v: panic: %v", args[:len(args)-1], r)
				done <- -1
			}
		}()
		done <- cli.Main(args, ios)
	}()
	select {
	case code := <-done:
		if code < 0 {
			return code
		}
		if code != 0 && out.Len()+errOut.Len() == 0 {
			t.Errorf("%v: exit %d with no output", args[:len(args)-1], code)
		}
		if strings.Contains(errOut.String(), "goroutine ") {
			t.Errorf("%v: stack trace in output:\n%s", args[:len(args)-1], errOut.String())
		}
		return code
	case <-time.After(hostileDeadline()):
		t.Fatalf("%v: still running after %s", args[:len(args)-1], hostileDeadline())
	}
	return -1
}

// watchHeap aborts the whole test binary when the live heap passes
// hostileHeap: an out-of-memory kill would give no hint of the case.
func watchHeap(args []string, stop <-chan struct{}) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			metrics.Read(sample)
			if sample[0].Value.Uint64() > hostileHeap {
				panic(fmt.Sprintf("hostile input: %v uses more than %d MiB of heap", args, hostileHeap>>20))
			}
		}
	}
}

// snapshot lists every file under dir with its size, mode and time.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	runtime.GC()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s %d\n", p, info.Size(), info.Mode(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
