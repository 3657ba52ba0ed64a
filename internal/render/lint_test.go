package render

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"terrarium/internal/golden"
	"terrarium/internal/lint"
	"terrarium/schema"
)

func lintReport(t *testing.T) LintReport {
	r := lintReportOf(t, "testdata/lint")
	r.ToolVersion = "v0.0.0-test"
	r.Git = &GitProvenance{RepositoryURI: "https://github.com/example/infra", Revision: "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39", Branch: "main"}
	return r
}

// lintGolden compares got with testdata/lint/NAME.golden.
func lintGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "lint", name+".golden"), got)
}

func TestLintGolden(t *testing.T) {
	r := lintReport(t)
	views := map[string]func(*bytes.Buffer, LintReport) error{
		"text":           func(b *bytes.Buffer, r LintReport) error { return LintText(b, r) },
		"json":           func(b *bytes.Buffer, r LintReport) error { return LintJSON(b, r) },
		"sarif":          func(b *bytes.Buffer, r LintReport) error { return LintSARIF(b, r) },
		"github":         func(b *bytes.Buffer, r LintReport) error { return LintGitHub(b, r) },
		"github_summary": func(b *bytes.Buffer, r LintReport) error { return LintGitHubSummary(b, r) },
		"junit":          func(b *bytes.Buffer, r LintReport) error { return LintJUnit(b, r) },
	}
	for name, view := range views {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := view(&b, r); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "AAAAAAAAAAAAAAAA") {
				t.Errorf("%s output echoes the secret", name)
			}
			// The repository root is this machine's; the golden file says /REPO.
			root, _ := filepath.Abs(".")
			lintGolden(t, name, []byte(strings.ReplaceAll(b.String(), "file://"+filepath.ToSlash(root)+"/", "file:///REPO/")))
		})
	}
}

// sarifRun writes r as SARIF, checks the log against the SARIF 2.1.0
// schema, and returns its run.
func sarifRun(t *testing.T, r LintReport) *sarif.Run {
	t.Helper()
	var b bytes.Buffer
	if err := LintSARIF(&b, r); err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(b.Bytes(), sarif.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Fatal(err)
	}
	return rep.Runs[0]
}

func TestLintSARIFValid(t *testing.T) {
	run := sarifRun(t, lintReport(t))
	if len(run.Results) != len(lintReport(t).Result.Findings) {
		t.Errorf("%d results, want one per finding", len(run.Results))
	}
	if len(run.Tool.Driver.Rules) != len(lint.Catalog()) {
		t.Errorf("%d rules in SARIF, want %d", len(run.Tool.Driver.Rules), len(lint.Catalog()))
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if *loc.ArtifactLocation.URI != "testdata/lint/main.hcl" || loc.Region.StartLine == nil || loc.Region.EndColumn == nil {
			t.Errorf("bad location %+v", loc)
		}
		if res.PartialFingerprints[sarifFingerprintKey] == "" {
			t.Error("no partial fingerprint")
		}
	}
}

// SARIF paths are relative to the repository root, named as SRCROOT in
// originalUriBaseIds; inside git the run names the commit.
func TestLintSARIFProvenance(t *testing.T) {
	r := lintReport(t)
	run := sarifRun(t, r)
	base, ok := run.OriginalUriBaseIds[sarifSrcRoot]
	if !ok || base.URI == nil || *base.URI != "file://"+filepath.ToSlash(r.RepoRoot)+"/" {
		t.Fatalf("originalUriBaseIds = %+v, want SRCROOT at the repository root", run.OriginalUriBaseIds)
	}
	for _, res := range run.Results {
		if loc := res.Locations[0].PhysicalLocation.ArtifactLocation; loc.URIBaseID == nil || *loc.URIBaseID != sarifSrcRoot {
			t.Errorf("artifact location %+v is not relative to SRCROOT", loc)
		}
	}
	if len(run.VersionControlProvenance) != 1 {
		t.Fatalf("versionControlProvenance = %+v, want the commit", run.VersionControlProvenance)
	}
	vc := run.VersionControlProvenance[0]
	if *vc.RepositoryURI != "https://github.com/example/infra" || *vc.RevisionID != r.Git.Revision || *vc.Branch != "main" {
		t.Errorf("versionControlProvenance = %+v", vc)
	}
	if v := *run.Tool.Driver.Version; v != "0.0.0-test" {
		t.Errorf("driver.version = %q, want the version without its v", v)
	}
	// a repository with no remote: repositoryUri is required (SARIF
	// §3.23.3), so there is no versionControlProvenance to give
	r.Git = &GitProvenance{Revision: r.Git.Revision, Branch: "main"}
	if run = sarifRun(t, r); len(run.VersionControlProvenance) != 0 {
		t.Errorf("versionControlProvenance without a repository URI: %+v", run.VersionControlProvenance)
	}
	// outside git: no provenance; a build that records no version still
	// gives one (SARIF2005), the semantic version of `terrarium version`'s
	// "devel"
	r.Git, r.ToolVersion = nil, "devel"
	run = sarifRun(t, r)
	if len(run.VersionControlProvenance) != 0 {
		t.Errorf("provenance %+v outside git", run.VersionControlProvenance)
	}
	if v := run.Tool.Driver.Version; v == nil || *v != "0.0.0-devel" {
		t.Errorf("driver.version = %v, want 0.0.0-devel", v)
	}
}

func TestSARIFVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.4.0": "1.4.0", "v0.0.0-20261129102627-fb27a533814b+dirty": "0.0.0-20261129102627-fb27a533814b+dirty",
		"devel": "0.0.0-devel", "": "0.0.0-devel", "main build\x1b": "0.0.0-main-build-",
	} {
		if got := sarifVersion(in); got != want {
			t.Errorf("sarifVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLintJSONMatchesSchema(t *testing.T) {
	var b bytes.Buffer
	if err := LintJSON(&b, lintReport(t)); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, "lint.schema.json", b.Bytes())
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeProperty("a:b,c%d\ne"); got != "a%3Ab%2Cc%25d%0Ae" {
		t.Errorf("escapeProperty = %q", got)
	}
	if got := escapeData("50%\r\nx:y,z"); got != "50%25%0D%0Ax:y,z" {
		t.Errorf("escapeData = %q", got)
	}
}

// The underline is placed by bytes, not columns: characters of more than
// one byte before or inside the span must not shift or shorten it.
func TestLintTextUnderlineNonASCII(t *testing.T) {
	out := lintTextOf(t, "environment \"a\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type          = \"limited\"\n      allowed_hosts = [\"https://bücher.example\", \"https://bücher.example:8443\"]\n    }\n  }\n}\n")
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "[host-nonstandard-port]") {
			continue
		}
		code, marks := lines[i+1], lines[i+2]
		at := strings.Index(marks, "^")
		want := `"https://bücher.example:8443"`
		if got := string([]rune(code)[at : at+strings.Count(marks, "^")]); got != want {
			t.Errorf("underlined %q, want %q\n%s\n%s", got, want, code, marks)
		}
		return
	}
	t.Fatalf("no host-nonstandard-port finding:\n%s", out)
}

// lintTextOf lints src as main.hcl and returns the text view.
func lintTextOf(t *testing.T, src string) string {
	t.Helper()
	cfg, diags := schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": []byte(src)}, ".", schema.LoadOptions{Extensions: lint.Blocks()})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	res, _ := lint.Run(cfg, lint.Options{})
	var b bytes.Buffer
	if err := LintText(&b, LintReport{Result: res, Files: cfg.Files, Rules: lint.Catalog()}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The source line of a bidi-control finding is shown with the invisible
// characters escaped, and the underline still marks them.
func TestLintTextEscapesInvisibleCharacters(t *testing.T) {
	out := lintTextOf(t, "# a \u202e\u2066 b\x1b[2K\nenvironment \"a\" {\n  description = \"x\u200by\"\n  config {\n    type = \"self_hosted\"\n  }\n}\n")
	if strings.ContainsAny(out, "\u202e\u2066\u200b\x1b") {
		t.Errorf("raw invisible or control character in the output:\n%q", out)
	}
	for _, want := range []string{
		"1 | # a \\u202e\\u2066 b\\u001b[2K\n        |     ^^^^^^^^^^^^\n",
		"3 |   description = \"x\\u200by\"\n        |                   ^^^^^^\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"infra/main.hcl":      "infra/main.hcl",
		"my envs/main.hcl":    "my%20envs/main.hcl",
		"/tmp/other/main.hcl": "file:///tmp/other/main.hcl",
		"a:b.hcl":             "./a:b.hcl",
		"ü/main.hcl":          "%C3%BC/main.hcl",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// A huge findings table is cut under GitHub's job-summary limit, at a row,
// and says how many findings it leaves out.
func TestLintGitHubSummaryLimit(t *testing.T) {
	var fs []lint.Finding
	for i := range 10000 {
		fs = append(fs, lint.Finding{
			Rule: "host-wildcard", Severity: lint.SeverityWarning, Summary: "Allowed host is a wildcard",
			Subject: hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: i + 1, Column: 1}},
			Address: fmt.Sprintf("environment.e%05d", i), Path: "config.networking.allowed_hosts[0]",
		})
	}
	var b bytes.Buffer
	if err := LintGitHubSummary(&b, LintReport{Result: lint.Result{Findings: fs}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len(out) > StepSummaryLimit+200 {
		t.Fatalf("summary is %d bytes", len(out))
	}
	rows := strings.Count(out, "\n| warning |")
	if !strings.Contains(out, fmt.Sprintf("\n%d more findings are not shown here", 10000-rows)) {
		t.Errorf("no or wrong note (%d rows):\n%s", rows, out[len(out)-300:])
	}
	if !strings.HasSuffix(strings.TrimSuffix(out[:strings.LastIndex(out, "\n\n")], "\n"), "|") {
		t.Error("the table is cut inside a row")
	}
}

// A warning's underline is yellow, the colour of its severity; an error's
// is red.
func TestLintTextUnderlineColour(t *testing.T) {
	r := lintReport(t)
	r.Color = true
	var b bytes.Buffer
	if err := LintText(&b, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	checked := map[string]bool{}
	for i, l := range lines {
		var want string
		switch {
		case strings.Contains(l, "warning"):
			want = "\x1b[33;1m^"
		case strings.Contains(l, "error"):
			want = "\x1b[31;1m^"
		default:
			continue
		}
		if i+2 >= len(lines) || !strings.Contains(lines[i+2], "^") {
			continue
		}
		if !strings.Contains(lines[i+2], want) {
			t.Errorf("underline of %q is %q, want it to start %q", l, lines[i+2], want)
		}
		checked[want] = true
	}
	if len(checked) != 2 {
		t.Fatalf("checked %v: the fixture needs both a warning and an error", checked)
	}
}
