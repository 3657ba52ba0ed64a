package render

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/render/escape"
)

// escapeDiagnostics returns diags and files with every string HCL's text
// writer prints escaped for a terminal: summaries, details, file names and
// the source lines of snippets. A source's controls become visible escapes,
// so its byte offsets change: the ranges of the copies point into the
// escaped sources, and the context ("in environment ...") is looked up at
// the original offset and escaped too.
func escapeDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) (map[string]*hcl.File, hcl.Diagnostics) {
	srcs := map[string]*escapedSource{}
	source := func(name string) *escapedSource {
		if s, ok := srcs[name]; ok {
			return s
		}
		var s *escapedSource
		if f := files[name]; f != nil && f.Bytes != nil && !cleanSource(f.Bytes) {
			s = escapeSource(f)
		}
		srcs[name] = s
		return s
	}
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		c.Summary, c.Detail = escape.Line(d.Summary), escape.Block(d.Detail)
		c.Subject, c.Context = escapeRange(d.Subject, source), escapeRange(d.Context, source)
		out[i] = &c
	}
	escFiles := make(map[string]*hcl.File, len(files))
	for name, f := range files {
		if s := srcs[name]; s != nil {
			f = s.file
		}
		escFiles[escape.Line(name)] = f
	}
	return escFiles, out
}

// escapeRange maps r into the escaped source of its file.
func escapeRange(r *hcl.Range, source func(string) *escapedSource) *hcl.Range {
	if r == nil {
		return nil
	}
	c := *r
	c.Filename = escape.Line(r.Filename)
	if s := source(r.Filename); s != nil {
		c.Start, c.End = s.pos(r.Start), s.pos(r.End)
	}
	return &c
}

// escapedSource is a source file with its controls escaped, and the map
// from the original byte offsets to the escaped ones.
type escapedSource struct {
	file *hcl.File
	off  []int // off[i] is where original byte i starts; len(src)+1 entries
}

// cleanSource reports whether src has nothing to escape: then it and the
// ranges into it are used as they are.
func cleanSource(src []byte) bool {
	return escape.Block(string(src)) == string(src) && !bytes.Contains(src, []byte("\r"))
}

func escapeSource(f *hcl.File) *escapedSource {
	src := f.Bytes
	off := make([]int, 0, len(src)+1)
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		keep := r == '\n' || r == '\t' || (r == '\r' && i+1 < len(src) && src[i+1] == '\n')
		piece := src[i : i+n]
		if !keep {
			piece = []byte(escape.Line(string(piece)))
		}
		for range n {
			off = append(off, len(out))
		}
		out = append(out, piece...)
		i += n
	}
	off = append(off, len(out))
	s := &escapedSource{off: off}
	s.file = &hcl.File{Body: f.Body, Bytes: out, Nav: escapedNav{f.Nav, s}}
	return s
}

// pos maps a position of the original source to the escaped one: the same
// line, the mapped byte, and the column counted again in the escaped line.
func (s *escapedSource) pos(p hcl.Pos) hcl.Pos {
	if p.Byte < 0 || p.Byte >= len(s.off) {
		return p
	}
	b := s.off[p.Byte]
	src := s.file.Bytes
	start := b
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	return hcl.Pos{Line: p.Line, Byte: b, Column: utf8.RuneCount(src[start:b]) + 1}
}

// original maps an escaped offset back to the original one.
func (s *escapedSource) original(b int) int {
	return sort.SearchInts(s.off, b)
}

// escapedNav gives HCL's writer the context of an escaped offset: the
// original file's context at the original offset, escaped.
type escapedNav struct {
	nav any
	src *escapedSource
}

// ContextString is what hcl.File.Nav offers HCL's diagnostic writer.
func (n escapedNav) ContextString(offset int) string {
	cs, ok := n.nav.(interface{ ContextString(int) string })
	if !ok {
		return ""
	}
	return escape.Line(cs.ContextString(n.src.original(offset)))
}
