package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// doublingLocals is a chain of n locals, each twice the one before.
func doublingLocals(n int, double func(prev string) string) string {
	var b strings.Builder
	b.WriteString("locals {\n  l0 = \"xxxxxxxxxxxxxxxx\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  l%d = %s\n", i, double(fmt.Sprintf("local.l%d", i-1)))
	}
	b.WriteString("}\n")
	return b.String()
}

// TestLimitsRefuseBlowUps checks that each way of asking for an enormous
// value ends in a diagnostic naming the limit, not in an out-of-memory crash.
func TestLimitsRefuseBlowUps(t *testing.T) {
	t.Parallel() // CPU only; the slowest tests of the package under -race
	big := `join("", [for i in range(1024): "abcdefgh"])`
	cases := map[string]struct{ src, summary string }{
		"string doubling": {doublingLocals(40, func(p string) string { return fmt.Sprintf(`"${%s}${%s}"`, p, p) }), "Value too large"},
		"list doubling":   {doublingLocals(40, func(p string) string { return fmt.Sprintf(`concat([%s], [%s])`, p, p) }), "Value too large"},
		"object doubling": {doublingLocals(40, func(p string) string { return fmt.Sprintf(`{a = %s, b = %s}`, p, p) }), "Value too large"},
		"nested for":      {`locals { x = [for a in range(1024): [for b in range(1024): [for c in range(1024): 1]]] }`, "Too many iterations"},
		"template for":    {`locals { x = "%{for a in range(1024)}%{for b in range(1024)}%{for c in range(9)}x%{endfor}%{endfor}%{endfor}" }`, "Too many iterations"},
		"replace empty":   {`locals { x = replace(` + big + `, "", ` + big + `) }`, "Error in function call"},
		"setproduct":      {`locals { x = setproduct(range(1024), range(1024), range(1024)) }`, "Error in function call"},
		"indent":          {`locals { x = indent(999999999, "a\nb") }`, "Error in function call"},
		"format width":    {`locals { x = formatlist("%999999d", range(1000)) }`, "Error in function call"},
		"join separator":  {`locals { x = join(` + big + `, range(1000)) }`, "Error in function call"},
		// Each value below is small (a count), but building it makes
		// hundreds of values of almost 1 MiB each.
		"calls in a for": {`locals { x = length([for i in range(300): format("%01000000d", i)]) }`, "Error in function call"},
		// Outside locals, where the loader skips the bounds' walks when the
		// whole context is small enough: here it is not.
		"references in an environment": {`locals { big = format("%0700000d", 1) }
environment "a" {
  description = "${local.big}${local.big}"
  config { type = "cloud" }
}`, "Value too large"},
		"references to each": {`locals { big = format("%0700000d", 1) }
environment "a" {
  for_each    = { x = local.big }
  description = "${each.value}${each.value}"
  config { type = "cloud" }
}`, "Value too large"},
		"template in a for": {`locals {
  big = format("%01000000d", 1)
  x   = length([for i in range(300): "${local.big}x"])
}`, "Value too large"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags := loadSrc(t, tc.src, LoadOptions{})
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			found := false
			for _, d := range diags {
				found = found || d.Summary == tc.summary
			}
			if !found {
				t.Fatalf("no %q diagnostic in:\n%s", tc.summary, strings.Join(diagLines(diags), "\n"))
			}
		})
	}
}

// TestLimitsAllowOrdinaryUse checks that the guards leave normal uses alone.
func TestLimitsAllowOrdinaryUse(t *testing.T) {
	mustLoad(t, `locals {
  hosts = [for i in range(200) : format("https://h%03d.example.com", i)]
  pairs = setproduct(["a", "b"], local.hosts)
  text  = indent(2, join("\n", local.hosts))
  same  = replace(local.text, "example", "example")
  grid  = flatten([for a in local.hosts : [for b in range(50) : b]])
}`, LoadOptions{})
}

// TestScanRefs pins what the fast path of the evaluation bounds counts: every
// reference, and any for or splat expression makes the expression not simple.
func TestScanRefs(t *testing.T) {
	for _, tc := range []struct {
		src    string
		refs   int
		simple bool
	}{
		{`"x"`, 0, true},
		{`var.a`, 1, true},
		{`"${var.a}-${local.b}"`, 2, true},
		{`merge(local.m, { team = "t", owner = var.teams["t"].owner })`, 4, true}, // bare keys count
		{`distinct(concat(local.h, var.t[each.key].hosts))`, 3, true},
		{`length(var.a) > 0 ? !var.b : -var.c`, 3, true},
		{`(var.a)[0]`, 1, true},
		{`[for x in var.a : x]`, 0, false},
		{`var.a[*].b`, 0, false},
		{`"%{for x in var.a}${x}%{endfor}"`, 0, false},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(tc.src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tc.src, diags)
		}
		refs, simple := scanRefs(expr)
		if simple != tc.simple || (simple && refs != tc.refs) {
			t.Errorf("scanRefs(%s) = %d, %v; want %d, %v", tc.src, refs, simple, tc.refs, tc.simple)
		}
	}
}

// formatWidth reads the widths and precisions of format's verbs.
func TestFormatWidth(t *testing.T) {
	for f, want := range map[string]int{
		"plain":                  0,
		"%d and %s":              0,
		"%5d":                    5,
		"%-08.3f|%12s":           12,
		"%.20f":                  20,
		"%%120d":                 120, // counted as a verb, as the regexp it replaced did: an overestimate is safe
		"%+ #0999999d":           999999,
		"%99999999999999999999d": MaxValueSize + 1,
		"trailing %":             0,
		"%.":                     0,
	} {
		if got := formatWidth(cty.StringVal(f)); got != want {
			t.Errorf("formatWidth(%q) = %d, want %d", f, got, want)
		}
	}
}

// formatWidth reads format strings as the regexp it replaced did,
// %[-+ #0]*(\d*)(?:\.(\d*))?, checked on every string of up to 5
// characters from the alphabet that matters.
func TestFormatWidthMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`%[-+ #0]*(\d*)(?:\.(\d*))?`)
	byRegexp := func(f string) int {
		w := 0
		for _, m := range re.FindAllStringSubmatch(f, -1) {
			for _, d := range m[1:] {
				if n, err := strconv.Atoi(d); err == nil {
					w = max(w, n)
				}
			}
		}
		return w
	}
	const alphabet = "%-0.7d "
	var walk func(prefix string)
	walk = func(prefix string) {
		if got, want := formatWidth(cty.StringVal(prefix)), byRegexp(prefix); got != want {
			t.Fatalf("formatWidth(%q) = %d, the regexp reads %d", prefix, got, want)
		}
		if len(prefix) == 5 {
			return
		}
		for _, c := range alphabet {
			walk(prefix + string(c))
		}
	}
	walk("")
}
