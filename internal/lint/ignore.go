package lint

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ignore is one "# terrarium:ignore RULE[,RULE] reason=... expires=..." comment.
type ignore struct {
	Range   hcl.Range // the comment
	Rules   []string
	Reason  string
	Expires *time.Time
	// StartLine and EndLine are the lines it covers, in Range.Filename.
	StartLine, EndLine int
	// Text is the comment as written (without its newline); ListStart and
	// ListEnd are the byte offsets in Text of the rule list.
	Text               string
	ListStart, ListEnd int

	matched map[string]bool // rules that had a finding in range
}

const ignoreMarker = "terrarium:ignore"

// active reports whether the comment may suppress findings at now.
func (ig *ignore) active(now time.Time) bool {
	return ig.Reason != "" && !ig.expired(now)
}

// expired reports whether the expiry date (the last day it holds, UTC) has passed.
func (ig *ignore) expired(now time.Time) bool {
	return ig.Expires != nil && !now.Before(ig.Expires.AddDate(0, 0, 1))
}

func (ig *ignore) covers(f Finding) bool {
	s := f.Subject
	return s.Filename == ig.Range.Filename && s.Start.Line >= ig.StartLine && s.Start.Line <= ig.EndLine && contains(ig.Rules, f.Rule)
}

// ignoreIndex finds the ignore comments covering a file and line.
type ignoreIndex map[string]map[int][]*ignore

func indexIgnores(ignores []*ignore) ignoreIndex {
	idx := ignoreIndex{}
	for _, ig := range ignores {
		lines := idx[ig.Range.Filename]
		if lines == nil {
			lines = map[int][]*ignore{}
			idx[ig.Range.Filename] = lines
		}
		for l := ig.StartLine; l <= ig.EndLine; l++ {
			lines[l] = append(lines[l], ig)
		}
	}
	return idx
}

// suppress reports whether an active ignore comment covers f, and records
// which comments matched it.
func suppress(idx ignoreIndex, f Finding, now time.Time) bool {
	hidden := false
	for _, ig := range idx[f.Subject.Filename][f.Subject.Start.Line] {
		if ig.covers(f) {
			ig.matched[f.Rule] = true
			hidden = hidden || ig.active(now)
		}
	}
	return hidden
}

// badIgnore is a comment that starts like an ignore comment but cannot be
// read; the ignore-malformed rule reports it at its own line, and the rest
// of the run goes on.
type badIgnore struct {
	Range  hcl.Range
	Detail string
}

// parseIgnores finds the ignore comments of every file, in file order, and
// the malformed ones. A rule an ignore comment names must be one of known.
func parseIgnores(files map[string]*hcl.File, known ruleSet) ([]*ignore, []badIgnore) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*ignore
	var bad []badIgnore
	for _, name := range names {
		igs, b := fileIgnores(name, files[name], known)
		out = append(out, igs...)
		bad = append(bad, b...)
	}
	return out, bad
}

// SyntaxNeeded reports whether Run reads the syntax tree of a
// configuration file with content src: only to find how far the ignore
// comments of a file that has some reach. Any other file may be loaded as
// schema.ReleasedFile keeps it (schema.LoadOptions.ReleaseSyntax).
func SyntaxNeeded(src []byte) bool {
	return bytes.Contains(src, []byte(ignoreMarker))
}

func fileIgnores(name string, f *hcl.File, known ruleSet) ([]*ignore, []badIgnore) {
	if f == nil || !SyntaxNeeded(f.Bytes) {
		return nil, nil
	}
	lines := splitLines(f.Bytes)
	var spans map[int]int
	var out []*ignore
	var bad []badIgnore
	for i, ln := range lines {
		if !bytes.Contains(ln.text, []byte(ignoreMarker)) {
			continue
		}
		// Lex only this line: the marker is rare, re-lexing whole files is not.
		tokens, _ := hclsyntax.LexConfig(ln.text, name, hcl.Pos{Line: i + 1, Column: 1, Byte: ln.offset})
		codeBefore := false
		for _, t := range tokens {
			switch t.Type {
			case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			case hclsyntax.TokenComment:
				ig, b := parseIgnoreComment(string(t.Bytes), t.Range, known)
				if b != nil {
					bad = append(bad, *b)
				}
				if ig == nil {
					continue
				}
				line := i + 1
				if !codeBefore {
					line = nextCodeLine(lines, i+1)
				}
				if spans == nil {
					spans = nodeSpans(f)
				}
				ig.StartLine, ig.EndLine = line, line
				if end, ok := spans[line]; ok {
					ig.EndLine = end
				}
				out = append(out, ig)
			default:
				codeBefore = true
			}
		}
	}
	return out, bad
}

type srcLine struct {
	text   []byte
	offset int
}

func splitLines(src []byte) []srcLine {
	var out []srcLine
	off := 0
	for len(src) > 0 {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			j = len(src) - 1
		}
		out = append(out, srcLine{text: src[:j+1], offset: off})
		off += j + 1
		src = src[j+1:]
	}
	return out
}

