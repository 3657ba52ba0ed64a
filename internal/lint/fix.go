package lint

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Fix is a finding's exact remedy: the source text in Range replaced by
// Text. Rules only offer a fix when they know the intended text exactly;
// Safe marks the fixes `lint --fix` may apply without a person choosing
// (the configuration keeps its meaning apart from the problem fixed).
type Fix struct {
	// Description says what the fix does, as a sentence fragment
	// ("write \"https://pypi.org\"").
	Description string `json:"description"`
	// Range is the replaced source text: file, start and end.
	Range hcl.Range `json:"range"`
	// Before is the source text in Range when the finding was made; a fix
	// is refused when the file no longer holds it.
	Before string `json:"before"`
	// Text replaces Before; "" deletes it.
	Text string `json:"text"`
	// Safe marks a fix that --fix applies.
	Safe bool `json:"safe"`
}

// fileNames returns the names of the configuration's files, sorted.
func (p *Pass) fileNames() []string {
	return slices.Sorted(maps.Keys(p.Config.Files))
}

// sourceText returns the bytes of r in the configuration's sources, and
// false when the file is unknown or the range does not fit it.
func (p *Pass) sourceText(r hcl.Range) (string, bool) {
	f := p.Config.Files[r.Filename]
	if f == nil || r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return "", false
	}
	return string(f.Bytes[r.Start.Byte:r.End.Byte]), true
}

// literalText returns the source of r when it is exactly the quoted
// literal of value (no escapes, no interpolation): only then does editing
// that text edit that value, and nothing else.
func (p *Pass) literalText(r hcl.Range, value string) (string, bool) {
	src, ok := p.sourceText(r)
	if !ok || src != `"`+value+`"` || strings.ContainsAny(value, "\\\"\n") || strings.Contains(value, "${") || strings.Contains(value, "%{") {
		return "", false
	}
	return src, true
}

// rangeFix builds a fix replacing r (whose current text is before) by text.
func rangeFix(r hcl.Range, before, text, description string, safe bool) *Fix {
	return &Fix{Description: description, Range: r, Before: before, Text: text, Safe: safe}
}

// removeElementFix deletes the list element at cur, a literal of value, in
// a literal list whose element before it is at prev. On a line of its own
// the whole line goes; otherwise the separator before it and the element.
// It returns nil when the source is not that simple shape (a comment in
// between, a computed list): then only a person can say what to delete.
func (p *Pass) removeElementFix(prev, cur hcl.Range, value string) *Fix {
	if _, ok := p.literalText(cur, value); !ok || prev.Filename != cur.Filename || prev.End.Byte > cur.Start.Byte {
		return nil
	}
	src := p.Config.Files[cur.Filename].Bytes
	lineStart := bytes.LastIndexByte(src[:cur.Start.Byte], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[cur.End.Byte:], '\n'); i >= 0 {
		lineEnd = cur.End.Byte + i + 1
	}
	head, tail := src[lineStart:cur.Start.Byte], bytes.TrimSpace(src[cur.End.Byte:lineEnd])
	desc := "delete " + quote(value)
	if lineStart > prev.End.Byte && len(bytes.TrimSpace(head)) == 0 && (len(tail) == 0 || string(tail) == ",") {
		// A comment on the line above covers this line; with the line
		// gone an ignore comment would cover the next entry instead.
		above := bytes.TrimSpace(src[bytes.LastIndexByte(src[:max(lineStart-1, 0)], '\n')+1 : lineStart])
		if bytes.HasPrefix(above, []byte("#")) || bytes.HasPrefix(above, []byte("//")) || bytes.HasSuffix(above, []byte("*/")) {
			return nil
		}
		r := hcl.Range{Filename: cur.Filename, Start: hcl.Pos{Line: cur.Start.Line, Column: 1, Byte: lineStart}, End: hcl.Pos{Line: cur.Start.Line + 1, Column: 1, Byte: lineEnd}}
		return rangeFix(r, string(src[lineStart:lineEnd]), "", desc, true)
	}
	if sep := bytes.TrimSpace(src[prev.End.Byte:cur.Start.Byte]); string(sep) != "," {
		return nil
	}
	r := hcl.Range{Filename: cur.Filename, Start: prev.End, End: cur.End}
	return rangeFix(r, string(src[prev.End.Byte:cur.End.Byte]), "", desc, true)
}

// AppliedFix is one fix ApplyFixes made.
type AppliedFix struct {
	Rule string
	Fix  Fix
}

// ApplyFixes applies the safe fixes of findings to sources (file name ->
// content) and returns the new contents of the files it changed and the
// fixes it applied, in file and source order. Fixes are applied from the
// end of each file, so earlier offsets stay valid; a fix overlapping one
// already taken, or whose Before no longer matches the source, is skipped;
// the same fix reported twice (one literal shared by two environments) is
// applied once.
func ApplyFixes(sources map[string][]byte, findings []Finding) (map[string][]byte, []AppliedFix) {
	byFile := map[string][]AppliedFix{}
	for _, f := range findings {
		if f.Fix != nil && f.Fix.Safe && sources[f.Fix.Range.Filename] != nil {
			byFile[f.Fix.Range.Filename] = append(byFile[f.Fix.Range.Filename], AppliedFix{Rule: f.Rule, Fix: *f.Fix})
		}
	}
	changed := map[string][]byte{}
	var applied []AppliedFix
	for _, name := range slices.Sorted(maps.Keys(byFile)) {
		out, done := applyFileFixes(sources[name], byFile[name])
		if len(done) > 0 {
			changed[name] = out
			applied = append(applied, done...)
		}
	}
	return changed, applied
}

// applyFileFixes applies fixes to one file's src, last first.
func applyFileFixes(src []byte, fixes []AppliedFix) ([]byte, []AppliedFix) {
	slices.SortStableFunc(fixes, func(a, b AppliedFix) int {
		if c := cmp.Compare(b.Fix.Range.Start.Byte, a.Fix.Range.Start.Byte); c != 0 {
			return c
		}
		return cmp.Compare(b.Fix.Range.End.Byte, a.Fix.Range.End.Byte)
	})
	out := slices.Clone(src)
	var done []AppliedFix
	limit := len(src) + 1 // start of the last fix taken
	for _, af := range fixes {
		r := af.Fix.Range
		if len(done) > 0 && sameFix(done[len(done)-1].Fix, af.Fix) {
			continue
		}
		if r.Start.Byte < 0 || r.Start.Byte > r.End.Byte || r.End.Byte > len(src) || r.End.Byte > limit ||
			(r.End.Byte == limit && r.Start.Byte == limit) || string(src[r.Start.Byte:r.End.Byte]) != af.Fix.Before {
			continue
		}
		out = slices.Concat(out[:r.Start.Byte], []byte(af.Fix.Text), out[r.End.Byte:])
		limit = r.Start.Byte
		done = append(done, af)
	}
	slices.Reverse(done)
	return out, done
}

func sameFix(a, b Fix) bool {
	return a.Range.Start.Byte == b.Range.Start.Byte && a.Range.End.Byte == b.Range.End.Byte && a.Text == b.Text
}
