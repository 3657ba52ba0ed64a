// Package escape holds the one escaping rule of each output format
// terrarium writes, for every string that did not come from terrarium
// itself: configuration values, keys and labels, for_each keys, file names,
// live values and error messages from the API, variable values.
//
// Views never write such a string directly. They format with Term (a
// terminal) or MD (markdown), which escape every argument that is not of
// type Safe; only text terrarium wrote itself (format strings, colour
// codes, already escaped text) is Safe. A new view that formats through
// these helpers cannot forget an argument.
//
//   - Terminal text: C0 controls, DEL, C1 controls, invalid UTF-8 and the
//     Unicode bidirectional and invisible formatting characters (the
//     "Trojan Source" kind, CVE-2021-42574) become visible escapes
//     (`\u001b`, `\x9b`); a newline in a single-line position becomes `\n`.
//   - Markdown (CommonMark with GitHub's table extension): ASCII
//     punctuation becomes a numeric character reference, so no input can
//     open a cell, a row, a tag, a link, emphasis or a code span; controls
//     and newlines become visible escapes.
//   - JSON: the encoding/json encoding, with DEL, C1 and the formatting
//     characters also written as \u escapes (see JSON).
package escape

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Safe is text terrarium wrote itself, or text already escaped for the
// format at hand: the formatters print it as is.
type Safe string

// Hidden reports whether r is a Unicode character that changes how the
// text around it is displayed without being visible itself: the bidi
// embedding, override and isolate controls, the marks, zero-width
// characters, the line and paragraph separators and the byte order mark.
func Hidden(r rune) bool {
	switch {
	case r == 0x061C, r == 0x180E, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F: // zero width space/joiners, LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202E: // separators, LRE RLE PDF LRO RLO
		return true
	case r >= 0x2060 && r <= 0x206F: // word joiner, invisible operators, LRI RLI FSI PDI, deprecated formats
		return true
	}
	return false
}

// Control reports whether r is a C0 control, DEL or a C1 control.
func Control(r rune) bool {
	return r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F)
}

// unsafe reports whether r must be escaped in terminal text.
func unsafe(r rune) bool { return Control(r) || Hidden(r) }

// Line escapes s for a single-line position of terminal text: every
// control, newline and tab included, and every hidden formatting character
// becomes a visible escape.
func Line(s string) string { return term(s, false) }

// Block escapes s for a multi-line position of terminal text: like Line,
// but newlines and tabs are kept.
func Block(s string) string { return term(s, true) }

func term(s string, multiline bool) string {
	if clean(s, multiline) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean reports whether s needs no terminal escaping.
func clean(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || (unsafe(r) && !(multiline && (r == '\n' || r == '\t'))) {
			return false
		}
		i += n
	}
	return true
}

// MDText escapes s for any inline position of GitHub-flavoured markdown:
// table cells, list items, headings, a paragraph, and the raw HTML of
// <summary>. Each character that markdown or HTML could read as markup
// becomes a numeric character reference (which both decode to the
// character itself, never to markup): the pipe, brackets, angle brackets,
// emphasis and code marks, the colon of a URL scheme, the at sign of a
// mention or e-mail link, the dot of "www.", and the marks that would open
// a list, heading, quote or thematic break at the start of a line. Controls,
// newlines and hidden formatting characters become visible escapes.
func MDText(s string) string {
	e := Line(s)
	var b strings.Builder
	lower := strings.ToLower(e)
	lead, start := true, true // in the leading spaces; in the leading spaces and digits
	for i := 0; i < len(e); i++ {
		c := e[i]
		if mdEscapes(lower, i, lead, start) {
			b.WriteString("&#" + strconv.Itoa(int(c)) + ";")
		} else {
			b.WriteByte(c)
		}
		lead = lead && c == ' '
		start = start && (c == ' ' || (c >= '0' && c <= '9'))
	}
	return b.String()
}

// mdEscapes reports whether the byte at i of s must be a character
// reference. lead and start say whether only spaces, or only spaces and
// digits, come before it.
func mdEscapes(s string, i int, lead, start bool) bool {
	c := s[i]
	word := func(j int) bool {
		return j >= 0 && j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9' || s[j] >= 0x80)
	}
	switch c {
	case '_': // emphasis, but not inside a word
		return !word(i-1) || !word(i+1)
	case ':': // a URL scheme ("https://") or an emoji shortcode (":warning:")
		return i+1 < len(s) && (s[i+1] == '/' || s[i+1] >= 'a' && s[i+1] <= 'z' || s[i+1] == '_' || s[i+1] == '+' || s[i+1] == '-')
	case '.': // "www." links, "1." lists
		return start || (i >= 3 && s[i-3:i] == "www")
	case ' ', '-', '+', '=': // indented code, lists, setext headings
		return lead
	}
	return strings.IndexByte(mdMarkup, c) >= 0
}

// mdMarkup is the ASCII punctuation that is markup anywhere in a line of
// GitHub-flavoured markdown or inline HTML.
const mdMarkup = "!#$&()*<>@[\\]^`{|}~"

// MDCode renders s as inline code for markdown: a backtick code span when
// s fits in one (no backtick, pipe, control, newline or hidden character),
// otherwise HTML <code> holding MDText(s). Both are safe in a table cell.
func MDCode(s string) string {
	if s != "" && s == Line(s) && !strings.ContainsAny(s, "`|") && strings.TrimSpace(s) == s {
		return "`" + s + "`"
	}
	return "<code>" + MDText(s) + "</code>"
}

// MDFence escapes one line of a fenced code block whose lines each start
// with a diff mark ("+ ", "- ", "~ "), so that no line can close the
// fence: the text stays on one line and its controls are visible.
func MDFence(s string) string { return Line(s) }

// GitHubData escapes the message of a GitHub Actions workflow command
// ("::error file=...::MESSAGE"), as the runner's own toolkit does: % \r \n
// as %25 %0D %0A. The caller escapes controls for the log first (Block).
func GitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// GitHubProperty escapes a property value of a workflow command: as
// GitHubData, and also : and , which separate properties. Controls, which
// the log would act on, become visible escapes.
func GitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Block(s))
}

// shellSafe are the bytes a POSIX shell word may hold unquoted.
const shellSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-"

// Shell quotes s as one word for a POSIX shell, for a command terrarium
// prints for the user to run: as it is when it holds only safe characters
// (and does not start with "-", which a command would read as a flag), in
// single quotes otherwise, and as $'...' with \xNN escapes when it holds a
// control, bidi or invisible character (which must never reach a terminal
// raw, nor hide what the pasted command does).
func Shell(s string) string {
	if s != "" && !strings.HasPrefix(s, "-") && strings.Trim(s, shellSafe) == "" {
		return s
	}
	if !strings.ContainsFunc(s, unsafe) && utf8.ValidString(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for _, c := range []byte(s) {
		switch {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
