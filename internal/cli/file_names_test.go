package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"terrarium/internal/render/escape"
)

// TestHostileFileNameEscaped is the example: a configuration file
// whose name holds an OSC sequence, a bidi override and a newline. validate,
// lint in every format and fmt -check name it with visible escapes, and no
// output holds a control byte (other than newline and tab) or a bidi
// control.
func TestHostileFileNameEscaped(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	dir := t.TempDir()
	name := "bad\x1b]0;title\x07\u202e\nname.hcl"
	// Badly formatted, and with an error.
	writeFile(t, filepath.Join(dir, name), "environment \"web\" {\n  config {\n      type = 1\n  }\n}\n")
	shown := escape.Line(name)
	// named: the output names the file as shown (JSON's own escapes of
	// these characters are the same text).
	for _, tc := range []struct {
		args  []string
		code  int
		named bool
	}{
		{[]string{"validate", dir}, 1, true},
		{[]string{"validate", "--json", dir}, 1, true},
		{[]string{"lint", dir}, 1, true},
		{[]string{"lint", "--format", "json", dir}, 1, true},
		{[]string{"lint", "--format", "sarif", dir}, 1, false},
		{[]string{"lint", "--format", "junit", dir}, 1, false},
		{[]string{"lint", "--format", "github", dir}, 1, false},
		{[]string{"fmt", "-check", dir}, 2, true},
		{[]string{"fmt", "-check", "-diff", dir}, 2, true},
	} {
		all, code := runMain(tc.args)
		if code != tc.code {
			t.Errorf("terrarium %s: exit %d, want %d:\n%s", strings.Join(tc.args[:len(tc.args)-1], " "), code, tc.code, all)
		}
		for i, r := range all {
			if (escape.Control(r) && r != '\n' && r != '\t') || escape.Hidden(r) || (r == utf8.RuneError && !strings.HasPrefix(all[i:], "\uFFFD")) {
				t.Errorf("terrarium %s: raw %U in its output:\n%q", strings.Join(tc.args[:len(tc.args)-1], " "), r, all)
				break
			}
		}
		if tc.named {
			if !strings.Contains(all, shown) {
				t.Errorf("terrarium %s does not name the file as %s:\n%s", strings.Join(tc.args[:len(tc.args)-1], " "), shown, all)
			}
		}
	}
}
