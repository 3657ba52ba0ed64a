package schema

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaxNesting is the deepest nesting of brackets, braces, parentheses,
// template interpolations and prefix operators a file may have. HCL's parser
// is recursive descent: about 100,000 levels exhaust Go's 1 GB stack, which
// is a fatal error no recover() can catch, so files are checked by the
// (iterative) lexer before they are parsed.
const MaxNesting = 1000

// MaxFileErrors is how many syntax errors of one file are reported. Noise
// (4 KB of NUL bytes) yields one error per byte, and each rendered error
// shows its source line, so reporting all of them turns kilobytes of input
// into hundreds of megabytes of output.
const MaxFileErrors = 20

// CapErrors keeps the first MaxFileErrors diagnostics of a file's parse and
// says how many more there were.
func CapErrors(diags hcl.Diagnostics, filename string) hcl.Diagnostics {
	if len(diags) <= MaxFileErrors {
		return diags
	}
	more := len(diags) - MaxFileErrors
	return append(diags[:MaxFileErrors:MaxFileErrors], &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Too many errors",
		Detail:   fmt.Sprintf("%s has %d more syntax errors, not shown. Is it a configuration file?", filename, more),
	})
}

// uncheckedNesting bounds the nesting-capable bytes a file may hold and
// still skip the lexer: the parser recurses at most once per such byte, and
// 20,000 levels are far from the ~100,000 that exhaust the stack. Lexing a
// file only to count its brackets would double the cost of every load.
const uncheckedNesting = 20000

// CheckNesting reports a file nested deeper than MaxNesting, or holding a
// template with more than MaxTemplateParts parts (templates.go). Every
// parser of configuration text (load, fmt) calls it before hclsyntax or
// hclwrite. Files too small to nest dangerously deep are not lexed.
func CheckNesting(src []byte, filename string) hcl.Diagnostics {
	if d := checkNestingOnly(src, filename); d.HasErrors() {
		return d
	}
	// Templates after nesting: a file that nests too deep is refused
	// from its start (above), before checkTemplates lexes all of it.
	return checkTemplates(src, filename)
}

// checkNestingOnly is CheckNesting without the template check.
func checkNestingOnly(src []byte, filename string) hcl.Diagnostics {
	if nestingBound(src) <= uncheckedNesting {
		return nil
	}
	shallow, deepAt := scanNesting(src)
	if shallow {
		return nil
	}
	if deepAt >= 0 {
		// The scan followed the file exactly up to deepAt, where it counted
		// past MaxNesting: the lexer confirms it on that prefix alone (a
		// prefix lexes as the start of the whole), so that a file of 8 MiB
		// of "[0]" or ".a" costs the tokens of a few kilobytes, not the
		// gigabytes of its millions of tokens. The scan may count more
		// than the lexer; then the lexer judges the whole file.
		if d := lexNesting(src[:deepAt+1], filename); d.HasErrors() {
			return d
		}
	}
	// The scan gave up (a heredoc, say): the lexer judges growing
	// prefixes, then the whole, so that a file that goes too deep early
	// is refused at the cost of its start, whatever follows. A verdict on
	// a prefix holds for the whole: the tokens before the cut are the
	// whole file's, and a cut can only end a level's item sooner (a "{"
	// whose "for" is cut off), never count more.
	for n := lexPrefix; n < len(src); n *= 8 {
		if d := lexNesting(src[:n], filename); d.HasErrors() {
			return d
		}
	}
	return lexNesting(src, filename)
}

// lexPrefix is the first prefix, in bytes, that CheckNesting lexes of a
// file its scan could not follow (64 KiB); each next one is 8 times as
// long, so the prefixes cost at most a sixth more than the whole.
const lexPrefix = 64 << 10

