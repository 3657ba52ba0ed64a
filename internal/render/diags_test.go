package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terrarium/internal/diag"
)

const diagSrc = "locals {\n  a = 1\n  b = 2\n}\n"

func diagFixture(t *testing.T) (map[string]*hcl.File, hcl.Diagnostics) {
	t.Helper()
	f, d := hclsyntax.ParseConfig([]byte(diagSrc), "b.hcl", hcl.InitialPos)
	if d.HasErrors() {
		t.Fatal(d)
	}
	rng := func(line, col, off, n int) *hcl.Range {
		return &hcl.Range{Filename: "b.hcl",
			Start: hcl.Pos{Line: line, Column: col, Byte: off},
			End:   hcl.Pos{Line: line, Column: col + n, Byte: off + n}}
	}
	diags := hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "second", Detail: "b is wrong.", Subject: rng(3, 3, 17, 1)},
		{Severity: hcl.DiagWarning, Summary: "first", Detail: "a is odd.", Subject: rng(2, 3, 11, 1)},
		{Severity: hcl.DiagError, Summary: "other file", Subject: &hcl.Range{Filename: "a.hcl", Start: hcl.InitialPos, End: hcl.InitialPos}},
		{Severity: hcl.DiagError, Summary: "no range"},
	}
	return map[string]*hcl.File{"b.hcl": f}, diags
}

func TestSortDiagnostics(t *testing.T) {
	_, diags := diagFixture(t)
	var got []string
	for _, d := range SortDiagnostics(diags) {
		got = append(got, d.Summary)
	}
	if strings.Join(got, ",") != "no range,other file,first,second" {
		t.Errorf("order = %v", got)
	}
}

