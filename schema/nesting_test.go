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
		"conditional chain":          "x = " + strings.Repeat("true ? 1 : ", MaxNesting+5) + "1",
		"operator chain":             "x = " + strings.Repeat("1 + ", MaxNesting+5) + "1",
		"operator chain in parens":   "x = (" + strings.Repeat("1 +\n", MaxNesting+5) + "1)",
		"for object across lines":    "x = {\nfor k in y : k => " + strings.Repeat("1 +\n", MaxNesting+5) + "1}",
		"index chain":                "x = y" + strings.Repeat("[y]", MaxNesting+5),
		"attribute splats":           "x = y" + strings.Repeat(".*", MaxNesting+5),
		"template if directives":     `x = "` + strings.Repeat("%{ if true }", MaxNesting+5) + strings.Repeat("%{ endif }", MaxNesting+5) + `"`,
		"many items":                 "x = [" + strings.Repeat("1 + 1,\n", 5000) + "]\ny = {\n" + strings.Repeat("a = 1 + 1\n", 5000) + "}\n",
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
	for _, name := range []string{"deep brackets", "closers in a string", "closers in a comment", "closers in /* */", "deep interpolations", "prefix operators", "spaced prefix operators",
		"conditional chain", "operator chain", "operator chain in parens", "for object across lines", "index chain", "attribute splats", "template if directives"} {
		if !lexNesting([]byte(nestingCases()[name]), "t.hcl").HasErrors() {
			t.Errorf("%s: the lexer passes it; the case no longer tests anything", name)
		}
	}
}

// A chain of operators nests the syntax tree one level per operator, and
// parsing, walking and evaluating it recurse as deep: 300,000 "true ? 1 :"
// or 3 million "1 +" in one attribute (under the 8 MiB file size bound)
// overflowed the stack, a crash no recover() catches. CheckNesting refuses
// them, through the scan and through the lexer, and still passes many
// items of a few operators each.
func TestCheckNestingRefusesOperatorChains(t *testing.T) {
	for name, chain := range map[string]string{
		"conditional": strings.Repeat("true ? 1 : ", uncheckedNesting),
		"binary":      strings.Repeat("1 + ", uncheckedNesting),
		"index":       "y" + strings.Repeat("[y]", uncheckedNesting),
		"directives":  `"` + strings.Repeat("%{ if true }", uncheckedNesting) + `"`,
	} {
		src := []byte("locals {\n  x = " + chain + "1\n}\n")
		if nestingBound(src) <= uncheckedNesting {
			t.Fatalf("%s: too small to reach the scan", name)
		}
		if d := CheckNesting(src, "main.hcl"); !d.HasErrors() || d[0].Subject == nil || d[0].Subject.Start.Line != 2 {
			t.Errorf("%s: CheckNesting = %v, want a refusal on line 2", name, d)
		}
	}
	src := []byte("x = [" + strings.Repeat("1 + 1,\n", 3*uncheckedNesting) + "]\n")
	if nestingBound(src) <= uncheckedNesting || !shallowByScan(src) || CheckNesting(src, "main.hcl").HasErrors() {
		t.Error("many short items are refused")
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
