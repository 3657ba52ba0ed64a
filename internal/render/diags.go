// Package render holds terrarium's views: the only code that turns values
// (diagnostics, plans, findings, events) into text, JSON or markdown.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/diag"
	"terrarium/internal/render/escape"
)

// MaxFileDiagnostics and MaxDiagnostics bound the diagnostics every view
// shows (text, JSON, SARIF, GitHub annotations, JUnit, the apply event
// stream): the first 50 of each file and 200 in all, as gcc's
// -fmax-errors and tflint do. A file of 290,000 empty environment blocks
// has one error each, and showing each with its source line turns a few
// megabytes of input into hundreds of megabytes of output.
const (
	MaxFileDiagnostics = 50
	MaxDiagnostics     = 200
)

// SortDiagnostics orders diagnostics by file, then offset; diagnostics
// without a source range come first, in their original order. Past
// MaxFileDiagnostics in a file or MaxDiagnostics in all, the rest are
// replaced by one last diagnostic, "Too many diagnostics", that counts
// them: an error when one of them is, so that what is shown fails as
// the whole would. Every view orders its diagnostics with it, so every
// view shows the same ones; counts (a JSON document's error_count) are
// taken from the whole.
func SortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	out := append(hcl.Diagnostics(nil), diags...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		switch ca, cb := isCapNote(out[i]), isCapNote(out[j]); {
		case ca || cb:
			return !ca && cb
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
	return capDiagnostics(out)
}

// capNote marks the diagnostic that stands for those not shown.
type capNote struct{}

func isCapNote(d *hcl.Diagnostic) bool {
	_, ok := d.Extra.(capNote)
	return ok
}

// capDiagnostics keeps the first MaxFileDiagnostics of each file, and the
// first MaxDiagnostics-1 in all, of sorted diags, and counts the rest in
// one last diagnostic. diags within the bounds come back as they are.
func capDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	perFile := map[string]int{}
	over := false
	for _, d := range diags {
		if d.Subject != nil && !isCapNote(d) {
			perFile[d.Subject.Filename]++
			over = over || perFile[d.Subject.Filename] > MaxFileDiagnostics
		}
	}
	if !over && len(diags) <= MaxDiagnostics {
		return diags
	}
	clear(perFile)
	out := diags[:0:0]
	var errs, warns int
	for _, d := range diags {
		if isCapNote(d) {
			continue // counted again below, from the whole
		}
		keep := len(out) < MaxDiagnostics-1
		if keep && d.Subject != nil {
			perFile[d.Subject.Filename]++
			keep = perFile[d.Subject.Filename] <= MaxFileDiagnostics
		}
		switch {
		case keep:
			out = append(out, d)
		case d.Severity == hcl.DiagError:
			errs++
		default:
			warns++
		}
	}
	note := &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  "Too many diagnostics",
		Detail: fmt.Sprintf("And %d more diagnostics (%d errors, %d warnings), not shown: terrarium shows at most %d per file and %d in all. Fix the ones shown and run again.",
			errs+warns, errs, warns, MaxFileDiagnostics, MaxDiagnostics),
		Extra: capNote{},
	}
	if errs > 0 {
		note.Severity = hcl.DiagError
	}
	return append(out, note)
}

// Diagnostics writes diags in HCL's text form, each with its source line
// underlined, and "with ADDRESS" under the summary of a diagnostic that is
// about an addressed object (see internal/diag). files supplies the
// sources, except those that hold variable values (diag.Quotable); width
// 0 means no wrapping. Every string from the configuration
// is escaped first (escapeDiagnostics). HCL's writer underlines with
// terminal attributes only, so without colour a line of carets goes under
// a single-line subject instead.
func Diagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, color bool, width uint) error {
	if len(diags) == 0 {
		return nil
	}
	withheld := map[string]bool{}
	for name, f := range files {
		withheld[escape.Line(name)] = diag.HoldsValues(f)
	}
	files, diags = escapeDiagnostics(diag.Quotable(files), SortDiagnostics(diags))
	var buf bytes.Buffer
	for _, d := range SortDiagnostics(diags) {
		srcs, d := boundedSource(files, d)
		buf.Reset()
		if err := hcl.NewDiagnosticTextWriter(&buf, srcs, width, color).WriteDiagnostic(d); err != nil {
			return err
		}
		out := buf.Bytes()
		if d.Subject != nil && withheld[d.Subject.Filename] {
			out = withheldSource(out, d.Subject)
		} else if !color {
			out = withCarets(out, d)
		}
		if _, err := w.Write(withAddress(out, d)); err != nil {
			return err
		}
	}
	return nil
}

