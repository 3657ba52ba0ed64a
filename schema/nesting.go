package schema

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaxNesting is the deepest nesting of brackets, braces, parentheses and
// template interpolations a file may have. HCL's parser is recursive: far
// deeper input (some 100,000 levels) exhausts the goroutine stack, which
// is a fatal error that no recover can catch. Real configurations nest a
// few levels; HCL itself copes with tens of thousands.
const MaxNesting = 10000

// CheckNesting reports a file nested deeper than MaxNesting, before any
// parser sees it. It costs three byte counts unless the file holds at
// least MaxNesting opening brackets, and a lexer pass (no recursion) then.
func CheckNesting(src []byte, filename string) hcl.Diagnostics {
	open := bytes.Count(src, []byte("(")) + bytes.Count(src, []byte("[")) + bytes.Count(src, []byte("{"))
	if open < MaxNesting {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	depth := 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
			if depth > MaxNesting {
				return hcl.Diagnostics{{
					Severity: hcl.DiagError,
					Summary:  "Nesting too deep",
					Detail:   fmt.Sprintf("This file nests brackets, braces, parentheses or templates more than %d levels deep; terrarium refuses it rather than exhaust its stack.", MaxNesting),
					Subject:  t.Range.Ptr(),
				}}
			}
		case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace,
			hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}
