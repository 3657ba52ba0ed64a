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

// CheckNesting reports a file nested deeper than MaxNesting. Every parser of
// configuration text (load, fmt) calls it before hclsyntax or hclwrite.
// Files too small to nest dangerously deep are not lexed.
func CheckNesting(src []byte, filename string) hcl.Diagnostics {
	if nestingBound(src) <= uncheckedNesting || shallowByScan(src) {
		return nil
	}
	return lexNesting(src, filename)
}

// lexNesting is CheckNesting by HCL's lexer: the depth of brackets,
// braces, parentheses and template sequences, plus the run of prefix
// operators, at every token.
func lexNesting(src []byte, filename string) hcl.Diagnostics {
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	depth, run := 0, 0
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		}
		if tok.Type == hclsyntax.TokenBang || tok.Type == hclsyntax.TokenMinus {
			run++
		} else {
			run = 0
		}
		if depth+run > MaxNesting {
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

// nestingBound counts the bytes that can open a level of the parser's
// recursion: brackets, braces, parentheses (templates open with "${" and
// "%{"), prefix operators and conditionals. No file nests deeper.
func nestingBound(src []byte) int {
	n := 0
	for _, c := range src {
		switch c {
		case '[', '{', '(', '!', '-', '?':
			n++
		}
	}
	return n
}

// shallowByScan reports that lexNesting would find src within MaxNesting,
// from one pass over its bytes that builds no tokens. It follows HCL's
// lexical modes (code; quoted templates and the ${ } and %{ } sequences
// in them, which nest; comments) and counts what lexNesting counts, and it
// gives up (false, so that the lexer decides) on whatever it does not
// follow exactly: a heredoc, a "$$" or "%%" in a quoted template, a
// backslash escape other than \" \\ \n \r \t \u \U, a line break, a
// control byte or a non-ASCII byte in a quoted template, an unclosed block
// comment. FuzzShallowByScan pins it against lexNesting.
func shallowByScan(src []byte) bool {
	// stack holds the open quoted templates (-1) and the sequences inside
	// them (the count of braces opened in the sequence); empty is code.
	var stack []int
	depth, run := 0, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if n := len(stack); n > 0 && stack[n-1] < 0 { // in a quoted template
			run = 0
			if c >= 0x80 || c < 0x20 {
				return false // a line break, a control byte or UTF-8: let the lexer judge
			}
			switch c {
			case '"':
				stack = stack[:n-1]
			case '\\':
				if i+1 >= len(src) || strings.IndexByte(`"\\nrtuU`, src[i+1]) < 0 {
					return false
				}
				i++
			case '$', '%':
				if i+1 < len(src) && src[i+1] == c {
					return false // an escaped sequence start: "$${", "%%{"
				}
				if i+1 < len(src) && src[i+1] == '{' {
					depth++
					stack = append(stack, 0)
					i++
				}
			}
		} else {
			switch c {
			case ' ', '\t':
				continue // not a token: a run of prefix operators goes on
			case '!', '-':
				run++
			case '"':
				run = 0
				stack = append(stack, -1)
			case '{', '[', '(':
				run = 0
				depth++
				if n > 0 && c == '{' {
					stack[n-1]++
				}
			case '}', ']', ')':
				run = 0
				depth = max(depth-1, 0)
				if n > 0 && c == '}' {
					if stack[n-1] == 0 {
						stack = stack[:n-1] // the end of a template sequence
					} else {
						stack[n-1]--
					}
				}
			case '#':
				run = 0
				i = lineEnd(src, i)
			case '/':
				run = 0
				if i+1 < len(src) && src[i+1] == '/' {
					i = lineEnd(src, i)
				} else if i+1 < len(src) && src[i+1] == '*' {
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						return false
					}
					i += 2 + end + 1
				}
			case '<':
				if i+1 < len(src) && src[i+1] == '<' {
					return false // a heredoc
				}
				run = 0
			default:
				run = 0
			}
		}
		if depth+run > MaxNesting {
			return false
		}
	}
	return true
}

// lineEnd is the index of the last byte before the line break that ends
// the line holding src[i] (a comment runs to there).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j - 1
	}
	return len(src) - 1
}
