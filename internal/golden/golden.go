// Package golden compares rendered output with committed golden files, for
// tests. Importing it registers the -update flag: `go test ./... -update`
// rewrites every golden file (and the CLI scripts, see Update) with what the
// code now produces, for review with git diff.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with the output the tests produce")

// Update reports whether the test run was given -update: tests that keep
// generated files other than through Check (testscript archives, fixture
// logs) rewrite them when it is true.
func Update() bool { return *update }

// Check compares got with the file at path (relative to the package
// directory, usually testdata/NAME). Under -update it writes got there
// (mode 0644, directories created) instead. A missing file or any
// difference fails t, naming the first differing line.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", path, describe(got, want))
	}
}

// describe explains how got differs from want: both in full when short,
// otherwise the first differing line of each with its line number.
func describe(got, want []byte) string {
	const short = 4 << 10
	if len(got) <= short && len(want) <= short {
		return fmt.Sprintf("--- got\n%s\n--- want\n%s", got, want)
	}
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; ; i++ {
		switch {
		case i >= len(g):
			return fmt.Sprintf("got ends at line %d; want continues:\n%s", i, w[i])
		case i >= len(w):
			return fmt.Sprintf("want ends at line %d; got continues:\n%s", i, g[i])
		case !bytes.Equal(g[i], w[i]):
			return fmt.Sprintf("line %d:\n--- got\n%s\n--- want\n%s", i+1, g[i], w[i])
		}
	}
}
