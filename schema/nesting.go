package schema

import (
	"fmt"

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
	if nestingBound(src) <= uncheckedNesting {
		return nil
	}
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