// CompactDiagnostics writes errors as Diagnostics does and warnings as one
// line each, Terraform's -compact-warnings:
//
//	Warning: 2 warnings:
//	  - Deprecated attribute (main.hcl:4)
//	  - State log tail was torn
func CompactDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, color bool, width uint) error {
	var errs, warns hcl.Diagnostics
	for _, d := range SortDiagnostics(diags) {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d)
		} else {
			warns = append(warns, d)
		}
	}
	if len(warns) > 0 {
		noun := "warnings"
		if len(warns) == 1 {
			noun = "warning"
		}
		fmt.Fprintf(w, "\nWarning: %d %s:\n", len(warns), noun)
		for _, d := range warns {
			where := ""
			if d.Subject != nil {
				where = fmt.Sprintf(" (%s:%d)", d.Subject.Filename, d.Subject.Start.Line)
			}
			fmt.Fprintf(w, "  - %s%s\n", d.Summary, where)
		}
		fmt.Fprintln(w)
	}
	return Diagnostics(w, files, errs, color, width)
}

// withAddress adds "  with ADDRESS," under the summary line of out, HCL's
// rendering of d, when d names an address: above the "on FILE line N"
// line when there is one, as Terraform does.
func withAddress(out []byte, d *hcl.Diagnostic) []byte {
	addr := diag.Address(d)
	if addr == "" {
		return out
	}
	summary, rest, _ := bytes.Cut(out, []byte("\n\n"))
	with := "\n\n  with " + addr + ","
	if d.Subject == nil {
		with += "\n"
	}
	var b bytes.Buffer
	b.Write(summary)
	b.WriteString(with)
	b.WriteByte('\n')
	b.Write(rest)
	return b.Bytes()
}

// withheldSource replaces HCL's "(source code not available)" under the
// "on FILE line N:" line of out by the column and why the line is not
// shown: the file holds variable values (diag.MarkValues).
func withheldSource(out []byte, s *hcl.Range) []byte {
	note := fmt.Sprintf("  (column %d; the line is not shown, since the file holds variable values)\n", s.Start.Column)
	return bytes.Replace(out, []byte("  (source code not available)\n"), []byte(note), 1)
}

