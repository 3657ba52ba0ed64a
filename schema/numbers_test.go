package schema

import (
	"strings"
	"testing"
)

// TestNumbersOutOfRange checks that each way of making a number too large
// (or too close to zero) to write out as text is refused with a diagnostic:
// a literal, arithmetic, the functions that make numbers from text, and a
// variable's value. 1e5000 is past the bound yet quick to write, so that
// without the bound these cases load (and the test fails) instead of
// hanging as 1e99999999 would.
func TestNumbersOutOfRange(t *testing.T) {
	env := func(desc string) string {
		return `variable "n" {
  type    = number
  default = 1
}
environment "a" {
  description = ` + desc + `
  config { type = "cloud" }
}`
	}
	for name, tc := range map[string]struct {
		src  string
		vars []string
	}{
		"literal in a template":   {src: env(`"${1e5000}"`)},
		"tiny literal":            {src: env(`"${1e-5000}"`)},
		"literal in a local":      {src: `locals { x = 1e5000 }` + "\n" + env(`tostring(local.x)`)},
		"product":                 {src: env(`tostring(1e1000 * 1e1000 * 1e1000 * 1e1000 * 1e1000)`)},
		"quotient":                {src: env(`tostring(1 / 1e-1000 / 1e-1000 / 1e-1000 / 1e-1000 / 1e-1000)`)},
		"product of locals":       {src: "locals {\n  x = 1e1200 * 2\n  y = local.x * local.x\n}\n" + env(`tostring(local.y)`)},
		"tonumber":                {src: env(`tostring(tonumber("1e5000"))`)},
		"jsondecode":              {src: env(`jsonencode(jsondecode("[1e5000]"))`)},
		"pow":                     {src: env(`tostring(pow(10, 5000))`)},
		"a -var for a number":     {src: env(`tostring(var.n)`), vars: []string{"n=1e5000"}},
		"a default":               {src: strings.Replace(env(`tostring(var.n)`), "default = 1", "default = 1e5000", 1)},
		"inside a collection var": {src: `variable "m" { type = list(number) }` + "\n" + env(`"x"`), vars: []string{"m=[1, 1e5000]"}},
		// A string where a number is expected is converted to one.
		"a string operand":    {src: env(`tostring("1e5000" * 1)`)},
		"a string negated":    {src: env(`tostring(-"1e5000")`)},
		"a string modulo":     {src: env(`tostring("1e2000000000" % 7)`)},
		"a string to abs":     {src: env(`tostring(abs("1e5000"))`)},
		"strings to max":      {src: env(`tostring(max("1e5000", 1))`)},
		"a string to floor":   {src: env(`tostring(floor("-1e5000"))`)},
		"a string for %d":     {src: env(`format("%d", "1e5000")`)},
		"a string for %f":     {src: env(`join("", formatlist("%f", ["1e5000"]))`)},
		"a var string for %e": {src: `variable "s" { type = string }` + "\n" + env(`format("%e", var.s)`), vars: []string{"s=1e5000"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := loadSrc(t, tc.src, LoadOptions{Vars: tc.vars})
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			text := strings.Join(diagLines(diags), "\n")
			for _, d := range diags {
				text += "\n" + d.Detail
			}
			if !strings.Contains(text, "2^4096") {
				t.Fatalf("no diagnostic names the bound:\n%s", text)
			}
		})
	}
}

// TestNumbersInRange checks that ordinary and large-but-sane numbers work.
func TestNumbersInRange(t *testing.T) {
	mustLoad(t, `locals {
  a = 1e300 * 1e300
  b = tostring(local.a / 3)
  c = pow(2, 100)
  d = jsondecode("[1.5, -2e-300]")
  e = tonumber("123456789012345678901234567890")
}
environment "a" {
  description = "${local.b} ${local.c} ${jsonencode(local.d)} ${local.e} ${0.5 - 0.25}"
  config { type = "cloud" }
}`, LoadOptions{})
}
