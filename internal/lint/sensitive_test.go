package lint

import (
	"strings"
	"testing"
	"time"
)

// TestFindingsDoNotQuoteSensitiveValues: a rule that fires on a value
// derived from a sensitive variable reports it under the rule's title,
// without the value, while a finding on a plain value of the same list
// keeps its words.
func TestFindingsDoNotQuoteSensitiveValues(t *testing.T) {
	cfg, diags := loadSrc(t, `
variable "token" {
  type      = string
  sensitive = true
  default   = "hushhush42"
}
environment "app" {
  config {
    type = "cloud"
    packages {
      pip = ["pandas-${var.token}"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://*.${var.token}.example", "https://*.plain.example"]
      allow_package_managers = true
    }
  }
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := Run(cfg, Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	hidden, plain := 0, 0
	for _, f := range res.Findings {
		text := f.Summary + f.Detail + f.Value
		if strings.Contains(text, "hushhush42") {
			t.Errorf("%s quotes the sensitive value: %q", f.Rule, text)
		}
		switch {
		case strings.HasSuffix(f.Summary, sensitiveSummary) && f.Sensitive:
			hidden++
		case strings.Contains(text, "plain.example"):
			plain++
		}
	}
	if hidden != 2 || plain != 1 {
		t.Errorf("%d findings hidden and %d plain, want 2 (package-unpinned, host-wildcard) and 1: %+v", hidden, plain, res.Findings)
	}
}
