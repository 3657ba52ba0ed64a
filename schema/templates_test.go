package schema

import (
	"strings"
	"testing"
)

// TestTemplatesTooLong checks that a template with more parts than HCL's
// parser joins in reasonable time (its cost grows with the square of the
// count) is refused before parsing, at the template, in every kind of
// template and by every reader that parses configuration text.
func TestTemplatesTooLong(t *testing.T) {
	heredoc := func(lines int) string {
		return "locals {\n  x = <<EOT\n" + strings.Repeat("a\n", lines) + "EOT\n}\n"
	}
	for name, tc := range map[string]struct {
		src     string
		refused bool
	}{
		"heredoc at the bound":         {heredoc(MaxTemplateParts), false},
		"heredoc past the bound":       {heredoc(MaxTemplateParts + 1), true},
		"indented heredoc":             {"locals {\n  x = <<-EOT\n" + strings.Repeat("  a\n", MaxTemplateParts+1) + "  EOT\n}\n", true},
		"escapes in a quoted string":   {`locals { x = "` + strings.Repeat("a$${", MaxTemplateParts/2+1) + `" }`, true},
		"directive escapes":            {`locals { x = "` + strings.Repeat("a%%{", MaxTemplateParts/2+1) + `" }`, true},
		"interpolations":               {`locals { x = "` + strings.Repeat("${1}a", MaxTemplateParts/2+1) + `" }`, true},
		"a template inside a sequence": {`locals { x = "${"` + strings.Repeat("a$${", MaxTemplateParts/2+1) + `"}" }`, true},
		"many short templates":         {"locals {\n" + strings.Repeat("  x = \"${1}a$${b}\"\n", MaxTemplateParts) + "}\n", false},
	} {
		t.Run(name, func(t *testing.T) {
			diags := CheckNesting([]byte(tc.src), "main.hcl")
			if got := diags.HasErrors(); got != tc.refused {
				t.Fatalf("refused = %v, want %v: %v", got, tc.refused, diags)
			}
			if tc.refused {
				if d := diags[0]; d.Summary != "Template too long" || d.Subject == nil || d.Subject.Start.Line != 1 && d.Subject.Start.Line != 2 {
					t.Fatalf("diagnostic %q at %v", d.Summary, d.Subject)
				}
			}
		})
	}
	// The loader and a var file go through the same check.
	if _, diags := loadSrc(t, heredoc(MaxTemplateParts+1), LoadOptions{}); !diags.HasErrors() || diags[0].Summary != "Template too long" {
		t.Errorf("load: %v", diags)
	}
}
