package render

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// MaxExcerpt is the most bytes of a source line a view quotes. A longer
// line (a minified file, a 10 MB string) is cut to a window around the
// subject, marked with "…" at each cut: an error must not reprint a
// whole file that happens to be one line.
const MaxExcerpt = 200

// excerptLead is how much of the line before the subject a cut window keeps.
const excerptLead = 40

const ellipsis = "…"

// excerpt bounds line to MaxExcerpt bytes (plus the cut marks) around the
// byte span [start, end), returning the excerpt and the span's offsets in
// it. A line within the bound is returned as it is.
func excerpt(line string, start, end int) (string, int, int) {
	if len(line) <= MaxExcerpt {
		return line, start, end
	}
	start = min(max(start, 0), len(line))
	end = min(max(end, start), len(line))
	from := runeStart(line, max(0, start-excerptLead))
	to := runeStart(line, min(len(line), from+MaxExcerpt))
	var b strings.Builder
	if from > 0 {
		b.WriteString(ellipsis)
	}
	lead := b.Len()
	b.WriteString(line[from:to])
	if to < len(line) {
		b.WriteString(ellipsis)
	}
	s := start - from + lead
	e := min(end, to) - from + lead
	return b.String(), s, max(e, s)
}

// runeStart moves i back to the start of the UTF-8 sequence it is in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// wholeSourceMax is the largest file, in bytes (64 KiB), that
// boundedSource hands HCL's writer whole when no line is long.
const wholeSourceMax = 64 << 10

// boundedSource returns the sources and diagnostic to render d with: as
// given when every line d shows is within MaxExcerpt; otherwise a stand-in
// file holding only an excerpt of the subject's first line (at its line
// number), and a copy of d pointing into it.
func boundedSource(files map[string]*hcl.File, d *hcl.Diagnostic) (map[string]*hcl.File, *hcl.Diagnostic) {
	s := d.Subject
	if s == nil || files[s.Filename] == nil {
		return files, d
	}
	src := files[s.Filename].Bytes
	rng := *s
	if d.Context != nil {
		rng = hcl.RangeOver(rng, *d.Context)
	}
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte || s.Start.Byte > len(src) {
		return files, d
	}
	lineStart := bytes.LastIndexByte(src[:rng.Start.Byte], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[rng.End.Byte:], '\n'); i >= 0 {
		lineEnd = rng.End.Byte + i
	}
	if !hasLongLine(src[lineStart:lineEnd]) {
		if len(src) <= wholeSourceMax {
			return files, d
		}
		// HCL's writer scans the file from its start to its end for every
		// diagnostic, a cluster at a time: a stand-in of the lines shown
		// (at their line numbers) spares it the rest of a large file.
		shift := lineStart - (rng.Start.Line - 1)
		if shift <= 0 {
			return files, d
		}
		pad := lineStart - shift
		moved := func(r *hcl.Range) *hcl.Range {
			if r == nil {
				return nil
			}
			c := *r
			c.Start.Byte -= shift
			c.End.Byte -= shift
			return &c
		}
		c := *d
		c.Subject, c.Context = moved(d.Subject), moved(d.Context)
		stand := append([]byte(strings.Repeat("\n", pad)), src[lineStart:lineEnd]...)
		f := files[s.Filename]
		return map[string]*hcl.File{s.Filename: {Bytes: stand, Nav: shiftedNav{f.Nav, shift}}}, &c
	}
	ls := bytes.LastIndexByte(src[:s.Start.Byte], '\n') + 1
	le := len(src)
	if i := bytes.IndexByte(src[s.Start.Byte:], '\n'); i >= 0 {
		le = s.Start.Byte + i
	}
	end := s.End.Byte
	if end > le || end < s.Start.Byte {
		end = le
	}
	text, es, ee := excerpt(string(src[ls:le]), s.Start.Byte-ls, end-ls)
	pad := s.Start.Line - 1
	stand := []byte(strings.Repeat("\n", pad) + text)
	pos := func(off int) hcl.Pos {
		return hcl.Pos{Line: s.Start.Line, Column: utf8.RuneCountInString(text[:off]) + 1, Byte: pad + off}
	}
	c := *d
	c.Subject = &hcl.Range{Filename: s.Filename, Start: pos(es), End: pos(ee)}
	c.Context = nil
	return map[string]*hcl.File{s.Filename: {Bytes: stand}}, &c
}

// hasLongLine reports whether a line of b is longer than MaxExcerpt.
func hasLongLine(b []byte) bool {
	for len(b) > MaxExcerpt {
		i := bytes.IndexByte(b, '\n')
		if i < 0 || i > MaxExcerpt {
			return true
		}
		b = b[i+1:]
	}
	return false
}

// shiftedNav gives HCL's writer the context ("in environment ...") of an
// offset into boundedSource's stand-in: the file's context at the offset
// shift bytes further on.
type shiftedNav struct {
	nav   any
	shift int
}

// ContextString is what hcl.File.Nav offers HCL's diagnostic writer.
func (n shiftedNav) ContextString(offset int) string {
	if cs, ok := n.nav.(interface{ ContextString(int) string }); ok {
		return cs.ContextString(offset + n.shift)
	}
	return ""
}
