package lint

import (
	"bytes"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var bidiControl = &Rule{
	Name:             "bidi-control",
	Title:            "Bidirectional control or invisible character in the source",
	Severity:         SeverityError,
	Tags:             []string{tagSecurity},
	SecuritySeverity: 8.0,
	Doc: `Finds Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069,
U+200E, U+200F, U+061C) and invisible formatting characters (zero-width
space and joiners, word joiner, soft hyphen, tag characters and the other
format characters, Hangul fillers) anywhere in a configuration file: in
strings, keys, labels and comments. The raw bytes are scanned, so comments
are covered too. A byte order mark opening a file is an encoding
signature, not text, and is allowed.

Bidirectional controls make text display in an order other than the one the
parser reads ("Trojan Source", CVE-2021-42574): a reviewer reading the
file, the diff or the plan sees one thing and terrarium applies another.
Invisible characters make two different names, keys or hosts look the
same.

Fix: delete the character. When a string really needs it, write it as an
escape ("\u200D"), which gives the same value and shows it. lint --fix does
exactly that: in a quoted string it writes the escape, in a comment it
deletes the character. In a heredoc, where escapes are not read, and in an
ignore comment, where the deletion could make the comment hide findings, a
person must choose.`,
	Check: func(p *Pass) {
		for _, name := range p.fileNames() {
			if f := p.Config.Files[name]; f != nil {
				for _, fd := range invisibleRuns(name, f.Bytes) {
					p.Report(fd)
				}
			}
		}
	},
}

// bidiNames names the bidirectional controls (Unicode, General Punctuation
// and Arabic blocks).
var bidiNames = map[rune]string{
	0x061C: "ARABIC LETTER MARK", 0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK",
	0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE", 0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
}

// invisibleNames names the common invisible characters; others are given
// by code point only.
var invisibleNames = map[rune]string{
	0x00AD: "SOFT HYPHEN", 0x180E: "MONGOLIAN VOWEL SEPARATOR", 0x200B: "ZERO WIDTH SPACE",
	0x200C: "ZERO WIDTH NON-JOINER", 0x200D: "ZERO WIDTH JOINER", 0x2060: "WORD JOINER",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE", 0x115F: "HANGUL CHOSEONG FILLER", 0x1160: "HANGUL JUNGSEONG FILLER",
	0x3164: "HANGUL FILLER", 0xFFA0: "HALFWIDTH HANGUL FILLER",
}

// invisible reports whether r is a bidi control or draws nothing: every
// format character (category Cf) and the Hangul fillers.
func invisible(r rune) bool {
	_, named := invisibleNames[r]
	return named || unicode.Is(unicode.Cf, r)
}

func charName(r rune) string {
	name := bidiNames[r]
	if name == "" {
		name = invisibleNames[r]
	}
	if name == "" {
		return fmt.Sprintf("U+%04X", r)
	}
	return fmt.Sprintf("U+%04X %s", r, name)
}

// invisibleRuns finds each run of adjacent invisible characters in src
// and makes a finding of it, with its exact position and a fix that fits
// where it stands.
func invisibleRuns(name string, src []byte) []Finding {
	if !hasNonASCII(src) {
		return nil
	}
	var out []Finding
	var tokens hclsyntax.Tokens
	line, lineStart := 1, 0
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == '\n' {
			line, lineStart = line+1, i+1
		}
		// A byte order mark opening the file is an encoding signature the
		// parser skips, not text anyone reads.
		if !invisible(r) || (i == 0 && r == 0xFEFF) {
			i += n
			continue
		}
		if tokens == nil {
			tokens, _ = hclsyntax.LexConfig(src, name, hcl.InitialPos)
		}
		start, col := i, utf8.RuneCount(src[lineStart:i])+1
		var runes []rune
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if !invisible(r) {
				break
			}
			runes = append(runes, r)
			i += n
		}
		rng := hcl.Range{Filename: name,
			Start: hcl.Pos{Line: line, Column: col, Byte: start},
			End:   hcl.Pos{Line: line, Column: col + len(runes), Byte: i}}
		out = append(out, invisibleFinding(rng, string(src[start:i]), runes, tokenAt(tokens, start)))
	}
	return out
}

func hasNonASCII(src []byte) bool {
	for _, b := range src {
		if b >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// tokenAt returns the token holding byte offset off (TokenInvalid when
// none does).
func tokenAt(tokens hclsyntax.Tokens, off int) hclsyntax.Token {
	i := sort.Search(len(tokens), func(i int) bool { return tokens[i].Range.End.Byte > off })
	if i < len(tokens) && tokens[i].Range.Start.Byte <= off {
		return tokens[i]
	}
	return hclsyntax.Token{Type: hclsyntax.TokenInvalid}
}

func invisibleFinding(r hcl.Range, text string, runes []rune, in hclsyntax.Token) Finding {
	kind, why := "Invisible formatting character", "It draws nothing, so two different values can look the same."
	for _, c := range runes {
		if bidiNames[c] != "" {
			kind, why = "Bidirectional control character", "It makes the text display in another order than the parser reads it (Trojan Source, CVE-2021-42574)."
			break
		}
	}
	where, escaped := "the source", ""
	for _, c := range runes {
		escaped += escapeRune(c)
	}
	var fix *Fix
	switch in.Type {
	case hclsyntax.TokenQuotedLit:
		where = "a string"
		fix = rangeFix(r, text, escaped, "write it as the escape "+escaped, true)
	case hclsyntax.TokenComment:
		where = "a comment"
		// In an ignore comment the deletion could turn an unreadable
		// comment into one that hides findings: a person decides.
		fix = rangeFix(r, text, "", "delete it from the comment", !bytes.Contains(in.Bytes, []byte(ignoreMarker)))
	case hclsyntax.TokenStringLit:
		where = "a heredoc"
	}
	names := charName(runes[0])
	if len(runes) > 1 {
		names = fmt.Sprintf("%s and %d more", names, len(runes)-1)
	}
	return Finding{
		Summary: kind + " " + names + " in " + where,
		Detail:  why + " Delete it, or write it as the escape " + escaped + " in a quoted string when it is meant.",
		Subject: r, Value: escaped, Fix: fix,
	}
}

// escapeRune is HCL's escape for r in a quoted string.
func escapeRune(r rune) string {
	if r > 0xFFFF {
		return fmt.Sprintf(`\U%08X`, r)
	}
	return fmt.Sprintf(`\u%04X`, r)
}