// withCarets adds a line of carets under the subject of d in out, HCL's
// rendering of d, when the subject is on one line that out shows.
func withCarets(out []byte, d *hcl.Diagnostic) []byte {
	s := d.Subject
	if s == nil || s.Start.Line != s.End.Line || s.End.Byte <= s.Start.Byte {
		return out
	}
	prefix := []byte(fmt.Sprintf("%4d: ", s.Start.Line))
	lines := bytes.SplitAfter(out, []byte("\n"))
	for i, l := range lines {
		if !bytes.HasPrefix(l, prefix) {
			continue
		}
		code := strings.TrimRight(string(l[len(prefix):]), "\r\n")
		start, end := s.Start.Column-1, s.End.Column-1
		runes := []rune(code)
		if start < 0 || end > len(runes) || end <= start {
			return out
		}
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", len(prefix)))
		for _, r := range runes[:start] {
			if r == '\t' {
				b.WriteRune('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(strings.Repeat("^", end-start))
		b.WriteByte('\n')
		rest := append([][]byte{}, lines[i+1:]...)
		lines = append(append(lines[:i+1], []byte(b.String())), rest...)
		return bytes.Join(lines, nil)
	}
	return out
}

// DiagnosticsFormatVersion is the format_version of the JSON form.
const DiagnosticsFormatVersion = 1

// DiagnosticsReport is the JSON form of a set of diagnostics, described by
// schema/jsonschema/validate.schema.json.
type DiagnosticsReport struct {
	FormatVersion int              `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []JSONDiagnostic `json:"diagnostics"`
}

// JSONDiagnostic is one diagnostic in the JSON form.
type JSONDiagnostic struct {
	Severity string `json:"severity"` // "error" or "warning"
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	// Address is the object the diagnostic is about (environment.x, a
	// -target argument), when it names one; most have a range instead.
	Address string       `json:"address,omitempty"`
	Range   *JSONRange   `json:"range,omitempty"`
	Snippet *JSONSnippet `json:"snippet,omitempty"`
}

// JSONRange is a source range; lines and columns count from 1, bytes from 0.
type JSONRange = diag.Range

// JSONPos is a position in a source file.
type JSONPos = diag.Pos

// JSONSnippet is the source the diagnostic points at: whole lines from
// StartLine, with the subject between the two highlight byte offsets.
type JSONSnippet struct {
	Code                 string `json:"code"`
	StartLine            int    `json:"start_line"`
	HighlightStartOffset int    `json:"highlight_start_offset"`
	HighlightEndOffset   int    `json:"highlight_end_offset"`
}

// NewDiagnosticsReport builds the JSON form of diags.
func NewDiagnosticsReport(files map[string]*hcl.File, diags hcl.Diagnostics) *DiagnosticsReport {
	r := &DiagnosticsReport{FormatVersion: DiagnosticsFormatVersion, Diagnostics: JSONDiagnostics(files, diags)}
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			r.WarningCount++
		} else {
			r.ErrorCount++
		}
	}
	r.Valid = r.ErrorCount == 0
	return r
}

// JSONDiagnostics is the JSON form of each of diags, sorted (never nil).
func JSONDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) []JSONDiagnostic {
	out := []JSONDiagnostic{}
	for _, d := range SortDiagnostics(diags) {
		out = append(out, NewJSONDiagnostic(files, d))
	}
	return out
}

// NewJSONDiagnostic is the JSON form of d; files supplies its snippet,
// unless the file holds variable values (diag.Quotable).
func NewJSONDiagnostic(files map[string]*hcl.File, d *hcl.Diagnostic) JSONDiagnostic {
	jd := JSONDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail, Address: diag.Address(d)}
	if d.Severity == hcl.DiagWarning {
		jd.Severity = "warning"
	}
	if s := d.Subject; s != nil && s.Start.Line >= 1 {
		jd.Range = lintRange(*s)
		if f := files[s.Filename]; f != nil && !diag.HoldsValues(f) {
			jd.Snippet = snippet(f.Bytes, *s)
		}
	}
	return jd
}

// DiagnosticsJSON writes the JSON form of diags, indented, with a newline:
// validate's document, and the document every other --json mode writes
// instead of its own when it fails before it has one.
func DiagnosticsJSON(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	return writeJSONDoc(w, NewDiagnosticsReport(files, diags))
}

// WithDiagnostics adds a "diagnostics" array (the JSON form of diags) as
// the last member of doc, a JSON object, and writes it indented: every
// --json document carries the diagnostics (warnings) of the run that made
// it, in the shape of validate's.
func WithDiagnostics(w io.Writer, doc []byte, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	list, err := json.Marshal(JSONDiagnostics(files, diags))
	if err != nil {
		return err
	}
	doc = bytes.TrimSpace(doc)
	if len(doc) < 2 || doc[0] != '{' || doc[len(doc)-1] != '}' {
		panic("render: WithDiagnostics needs a JSON object")
	}
	var b bytes.Buffer
	b.Write(doc[:len(doc)-1])
	if len(bytes.TrimSpace(doc[1:len(doc)-1])) > 0 {
		b.WriteByte(',')
	}
	b.WriteString(`"diagnostics":`)
	b.Write(list)
	b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = io.WriteString(w, escape.JSON(out.String()))
	return err
}

// writeJSONDoc writes v as indented JSON with a newline.
func writeJSONDoc(w io.Writer, v any) error {
	enc := newJSONEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// snippet cuts the whole lines that rng covers out of src.
func snippet(src []byte, rng hcl.Range) *JSONSnippet {
	start, end := rng.Start.Byte, rng.End.Byte
	if start < 0 || end < start || end > len(src) {
		return nil
	}
	lineStart := start
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	lineEnd := end
	if lineEnd > lineStart && lineEnd > start && src[lineEnd-1] == '\n' {
		lineEnd--
	}
	for lineEnd < len(src) && src[lineEnd] != '\n' {
		lineEnd++
	}
	code := src[lineStart:lineEnd]
	if n := len(code); n > 0 && code[n-1] == '\r' {
		code = code[:n-1]
	}
	hs, he := start-lineStart, min(end-lineStart, len(code))
	text := string(code)
	if hasLongLine(code) {
		// Only the first line, cut to a window around the subject.
		if i := strings.IndexByte(text, '\n'); i >= 0 && i >= hs {
			text, he = text[:i], min(he, i)
		}
		text, hs, he = excerpt(text, hs, he)
	}
	return &JSONSnippet{
		Code:                 text,
		StartLine:            rng.Start.Line,
		HighlightStartOffset: hs,
		HighlightEndOffset:   he,
	}
}