// lexNesting is CheckNesting by HCL's lexer. It bounds how deep the
// parser recurses and how deep the syntax tree it builds is (walking and
// evaluating the tree recurse as deep): the brackets, braces, parentheses
// and template sequences open at every token, plus, in each of them, the
// operators since the last comma or line break that ends an item (every
// operator, prefix, binary or conditional, and every bracketed group
// followed by more, can wrap what came before in one more node: a chain
// of 300,000 "true ? 1 :" or 3 million "1 +" overflows the stack), plus the
// template if and for directives open. A traversal step (the "." of a.b or
// a.*) counts as an operator too, and an index or splat ("[0]", "[*]") as a
// bracketed group followed by more, so that a chain of steps is bounded by
// MaxNesting as well: the parser keeps a chain flat, but an 8 MiB chain of
// millions of steps took gigabytes to lex, parse and format.
func lexNesting(src []byte, filename string) hcl.Diagnostics {
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	var n nestCount
	ctl := 0
	for i, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			n.open(tok.Type == hclsyntax.TokenOBrace && !forFollows(tokens[i+1:]))
			if tok.Type == hclsyntax.TokenTemplateControl {
				switch nextWord(tokens[i+1:]) {
				case "if", "for":
					ctl++
				case "endif", "endfor":
					ctl = max(ctl-1, 0)
				}
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen:
			n.close(true)
		case hclsyntax.TokenTemplateSeqEnd:
			n.close(false) // a template's parts are a list, not nested
		case hclsyntax.TokenComma:
			n.endItem(false)
		case hclsyntax.TokenNewline:
			n.endItem(true)
		case hclsyntax.TokenComment:
			if bytes.HasSuffix(tok.Bytes, []byte("\n")) { // a line comment ends its line
				n.endItem(true)
			}
		case hclsyntax.TokenDot, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPlus, hclsyntax.TokenMinus,
			hclsyntax.TokenPercent, hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual,
			hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan,
			hclsyntax.TokenGreaterThanEq, hclsyntax.TokenAnd, hclsyntax.TokenOr,
			hclsyntax.TokenBang, hclsyntax.TokenQuestion:
			n.operator()
		}
		if n.depth()+ctl > MaxNesting {
			return hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Configuration nested too deeply",
				Detail:   fmt.Sprintf("This file nests expressions more than %d levels deep; terrarium does not parse it.", MaxNesting),
				Subject:  tok.Range.Ptr(),
			}}
		}
	}
	return nil
}

// forFollows reports whether the first token after a brace, past line
// breaks and comments, is the word for: the brace opens a for expression,
// in which line breaks do not end an item.
func forFollows(tokens hclsyntax.Tokens) bool {
	for _, t := range tokens {
		if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenComment {
			return t.Type == hclsyntax.TokenIdent && string(t.Bytes) == "for"
		}
	}
	return false
}

// nextWord is the identifier that starts tokens, or "".
func nextWord(tokens hclsyntax.Tokens) string {
	if len(tokens) > 0 && tokens[0].Type == hclsyntax.TokenIdent {
		return string(tokens[0].Bytes)
	}
	return ""
}

// nestCount follows the levels open at a point of a file and the
// operators in each since its last item ended.
type nestCount struct {
	levels []nestLevel // the innermost last; the file's body is not one
	top    nestLevel   // the file's body
	ops    int         // the operators of all the levels
	grew   bool        // set by open and operator, for the caller to clear
}

type nestLevel struct {
	ops int
	// lines is set for a body or an object: a line break ends an item.
	lines bool
}

func (n *nestCount) cur() *nestLevel {
	if len(n.levels) == 0 {
		n.top.lines = true
		return &n.top
	}
	return &n.levels[len(n.levels)-1]
}

func (n *nestCount) depth() int { return len(n.levels) + n.ops }

func (n *nestCount) open(lines bool) {
	n.levels = append(n.levels, nestLevel{lines: lines})
	n.grew = true
}

// close ends the innermost level; wraps says the group may be wrapped, as
// an operand, by what follows (an index, an operator).
func (n *nestCount) close(wraps bool) {
	if len(n.levels) > 0 {
		n.ops -= n.levels[len(n.levels)-1].ops
		n.levels = n.levels[:len(n.levels)-1]
	}
	if wraps {
		n.operator()
	}
}

func (n *nestCount) operator() { n.cur().ops++; n.ops++; n.grew = true }

func (n *nestCount) endItem(lineBreak bool) {
	if l := n.cur(); !lineBreak || l.lines {
		n.ops -= l.ops
		l.ops = 0
	}
}

// nestingBound bounds what lexNesting counts from the bytes alone: each
// bracket, brace or parenthesis (templates open with "${" and "%{") opens
// a level and, closed, may count as an operator of the level around it;
// operators are written with the other bytes counted. No file nests deeper.
func nestingBound(src []byte) int {
	n := 0
	for _, c := range src {
		switch c {
		case '[', '{', '(':
			n += 2
		case '!', '-', '?', '+', '*', '/', '%', '<', '>', '&', '|', '=', '.':
			n++
		}
	}
	return n
}

