package render

import (
	"io"
	"terrarium/internal/render/escape"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/lint"
)

// LintFormatVersion is the format_version of the JSON lint report,
// described by schema/jsonschema/lint.schema.json.
const LintFormatVersion = 1

// LintJSONReport is the JSON form of a lint result.
type LintJSONReport struct {
	FormatVersion int               `json:"format_version"`
	Tool          JSONTool          `json:"tool"`
	Summary       LintJSONSummary   `json:"summary"`
	Findings      []LintJSONFinding `json:"findings"`
	// Diagnostics say why the configuration did not load (then there are
	// no findings), and carry its warnings.
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
}

// JSONTool names the program that wrote a report.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// LintJSONSummary counts findings.
type LintJSONSummary struct {
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Notices    int    `json:"notices"`
	Suppressed int    `json:"suppressed"`
	Baselined  int    `json:"baselined"`
	FailOn     string `json:"fail_on"`
	Failed     bool   `json:"failed"`
}

// LintJSONFinding is one finding.
type LintJSONFinding struct {
	Rule        string       `json:"rule"`
	Severity    string       `json:"severity"`
	Summary     string       `json:"summary"`
	Detail      string       `json:"detail,omitempty"`
	Range       *JSONRange   `json:"range,omitempty"`
	Address     string       `json:"address,omitempty"`
	Path        string       `json:"path,omitempty"`
	Value       string       `json:"value,omitempty"`
	Fingerprint string       `json:"fingerprint"`
	PolicyRange *JSONRange   `json:"policy_range,omitempty"`
	Fix         *LintJSONFix `json:"fix,omitempty"`
}

// LintJSONFix is a finding's exact fix: replace the source in Range by Text.
type LintJSONFix struct {
	Description string     `json:"description"`
	Safe        bool       `json:"safe"`
	Range       *JSONRange `json:"range"`
	Text        string     `json:"text"`
}

// LintJSON writes the JSON report.
func LintJSON(w io.Writer, r LintReport) error {
	res := r.Result
	if res.FailOn == lint.SeverityUnset {
		res.FailOn = lint.SeverityError // lint did not run (the default)
	}
	out := LintJSONReport{
		FormatVersion: LintFormatVersion,
		Tool:          JSONTool{Name: "terrarium", Version: r.ToolVersion},
		Summary: LintJSONSummary{
			Errors: res.Count(lint.SeverityError), Warnings: res.Count(lint.SeverityWarning), Notices: res.Count(lint.SeverityNotice),
			Suppressed: res.Suppressed, Baselined: res.Baselined, FailOn: res.FailOn.String(),
			Failed: res.Failed() || r.Diagnostics.HasErrors(),
		},
		Findings:    []LintJSONFinding{},
		Diagnostics: JSONDiagnostics(r.Files, r.Diagnostics),
	}
	for _, f := range res.Findings {
		jf := LintJSONFinding{
			Rule: f.Rule, Severity: f.Severity.String(), Summary: f.Summary, Detail: f.Detail,
			Range: lintRange(f.Subject), Address: f.Address, Path: f.Path, Value: f.Value,
			Fingerprint: f.Fingerprint(res.Dir),
		}
		if f.PolicyRange != nil {
			jf.PolicyRange = lintRange(*f.PolicyRange)
		}
		if fx := f.Fix; fx != nil {
			jf.Fix = &LintJSONFix{Description: fx.Description, Safe: fx.Safe, Range: lintRange(fx.Range), Text: fx.Text}
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := escape.NewJSONEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func lintRange(r hcl.Range) *JSONRange { return diag.NewRange(r) }
