package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// sameAsWholeFile fails t unless parsing src in chunks of size bytes gives
// the body, bytes and diagnostics of hclsyntax's whole-file parse, every
// position (line, column, byte) included.
func sameAsWholeFile(t *testing.T, src []byte, size int) {
	t.Helper()
	want, wantDiags := hclsyntax.ParseConfig(src, "f.hcl", hcl.InitialPos)
	got, gotDiags := parseChunked(src, "f.hcl", size)
	if !reflect.DeepEqual(got.Body, want.Body) {
		t.Fatalf("chunked parse (size %d) of %d bytes: body differs from a whole-file parse", size, len(src))
	}
	if !bytes.Equal(got.Bytes, want.Bytes) {
		t.Fatal("chunked parse: file bytes differ")
	}
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Fatalf("chunked parse: diagnostics %v, want %v", gotDiags, wantDiags)
	}
	// The context a diagnostic is printed with ("in environment "a"").
	type contextStringer interface{ ContextString(offset int) string }
	for off := 0; off <= len(src); off += len(src)/64 + 1 {
		if g, w := got.Nav.(contextStringer).ContextString(off), want.Nav.(contextStringer).ContextString(off); g != w {
			t.Fatalf("chunked parse: context at byte %d is %q, want %q", off, g, w)
		}
	}
}

// chunkCorpus is the examples' files and the fuzz seeds, each alone and
// all of them concatenated several times (a file large enough to chunk).
func chunkCorpus(t testing.TB) [][]byte {
	var srcs [][]byte
	paths, _ := filepath.Glob("../examples/*/*.hcl")
	hostile, _ := filepath.Glob("../internal/cli/testdata/hostile/*.hcl")
	for _, p := range append(paths, hostile...) {
		if src, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, src)
		}
	}
	var big []byte
	for range 8 {
		for _, p := range paths {
			src, _ := os.ReadFile(p)
			big = append(append(big, src...), '\n')
		}
	}
	return append(srcs, big, []byte(cloudEnv), []byte(strings.Repeat(cloudEnv+"\n", 200)))
}

func TestParseChunkedSameAsWholeFile(t *testing.T) {
	t.Parallel() // CPU only; the slowest tests of the package under -race
	for _, src := range chunkCorpus(t) {
		for _, size := range []int{1, 64, 1 << 10, chunkMin} {
			sameAsWholeFile(t, src, size)
		}
	}
}

// The bench's workload: 1,000 environments in one file of generated
// blocks, with for_each, heredocs, comments and templates, chunked.
func TestParseChunkedSplitsLargeFile(t *testing.T) {
	t.Parallel() // CPU only; the slowest tests of the package under -race
	var b strings.Builder
	for i := range 2000 {
		b.WriteString("# environment " + strings.Repeat("x", i%7) + "\n")
		b.WriteString("environment \"e" + strings.Repeat("a", i%5) + "\" {\n  name = \"n-${var.p}-{}\"\n  description = <<-EOT\n    }\n    not \"a block\" {\n    EOT\n  config {\n    type = \"cloud\" /* } */\n  }\n}\n\n")
	}
	src := []byte(b.String())
	if n := len(chunkStarts(src, chunkMin)); n < 2 {
		t.Fatalf("a %d-byte file of formatted blocks gave %d chunk starts, want several", len(src), n)
	}
	sameAsWholeFile(t, src, chunkMin)
	// Broken anywhere, the file is parsed whole: the diagnostics and
	// their positions are hclsyntax's.
	for _, cut := range []string{"}\n\n# environment xx\n", "<<-EOT\n", "/* } */", "\"n-${"} {
		i := bytes.Index(src[len(src)/2:], []byte(cut)) + len(src)/2
		broken := append(append(append([]byte(nil), src[:i]...), cut[:len(cut)/2]...), src[i+len(cut):]...)
		sameAsWholeFile(t, broken, chunkMin)
		sameAsWholeFile(t, broken, 1)
	}
}

// FuzzParseChunked: on any input, chunked parsing is a whole-file parse.
func FuzzParseChunked(f *testing.F) {
	for _, src := range chunkCorpus(f) {
		f.Add(src, uint16(64))
	}
	f.Add([]byte("a {\n}\nb = <<EOT\n}\nc {\nEOT\n}\nd {\n}\n"), uint16(1))
	f.Add([]byte("a {\n}\nb = 1\nb = 2\nc {\n}\n"), uint16(1))
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		sameAsWholeFile(t, src, int(size)+1)
	})
}
