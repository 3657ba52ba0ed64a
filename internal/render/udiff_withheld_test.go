package render

import (
	"bytes"
	"strings"
	"testing"
)

// A file of variable values gets the numbers of the lines a change
// touches, never their text: changed lines, runs of them, and a line
// added at the end (counted as the last line).
func TestWithheldDiffNamesLinesNotText(t *testing.T) {
	a := "1\nSEKRIT2\n3\n4\nSEKRIT5\nSEKRIT6\n7\n"
	b := "1\nsekrit2\n3\n4\nsekrit5\nsekrit6\n7\nSEKRIT8\n"
	var out bytes.Buffer
	if err := WithheldDiff(&out, "prod.vars.hcl", []byte(a), []byte(b)); err != nil {
		t.Fatal(err)
	}
	want := "prod.vars.hcl: formatting changes lines 2, 5-7; the lines are not shown, since the file holds variable values\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
	if strings.Contains(strings.ToUpper(out.String()), "SEKRIT") {
		t.Error("a line's text was shown")
	}
	out.Reset()
	if err := WithheldDiff(&out, "x.vars.hcl", []byte("a = 1\n"), []byte("a = 1\n")); err != nil || out.Len() != 0 {
		t.Errorf("equal texts wrote %q (%v)", out.String(), err)
	}
	if err := WithheldDiff(&out, "x.vars.hcl", []byte("a  = 1\n"), []byte("a = 1\n")); err != nil || !strings.Contains(out.String(), "changes line 1;") {
		t.Errorf("one line: %q (%v)", out.String(), err)
	}
}
