package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shallowByScan may only ever agree with the lexer: whatever it passes,
// lexNesting passes too.
func FuzzShallowByScan(f *testing.F) {
	for _, pattern := range []string{"../examples/*/*.hcl", "../internal/cli/testdata/hostile/*.hcl", "testdata/*.hcl"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	for _, src := range nestingCases() {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if shallowByScan(src) && lexNesting(src, "f.hcl").HasErrors() {
			t.Fatalf("shallowByScan passes what the lexer refuses: %q", src)
		}
	})
}

// nestingCases are nestings that hide from a scan that does not follow
// HCL's lexical modes, and some that are fine.
func nestingCases() map[string]string {
	deep := func(open, close string) string {
		return strings.Repeat(open, MaxNesting+5) + "1" + strings.Repeat(close, MaxNesting+5)
	}
	return map[string]string{
		"deep brackets":              "x = " + deep("[", "]"),
		"closers in a string":        "x = " + strings.Repeat("[", MaxNesting+5) + `"` + strings.Repeat("]", MaxNesting+5) + `"`,
		"closers in a comment":       "x = " + strings.Repeat("(", MaxNesting+5) + "# " + strings.Repeat(")", MaxNesting+5) + "\n1",
		"closers in /* */":           "x = " + strings.Repeat("(", MaxNesting+5) + "/* " + strings.Repeat(")", MaxNesting+5) + " */ 1",
		"deep interpolations":        "x = " + strings.Repeat(`"${`, MaxNesting+5) + "1" + strings.Repeat(`}"`, MaxNesting+5),
		"escaped interpolation":      `x = "$${` + strings.Repeat("}", 50) + `"`,
		"escaped quote":              `x = "a\"` + strings.Repeat("]", 50) + `"`,
		"heredoc":                    "x = <<EOT\n" + strings.Repeat("]", 50) + "\nEOT\n",
		"prefix operators":           "x = " + strings.Repeat("!", MaxNesting+5) + "true",
		"spaced prefix operators":    "x = " + strings.Repeat("- ", MaxNesting+5) + "1",
		"unclosed block comment":     "x = 1 /* " + strings.Repeat("(", 50),
		"braces in an interpolation": `x = "${ {a = "}"} }"`,
		"shallow":                    "environment \"a\" {\n  name = \"a-${var.x}\" # (\n  config { type = \"cloud\" }\n}\n",
	}
}

func TestShallowByScanAgreesWithLexer(t *testing.T) {
	for name, src := range nestingCases() {
		lexOK := !lexNesting([]byte(src), "t.hcl").HasErrors()
		if shallowByScan([]byte(src)) && !lexOK {
			t.Errorf("%s: shallowByScan passes what the lexer refuses", name)
		}
	}
	for _, name := range []string{"deep brackets", "closers in a string", "closers in a comment", "closers in /* */", "deep interpolations", "prefix operators", "spaced prefix operators"} {
		if !lexNesting([]byte(nestingCases()[name]), "t.hcl").HasErrors() {
			t.Errorf("%s: the lexer passes it; the case no longer tests anything", name)
		}
	}
}

// A large configuration of ordinary blocks, over the size below which
// CheckNesting skips the lexer, is passed by the scan: it is lexed once, to
// parse it.
func TestShallowByScanPassesLargeConfig(t *testing.T) {
	dir := t.TempDir()
	writeBenchConfig(t, dir, 1, 3000)
	src, err := os.ReadFile(filepath.Join(dir, "envs_00.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if nestingBound(src) <= uncheckedNesting {
		t.Fatalf("the configuration is too small to test the scan: bound %d", nestingBound(src))
	}
	if !shallowByScan(src) {
		t.Error("shallowByScan gives up on an ordinary configuration")
	}
	if d := CheckNesting(src, "envs_00.hcl"); d.HasErrors() {
		t.Error(d)
	}
}