func TestDiagnosticsText(t *testing.T) {
	files, diags := diagFixture(t)
	var b bytes.Buffer
	if err := Diagnostics(&b, files, diags[:2], false, 0); err != nil {
		t.Fatal(err)
	}
	want := `Warning: first

  on b.hcl line 2, in locals:
   2:   a = 1
        ^

a is odd.

Error: second

  on b.hcl line 3, in locals:
   3:   b = 2
        ^

b is wrong.

`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestDiagnosticsJSON(t *testing.T) {
	files, diags := diagFixture(t)
	var b bytes.Buffer
	if err := DiagnosticsJSON(&b, files, diags); err != nil {
		t.Fatal(err)
	}
	var r DiagnosticsReport
	if err := json.Unmarshal(b.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Valid || r.ErrorCount != 3 || r.WarningCount != 1 || len(r.Diagnostics) != 4 {
		t.Fatalf("report = %+v", r)
	}
	first := r.Diagnostics[2]
	if first.Severity != "warning" || first.Range.Start.Line != 2 || first.Snippet == nil ||
		first.Snippet.Code != "  a = 1" || first.Snippet.HighlightStartOffset != 2 || first.Snippet.HighlightEndOffset != 3 {
		t.Errorf("first = %+v %+v", first, first.Snippet)
	}
	validateJSON(t, "validate.schema.json", b.Bytes())

	b.Reset()
	if err := DiagnosticsJSON(&b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"valid": true`) || !strings.Contains(b.String(), `"diagnostics": []`) {
		t.Errorf("empty report = %s", b.String())
	}
	validateJSON(t, "validate.schema.json", b.Bytes())
}

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nfourteen\n15\nsixteen"
	var out bytes.Buffer
	if err := UnifiedDiff(&out, "a/x", "b/x", []byte(a), []byte(b)); err != nil {
		t.Fatal(err)
	}
	want := `--- a/x
+++ b/x
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -11,5 +11,6 @@
 11
 12
 13
-14
+fourteen
 15
+sixteen
\ No newline at end of file
`
	if out.String() != want {
		t.Errorf("diff:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	UnifiedDiff(&out, "a", "b", []byte(a), []byte(a))
	if out.Len() != 0 {
		t.Errorf("equal texts gave %q", out.String())
	}
}

// Without colour the subject is underlined with carets, aligned through
// tabs and characters of more than one byte.
func TestDiagnosticsCarets(t *testing.T) {
	src := []byte("locals {\n\tü = \"bad\"\n}\n")
	rng := hcl.Range{Filename: "c.hcl", Start: hcl.Pos{Line: 2, Column: 6, Byte: 15}, End: hcl.Pos{Line: 2, Column: 11, Byte: 20}}
	files := map[string]*hcl.File{"c.hcl": {Bytes: src}}
	var b bytes.Buffer
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad", Detail: "It is bad.", Subject: &rng}}
	if err := Diagnostics(&b, files, diags, false, 0); err != nil {
		t.Fatal(err)
	}
	want := "   2: \tü = \"bad\"\n      \t    ^^^^^\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("got:\n%s\nwant a part:\n%s", b.String(), want)
	}
}

// A diagnostic about an address says it: "with ADDRESS" in text, above
// the source when there is one, and an address member in JSON.
func TestDiagnosticsAddress(t *testing.T) {
	files, diags := diagFixture(t)
	about := diag.Error("environment.api", "Two environments claim one address", "Forget one.")
	sourced := diag.WithAddress(diags[0], `environment.team["a"]`)
	var b bytes.Buffer
	if err := Diagnostics(&b, files, hcl.Diagnostics{about, sourced}, false, 0); err != nil {
		t.Fatal(err)
	}
	want := "Error: Two environments claim one address\n\n  with environment.api,\n\nForget one.\n\n" +
		"Error: second\n\n  with environment.team[\"a\"],\n  on b.hcl line 3, in locals:\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("text:\n%s\nwant a prefix:\n%s", b.String(), want)
	}
	b.Reset()
	if err := DiagnosticsJSON(&b, files, hcl.Diagnostics{about}); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, "validate.schema.json", b.Bytes())
	if !strings.Contains(b.String(), `"address": "environment.api"`) || strings.Contains(b.String(), `"range"`) {
		t.Errorf("json:\n%s", b.String())
	}
}

// WithDiagnostics adds the diagnostics as the document's last member.
func TestWithDiagnostics(t *testing.T) {
	var b bytes.Buffer
	doc := []byte("{\n  \"format_version\": 1,\n  \"stack\": \"s\"\n}\n")
	if err := WithDiagnostics(&b, doc, nil, hcl.Diagnostics{diag.Warning("", "Recovered", "Kept 3 records.")}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Stack       string           `json:"stack"`
		Diagnostics []JSONDiagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Stack != "s" || len(got.Diagnostics) != 1 || got.Diagnostics[0].Severity != "warning" {
		t.Errorf("got %+v from\n%s", got, b.String())
	}
	b.Reset()
	if err := WithDiagnostics(&b, []byte("{}"), nil, nil); err != nil || b.String() != "{\n  \"diagnostics\": []\n}\n" {
		t.Errorf("empty object: %v %q", err, b.String())
	}
}

// A file of variable values is never quoted: its diagnostics say where
// and what, in text and JSON, while other files keep their snippets.
func TestDiagnosticsWithholdValueFiles(t *testing.T) {
	files, diags := diagFixture(t)
	vf, _ := hclsyntax.ParseConfig([]byte("token = \"SEKRIT\" x\n"), "prod.vars.hcl", hcl.InitialPos)
	files["prod.vars.hcl"] = diag.MarkValues(vf)
	diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing newline after argument",
		Subject: &hcl.Range{Filename: "prod.vars.hcl", Start: hcl.Pos{Line: 1, Column: 18, Byte: 17}, End: hcl.Pos{Line: 1, Column: 19, Byte: 18}}})
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := Diagnostics(&b, files, diags, color, 0); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "SEKRIT") || !strings.Contains(out, "(column 18; the line is not shown, since the file holds variable values)") {
			t.Errorf("color %v: text view quotes the values file or says nothing of it:\n%s", color, out)
		}
		if !strings.Contains(out, "b = 2") {
			t.Errorf("color %v: the configuration's snippet went too:\n%s", color, out)
		}
	}
	var b bytes.Buffer
	if err := DiagnosticsJSON(&b, files, diags); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "SEKRIT") || !strings.Contains(b.String(), `"filename": "prod.vars.hcl"`) {
		t.Errorf("JSON view:\n%s", b.String())
	}
}