// shallowByScan reports that lexNesting would find src within MaxNesting,
// from one pass over its bytes that builds no tokens. It follows HCL's
// lexical modes (code; quoted templates and the ${ } and %{ } sequences
// in them, which nest; comments) and counts at least what lexNesting
// counts (every %{ as a directive that opens, a single & or | as an
// operator), and it gives up (false, so that the lexer decides) on
// whatever it does not follow exactly: a heredoc, a "$$" or "%%" in a
// quoted template, a backslash escape other than \" \\ \n \r \t \u \U, a
// line break, a control byte or a non-ASCII byte in a quoted template, an
// unclosed block comment. FuzzShallowByScan pins it against lexNesting.
func shallowByScan(src []byte) bool {
	shallow, _ := scanNesting(src)
	return shallow
}

// scanNesting is shallowByScan, and when it is not shallow because the
// count went past MaxNesting (rather than because the scan gave up), the
// offset of the byte where it did; -1 otherwise.
func scanNesting(src []byte) (shallow bool, deepAt int) {
	// stack holds the open quoted templates (-1) and the sequences inside
	// them (the count of braces opened in the sequence); empty is code.
	var stack []int
	var nc nestCount
	ctl := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if n := len(stack); n > 0 && stack[n-1] < 0 { // in a quoted template
			if c >= 0x80 || c < 0x20 {
				return false, -1 // a line break, a control byte or UTF-8: let the lexer judge
			}
			switch c {
			case '"':
				stack = stack[:n-1]
			case '\\':
				if i+1 >= len(src) || strings.IndexByte(`"\\nrtuU`, src[i+1]) < 0 {
					return false, -1
				}
				i++
			case '$', '%':
				if i+1 < len(src) && src[i+1] == c {
					return false, -1 // an escaped sequence start: "$${", "%%{"
				}
				if i+1 < len(src) && src[i+1] == '{' {
					if c == '%' {
						ctl++ // nc.open sets grew
					}
					nc.open(false)
					stack = append(stack, 0)
					i++
				}
			}
		} else if codeByte[c] {
			switch c {
			case '\n':
				nc.endItem(true)
			case ',':
				nc.endItem(false)
			case '"':
				stack = append(stack, -1)
			case '{', '[', '(':
				nc.open(c == '{' && !mayFollowFor(src[i+1:]))
				if n > 0 && c == '{' {
					stack[n-1]++
				}
			case '}', ']', ')':
				if n > 0 && c == '}' && stack[n-1] == 0 {
					stack = stack[:n-1] // the end of a template sequence
					nc.close(false)
				} else {
					if n > 0 && c == '}' {
						stack[n-1]--
					}
					nc.close(true)
				}
			case '#':
				i = lineEnd(src, i)
			case '/':
				if nextByte(src, i) == '/' {
					i = lineEnd(src, i)
				} else if nextByte(src, i) == '*' {
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						return false, -1
					}
					i += 2 + end + 1
				} else {
					nc.operator()
				}
			case '<':
				if nextByte(src, i) == '<' {
					return false, -1 // a heredoc
				}
				if nextByte(src, i) == '=' {
					i++
				}
				nc.operator()
			case '=':
				if nextByte(src, i) == '=' {
					i++
					nc.operator()
				}
			case '!', '>', '&', '|':
				if nextByte(src, i) == '=' || (nextByte(src, i) == c && c != '!' && c != '>') {
					i++
				}
				nc.operator()
			case '-', '?', '+', '*', '%', '.':
				nc.operator() // '.': a step of a traversal chain (a.b.c) counts as one

			}
		}
		if nc.grew && nc.depth()+ctl > MaxNesting {
			return false, i
		}
		nc.grew = false
	}
	return true, -1
}

// codeByte marks the bytes shallowByScan acts on in code; it passes over
// the others (letters, digits, spaces) without a look.
var codeByte = func() (t [256]bool) {
	for _, c := range []byte("\n,\"{[(}])#/<=!>&|-?+*%.") {
		t[c] = true
	}
	return t
}()

// nextByte is src[i+1], or 0 past the end.
func nextByte(src []byte, i int) byte {
	if i+1 < len(src) {
		return src[i+1]
	}
	return 0
}

// mayFollowFor reports whether the first token of src, past spaces and
// line breaks, may be the word for (or a comment that may hide it).
func mayFollowFor(src []byte) bool {
	src = bytes.TrimLeft(src, " \t\r\n")
	return bytes.HasPrefix(src, []byte("for")) || bytes.HasPrefix(src, []byte("#")) || bytes.HasPrefix(src, []byte("/"))
}

// lineEnd is the index of the last byte before the line break that ends
// the line holding src[i] (a comment runs to there).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j - 1
	}
	return len(src) - 1
}
