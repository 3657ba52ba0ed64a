package schema

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaxTemplateParts is the most parts one template (a quoted string or a
// heredoc) may have: its runs of literal text (each heredoc line is one, and
// each "$${" or "%%{" escape starts another), its ${ } interpolations and
// its %{ } directives. HCL's parser joins the literal parts of a template
// pairwise, copying the text joined so far and every part after it each
// time, so the cost grows with the square of the count: a heredoc of 80,000
// one-letter lines took seconds, and the four million lines an 8 MiB file
// can hold, hours. A real template has a few dozen parts.
const MaxTemplateParts = 2000

// checkTemplates reports a template of src with more than MaxTemplateParts
// parts. Only a file with enough interpolation starts, or with a heredoc,
// can hold one; any other is not lexed.
func checkTemplates(src []byte, filename string) hcl.Diagnostics {
	if !bytes.Contains(src, []byte("<<")) && bytes.Count(src, []byte("${"))+bytes.Count(src, []byte("%{")) < MaxTemplateParts/2 {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	var open []int // the parts counted in each template open, innermost last
	var start []hcl.Range
	for _, tok := range tokens {
		switch tok.Type {
		case hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			open, start = append(open, 0), append(start, tok.Range)
		case hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			if n := len(open); n > 0 {
				open, start = open[:n-1], start[:n-1]
			}
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			n := len(open)
			if n == 0 {
				continue
			}
			if open[n-1]++; open[n-1] > MaxTemplateParts {
				return hcl.Diagnostics{{
					Severity: hcl.DiagError,
					Summary:  "Template too long",
					Detail: fmt.Sprintf("This string or heredoc has more than %d parts (lines of a heredoc, ${ } and %%{ } sequences, $${ and %%%%{ escapes); terrarium does not parse it, since the time to do so grows with the square of that count. Split it, or build it with join() from a list.",
						MaxTemplateParts),
					Subject: start[n-1].Ptr(),
				}}
			}
		}
	}
	return nil
}