// nextCodeLine returns the 1-based number of the first line after index
// from (0-based) that is neither blank nor a line comment.
func nextCodeLine(lines []srcLine, from int) int {
	for i := from; i < len(lines); i++ {
		t := bytes.TrimSpace(lines[i].text)
		if len(t) > 0 && t[0] != '#' && !bytes.HasPrefix(t, []byte("//")) {
			return i + 1
		}
	}
	return from + 1
}

// nodeSpans maps the first line of every attribute and block to the last
// line of the outermost one starting there.
func nodeSpans(f *hcl.File) map[int]int {
	spans := map[int]int{}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return spans
	}
	var walk func(b *hclsyntax.Body)
	add := func(r hcl.Range) {
		if r.End.Line > spans[r.Start.Line] {
			spans[r.Start.Line] = r.End.Line
		}
	}
	walk = func(b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			add(a.SrcRange)
		}
		for _, blk := range b.Blocks {
			add(blk.Range())
			walk(blk.Body)
		}
	}
	walk(body)
	return spans
}

// ignoreSyntax is how an ignore comment is written, for messages.
const ignoreSyntax = `# terrarium:ignore RULE[,RULE] reason="..." [expires=YYYY-MM-DD]`

// parseIgnoreComment parses one comment: nil, nil for a comment that is
// not an ignore comment; nil and what is wrong for a malformed one.
func parseIgnoreComment(text string, r hcl.Range, known ruleSet) (*ignore, *badIgnore) {
	body := strings.TrimSpace(text)
	for _, p := range []string{"#", "//", "/*"} {
		body = strings.TrimPrefix(body, p)
	}
	body = strings.TrimSpace(strings.TrimSuffix(body, "*/"))
	if !strings.HasPrefix(body, ignoreMarker) {
		return nil, nil
	}
	r.End = r.Start
	r.End.Column += utf8.RuneCountInString(strings.TrimRight(text, "\r\n"))
	r.End.Byte += len(strings.TrimRight(text, "\r\n"))
	ig := &ignore{Range: r, matched: map[string]bool{}}
	// Text after a further " #" is a note for readers, not options.
	opts := strings.TrimPrefix(body, ignoreMarker)
	if i := strings.Index(opts, " #"); i >= 0 && strings.Count(opts[:i], "\"")%2 == 0 {
		opts = opts[:i]
	}
	bad := func(detail string) (*ignore, *badIgnore) {
		return nil, &badIgnore{Range: r, Detail: detail}
	}
	fields, ok := splitFields(opts)
	if !ok {
		return bad("A quoted value is not closed.")
	}
	const spacedEq = `Write each option as NAME=VALUE with no spaces around "=": reason="..." expires=YYYY-MM-DD.`
	for _, f := range fields {
		if strings.HasPrefix(f, "=") || strings.HasSuffix(f, "=") {
			return bad(spacedEq)
		}
	}
	// The rule list is every field before the first option, so that
	// "a, b" reads as "a,b".
	n := 0
	for n < len(fields) && !strings.Contains(fields[n], "=") {
		n++
	}
	if n == 0 {
		return bad("Name the rules to ignore: " + ignoreSyntax + ".")
	}
	for _, name := range strings.Split(strings.Join(fields[:n], " "), ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			return bad("A rule name is missing between commas: " + ignoreSyntax + ".")
		case strings.ContainsAny(name, " \t"):
			return bad("Separate rule names with commas, not spaces: " + ignoreSyntax + ".")
		case known.lookup(name) == nil && !isCustomName(name):
			// A custom rule only a --policy file defines may be
			// missing from this run; its name cannot be checked here.
			return bad(known.unknownMessage(name))
		}
		ig.Rules = append(ig.Rules, name)
	}
	ig.Text = strings.TrimRight(text, "\r\n")
	pos := strings.Index(ig.Text, ignoreMarker) + len(ignoreMarker)
	for i, f := range fields[:n] {
		k := strings.Index(ig.Text[pos:], f)
		if i == 0 {
			ig.ListStart = pos + k
		}
		pos += k + len(f)
	}
	ig.ListEnd = pos
	seen := map[string]bool{}
	for _, f := range fields[n:] {
		k, v, hasEq := strings.Cut(f, "=")
		if !hasEq || k == "" {
			return bad(spacedEq)
		}
		if seen[k] && (k == "reason" || k == "expires") {
			return bad(quote(k) + " is given twice.")
		}
		seen[k] = true
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		switch k {
		case "reason":
			ig.Reason = strings.TrimSpace(v)
		case "expires":
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return bad("expires must be a date written YYYY-MM-DD, not " + quote(v) + ".")
			}
			ig.Expires = &t
		default:
			return bad("Unknown option " + quote(k) + "; an ignore comment takes reason and expires.")
		}
	}
	return ig, nil
}

// splitFields splits on spaces outside double quotes.
func splitFields(s string) ([]string, bool) {
	var out []string
	var cur strings.Builder
	inQuote, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && inQuote:
			escaped = true
		case r == '"':
			inQuote = !inQuote
		case (r == ' ' || r == '\t') && !inQuote:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out, !inQuote
}
