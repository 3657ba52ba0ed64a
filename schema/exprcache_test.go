package schema

import (
	"fmt"
	"strings"
	"testing"
)

// An expression written the same way in many blocks has one value, each
// error is still reported at its own expression, and for_each instances
// get their own values.
func TestExprCacheSharesValuesNotErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("locals {\n  m = { managed = \"yes\" }\n}\n")
	for i := range 3 {
		fmt.Fprintf(&b, `environment "e%d" {
  name        = "e%d"
  description = upper("shared")
  metadata    = merge(local.m, { team = "t" })
  scope       = lower(local.missing)
  config { type = "cloud" }
}
`, i, i)
	}
	b.WriteString(`environment "each" {
  for_each    = { a = "x", b = "y" }
  name        = "each-${each.key}"
  description = upper(each.value)
  config { type = "cloud" }
}
`)
	cfg, diags := loadSrc(t, b.String(), LoadOptions{})
	var undeclared []string
	for _, l := range diagLines(diags) {
		if strings.HasSuffix(l, "Reference to undeclared local value") {
			undeclared = append(undeclared, l)
		}
	}
	if want := []string{"main.hcl:15:23: Reference to undeclared local value", "main.hcl:22:23: Reference to undeclared local value", "main.hcl:8:23: Reference to undeclared local value"}; fmt.Sprint(undeclared) != fmt.Sprint(want) {
		t.Errorf("errors of the repeated expression:\n%s\nwant\n%s", strings.Join(undeclared, "\n"), strings.Join(want, "\n"))
	}
	for i := range 3 {
		e := cfg.Environment(fmt.Sprintf("environment.e%d", i))
		if e == nil || e.Description == nil || e.Description.Value != "SHARED" || len(e.Metadata) != 2 {
			t.Fatalf("environment.e%d = %+v", i, e)
		}
		if r := e.Description.Range; r.Start.Line != 6+i*7 {
			t.Errorf("environment.e%d: description at line %d, want its own line %d", i, r.Start.Line, 6+i*7)
		}
	}
	for key, want := range map[string]string{"a": "X", "b": "Y"} {
		if e := cfg.Environment(`environment.each["` + key + `"]`); e == nil || e.Description == nil || e.Description.Value != want {
			t.Errorf("instance %s: %+v, want description %s", key, e, want)
		}
	}
}
