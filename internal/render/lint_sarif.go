package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"terrarium/internal/lint"
	"terrarium/internal/render/escape"
	"terrarium/internal/version"
)

// sarifFingerprintKey names terrarium's fingerprint in partialFingerprints.
const sarifFingerprintKey = "terrariumFinding/v1"

// LintSARIF writes a SARIF 2.1.0 log for GitHub code scanning: every rule
// of the catalog with its descriptions, help and default level, and every
// finding with a repository-relative region and a partial fingerprint.
func LintSARIF(w io.Writer, r LintReport) error {
	report := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("terrarium", InformationURI)
	run.Tool.Driver.WithVersion(sarifVersion(r.ToolVersion))
	run.Tool.Driver.WithFullName("terrarium lint")
	run.WithColumnKind("unicodeCodePoints")
	sarifProvenance(r, run)
	for _, rule := range r.Rules {
		run.Tool.Driver.AddRule(sarifRule(rule))
	}
	run.WithResults([]*sarif.Result{})
	sarifDiagnostics(r, run)
	for _, f := range r.Result.Findings {
		sarifResult(r, run, f) // CreateResultForRule adds it to the run
	}
	report.AddRun(run)
	var buf bytes.Buffer
	if err := report.Write(&buf); err != nil {
		return err
	}
	return writeWithoutSentinels(w, buf.Bytes())
}

// unsetSentinels are the integer properties go-sarif fills with -1, SARIF's
// "unset" value; the SARIF validator asks for them to be left out.
var unsetSentinels = map[string]bool{
	"index": true, "parentIndex": true, "byteOffset": true, "charOffset": true,
	"id": true, "rank": true, "length": true,
}

// writeWithoutSentinels re-encodes a SARIF log without -1 sentinels.
func writeWithoutSentinels(w io.Writer, src []byte) error {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	stripSentinels(doc)
	enc := escape.NewJSONEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func stripSentinels(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if n, ok := e.(json.Number); ok && unsetSentinels[k] && n.String() == "-1" {
				delete(x, k)
				continue
			}
			stripSentinels(e)
		}
	case []any:
		for _, e := range x {
			stripSentinels(e)
		}
	}
}

func sarifRule(rule *lint.Rule) *sarif.ReportingDescriptor {
	props := sarif.NewPropertyBag().WithTags(append([]string{}, rule.Tags...))
	props.Add("precision", "high")
	props.Add("problem.severity", problemSeverity(rule.Severity))
	if rule.SecuritySeverity > 0 {
		props.Add("security-severity", fmt.Sprintf("%.1f", rule.SecuritySeverity))
	}
	return sarif.NewRule(rule.Name).
		WithName(sarifRuleName(rule.Name)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(rule.Title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(firstParagraph(rule.Doc))).
		WithHelp(sarif.NewMultiformatMessageString().WithText(explainText(rule)).WithMarkdown(explainMarkdown(rule))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(rule.Severity))).
		WithProperties(props)
}

func sarifResult(r LintReport, run *sarif.Run, f lint.Finding) *sarif.Result {
	msg := f.Summary
	if f.Detail != "" {
		msg += ". " + f.Detail
	}
	res := run.CreateResultForRule(f.Rule).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(msg)).
		WithPartialFingerprints(map[string]string{sarifFingerprintKey: f.Fingerprint(r.Result.Dir)})
	location := sarifLocation(r, f.Subject)
	if location == nil {
		return res
	}
	if f.Address != "" {
		location.AddLogicalLocation(sarif.NewLogicalLocation().WithFullyQualifiedName(strings.TrimSuffix(f.Address+"."+f.Path, ".")).WithKind("member"))
	}
	if fx := f.Fix; fx != nil && fx.Range.Filename != "" {
		res.WithFixes([]*sarif.Fix{sarifFix(r, fx)})
	}
	return res.WithLocations([]*sarif.Location{location})
}

// sarifLocation is the physical location of rng, nil when it names no file.
func sarifLocation(r LintReport, rng hcl.Range) *sarif.Location {
	if rng.Filename == "" {
		return nil
	}
	loc := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarifArtifact(r, rng.Filename)).
		WithRegion(sarifRegion(rng))
	return sarif.NewLocationWithPhysicalLocation(loc)
}

// sarifRegion is rng as a SARIF region; lines and columns are at least 1.
func sarifRegion(rng hcl.Range) *sarif.Region {
	return sarif.NewRegion().WithStartLine(max(rng.Start.Line, 1)).WithStartColumn(max(rng.Start.Column, 1)).
		WithEndLine(max(rng.End.Line, rng.Start.Line, 1)).WithEndColumn(max(rng.End.Column, 1))
}

