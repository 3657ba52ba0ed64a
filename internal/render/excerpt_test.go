package render

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestExcerptKeepsShortLinesAndCutsLongOnesAroundTheSubject(t *testing.T) {
	if got, s, e := excerpt("x = 1", 4, 5); got != "x = 1" || s != 4 || e != 5 {
		t.Fatalf("short line changed: %q %d %d", got, s, e)
	}
	line := strings.Repeat("a", 1000) + "SUBJECT" + strings.Repeat("b", 1000)
	got, s, e := excerpt(line, 1000, 1007)
	if got[s:e] != "SUBJECT" {
		t.Fatalf("span %d..%d of %q is not the subject", s, e, got)
	}
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("cuts not marked: %q", got)
	}
	if n := len(got) - 2*len("…"); n > MaxExcerpt {
		t.Errorf("excerpt holds %d bytes of the line, want at most %d", n, MaxExcerpt)
	}
	// A cut never splits a multi-byte character.
	wide := strings.Repeat("é", 500)
	got, _, _ = excerpt(wide, 300, 302)
	if !strings.HasPrefix(got, "…é") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("cut inside a character: %q", got[:10])
	}
}

func TestDiagnosticsQuoteABoundedExcerpt(t *testing.T) {
	src := []byte("x = \"" + strings.Repeat("A", 5000) + "\" + 1\n")
	files := map[string]*hcl.File{"a.hcl": {Bytes: src}}
	at := len(src) - 2 // the "1"
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Bad", Subject: &hcl.Range{Filename: "a.hcl",
		Start: hcl.Pos{Line: 1, Column: at + 1, Byte: at}, End: hcl.Pos{Line: 1, Column: at + 2, Byte: at + 1}}}
	var b strings.Builder
	if err := Diagnostics(&b, files, hcl.Diagnostics{d}, false, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, strings.Repeat("A", MaxExcerpt+1)) || !strings.Contains(out, "\" + 1") {
		t.Fatalf("text output not a bounded excerpt around the subject:\n%s", out)
	}
	sn := NewDiagnosticsReport(files, hcl.Diagnostics{d}).Diagnostics[0].Snippet
	if sn == nil || len(sn.Code) > MaxExcerpt+2*len("…") || sn.Code[sn.HighlightStartOffset:sn.HighlightEndOffset] != "1" {
		t.Fatalf("JSON snippet not a bounded excerpt around the subject: %+v", sn)
	}
}
