package schema

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// chunkMin is the size in bytes from which a file is parsed in chunks of
// top-level blocks, and about the size of each chunk: hclsyntax lexes a
// whole input into a token slice of about 30 times its size before
// parsing it, so a 350 KB file holds 10 MB of tokens at once, a 64 KB
// chunk 2 MB.
const chunkMin = 16 << 10

// parseChunked parses src as hclsyntax.ParseConfig(src, name,
// hcl.InitialPos) does, in chunks of about size bytes when src is at least twice that (the
// loader's size is chunkMin): it splits src at
// lines that may start a top-level block (chunkStarts), parses each chunk
// from its own position, and joins the chunks' top-level blocks into one
// body. It keeps the join only when every chunk parses without a
// diagnostic and holds blocks alone (no top-level argument, whose
// redefinition only a whole-file parse would see); otherwise it parses
// the whole file. A chunk that parses cleanly ends where the whole file's
// lexer and parser are back at the top level (no open brace, bracket,
// string, heredoc or comment: each of those left open is an error), so
// the joined body, its positions and its (empty) diagnostics are those of
// a whole-file parse.
func parseChunked(src []byte, name string, size int) (*hcl.File, hcl.Diagnostics) {
	starts := chunkStarts(src, size)
	if len(starts) == 0 {
		return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	root := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, Blocks: hclsyntax.Blocks{}}
	pos := hcl.InitialPos
	for i := 0; i <= len(starts); i++ {
		end := len(src)
		if i < len(starts) {
			end = starts[i].Byte
		}
		f, d := hclsyntax.ParseConfig(src[pos.Byte:end], name, pos)
		body, ok := f.Body.(*hclsyntax.Body)
		if len(d) > 0 || !ok || len(body.Attributes) > 0 {
			return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		}
		root.Blocks = append(root.Blocks, body.Blocks...)
		if i == 0 {
			root.SrcRange = body.SrcRange
		}
		root.SrcRange = hcl.RangeBetween(root.SrcRange, body.SrcRange)
		root.EndRange = body.EndRange
		if i < len(starts) {
			pos = starts[i]
		}
	}
	return &hcl.File{Body: root, Bytes: src, Nav: skeletonNav{root}}, nil
}

// chunkStarts is where src may be split into chunks of about size bytes:
// the positions (line, column 1, byte) of the lines after a line that is
// a lone closing brace, the end of a top-level block in a formatted file. It is a guess that
// parseChunked verifies; nil when src is smaller than 2 × size.
func chunkStarts(src []byte, size int) []hcl.Pos {
	if len(src) < 2*size {
		return nil
	}
	var starts []hcl.Pos
	line, last := 1, 0
	for off := 0; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			break
		}
		next := off + nl + 1
		line++
		if next < len(src) && next-last >= size && len(src)-next >= size &&
			string(bytes.TrimRight(src[off:next], " \t\r\n")) == "}" {
			starts = append(starts, hcl.Pos{Line: line, Column: 1, Byte: next})
			last = next
		}
		off = next
	}
	return starts
}