// sarifFix is a finding's fix as SARIF's fix object: one artifact change
// with one replacement; a deletion has no insertedContent (SARIF 2.1.0
// §3.57.3). Whether lint --fix applies it is the "safe" property.
func sarifFix(r LintReport, fx *lint.Fix) *sarif.Fix {
	rep := sarif.NewReplacement().WithDeletedRegion(sarifRegion(fx.Range))
	if fx.Text != "" {
		rep.WithInsertedContent(sarif.NewArtifactContent().WithText(fx.Text))
	}
	change := sarif.NewArtifactChange().
		WithArtifactLocation(sarifArtifact(r, fx.Range.Filename)).
		WithReplacements([]*sarif.Replacement{rep})
	props := sarif.NewPropertyBag()
	props.Add("safe", fx.Safe)
	desc := fx.Description
	if desc != "" {
		desc = strings.ToUpper(desc[:1]) + desc[1:] + "."
	}
	return sarif.NewFix().WithDescription(sarif.NewTextMessage(desc)).WithArtifactChanges([]*sarif.ArtifactChange{change}).WithProperties(props)
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return sarif.LevelError
	case lint.SeverityWarning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

func problemSeverity(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityWarning:
		return "warning"
	}
	return "recommendation"
}

// sarifRuleName turns "host-not-https" into "HostNotHttps".
func sarifRuleName(name string) string {
	var b strings.Builder
	// A custom rule's name ("custom/no_mcp") has / and _ too.
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '/' }) {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func firstParagraph(doc string) string {
	p, _, _ := strings.Cut(doc, "\n\n")
	return strings.Join(strings.Fields(p), " ")
}

// explainText is the rule's help as plain text, the same as --explain.
func explainText(rule *lint.Rule) string {
	var b strings.Builder
	_ = LintExplain(&b, rule)
	return b.String()
}

// explainMarkdown is the rule's help as markdown: indented blocks become
// fenced HCL.
func explainMarkdown(rule *lint.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", rule.Name, rule.Title)
	inCode := false
	for _, line := range strings.Split(rule.Doc, "\n") {
		code := strings.HasPrefix(line, "    ")
		switch {
		case code && !inCode:
			b.WriteString("```hcl\n")
			inCode = true
		case !code && inCode && line != "":
			b.WriteString("```\n")
			inCode = false
		}
		if code {
			line = line[4:]
		}
		b.WriteString(line + "\n")
	}
	if inCode {
		b.WriteString("```\n")
	}
	fmt.Fprintf(&b, "\nDefault severity: **%s**. Run `terrarium lint --explain %s` for this text.\n", rule.Severity, rule.Name)
	return b.String()
}

// sarifVersion is v as driver.version, which SARIF consumers compare as
// a version number and validators want present (SARIF2005): without Go's
// leading "v"; a build that records no version ("devel", as `terrarium
// version` prints it, or "") or names itself by a word gives the semantic
// version 0.0.0-WORD (0.0.0-devel), its characters limited to semver's
// pre-release ones.
func sarifVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		return v
	}
	if v == "" {
		v = version.Devel
	}
	word := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return '-'
	}, v)
	return "0.0.0-" + word
}

// sarifSrcRoot is the uriBaseId every artifact location is relative to:
// the repository root (SARIF 2.1.0 §3.14.14, GitHub's convention).
const sarifSrcRoot = "SRCROOT"

// sarifProvenance adds where the paths are relative to
// (originalUriBaseIds) and, inside git, the commit the report is of
// (versionControlProvenance), so that a consumer can map results to the
// repository wherever the log is read.
func sarifProvenance(r LintReport, run *sarif.Run) {
	if r.RepoRoot == "" {
		return
	}
	root := url.URL{Scheme: "file", Path: filepath.ToSlash(r.RepoRoot)}
	if !strings.HasSuffix(root.Path, "/") {
		root.Path += "/" // a base URI ends in a slash (§3.14.14)
	}
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{sarifSrcRoot: *sarif.NewArtifactLocation().WithURI(root.String())})
	// repositoryUri is required of a versionControlDetails object
	// (§3.23.3): a repository without a remote has none to give.
	if g := r.Git; g != nil && g.Revision != "" && g.RepositoryURI != "" {
		vc := sarif.NewVersionControlDetails().WithRevisionID(g.Revision).
			WithMappedTo(sarif.NewArtifactLocation().WithURIBaseID(sarifSrcRoot)).
			WithRepositoryURI(g.RepositoryURI)
		if g.Branch != "" {
			vc.WithBranch(g.Branch)
		}
		run.AddVersionControlProvenance(vc)
	}
}

// sarifArtifact is the artifact location of file name: relative to the
// repository root (uriBaseId SRCROOT) when it is inside it.
func sarifArtifact(r LintReport, name string) *sarif.ArtifactLocation {
	p := r.repoPath(name)
	loc := sarif.NewArtifactLocation().WithURI(sarifURI(p))
	if r.RepoRoot != "" && !strings.HasPrefix(p, "/") {
		loc.WithURIBaseID(sarifSrcRoot)
	}
	return loc
}

// sarifURI turns a path into a URI reference, as SARIF requires: escaped
// (a space is %20), and a file:// URI for a file outside the repository,
// since a relative reference must not start with a slash.
func sarifURI(path string) string {
	u := url.URL{Path: path}
	if strings.HasPrefix(path, "/") {
		u.Scheme = "file"
	}
	return u.String()
}
