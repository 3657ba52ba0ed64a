package schema

import (
	"runtime"
	"strings"
	"testing"
)

// An 8 MiB chain of indexes, traversal steps or splats is refused as
// nested too deeply, and the check costs what the chain's first thousand
// steps cost, not the gigabytes of lexing millions of tokens (validate and
// fmt used 2.3 to 3 GB on each of these), also when a heredoc keeps the
// byte scan from following the file.
func TestLongChainsAreRefusedCheaply(t *testing.T) {
	const size = 8 << 20
	for name, c := range map[string]struct{ head, step string }{
		"index":                   {"", "[0]"},
		"traversal":               {"", ".b"},
		"splat":                   {"", "[*]"},
		"attribute splat":         {"", ".*"},
		"heredoc first":           {"  h = <<EOT\nx\nEOT\n", "[0]"},
		"traversal after heredoc": {"  h = <<-EOT\n  x\n  EOT\n", ".b"},
	} {
		src := []byte("locals {\n" + c.head + "  x = a" + strings.Repeat(c.step, (size-100)/len(c.step)) + "\n}\n")
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d := CheckNesting(src, "main.hcl")
		runtime.ReadMemStats(&after)
		if !d.HasErrors() || d[0].Summary != "Configuration nested too deeply" {
			t.Errorf("%s: %v", name, d)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
			t.Errorf("%s: checking %d bytes allocated %d MiB", name, len(src), alloc>>20)
		}
	}
}

// A chain of a thousand steps in one item is refused; a long chain of
// ordinary length is not.
func TestChainLengthBound(t *testing.T) {
	pad := "locals {\n  pad = [" + strings.Repeat("[1],", uncheckedNesting/2) + "]\n"
	for steps, refused := range map[int]bool{50: false, MaxNesting + 1: true} {
		src := []byte(pad + "  x = a" + strings.Repeat(".b", steps) + "\n}\n")
		if got := CheckNesting(src, "main.hcl").HasErrors(); got != refused {
			t.Errorf("%d steps: refused %v, want %v", steps, got, refused)
		}
	}
}
