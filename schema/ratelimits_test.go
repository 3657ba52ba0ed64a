package schema

import (
	"strings"
	"testing"
)

func TestRateLimitsBlock(t *testing.T) {
	cfg := mustLoad(t, "terrarium {\n  stack = \"s\"\n  rate_limits {\n    writes = 30\n    reads  = 0\n  }\n}\n", LoadOptions{})
	rl := cfg.Settings.RateLimits
	if rl == nil || rl.Writes == nil || rl.Writes.Value != 30 || rl.Reads == nil || rl.Reads.Value != 0 {
		t.Fatalf("rate_limits: %+v", rl)
	}
	if cfg := mustLoad(t, "terrarium {\n  stack = \"s\"\n}\n", LoadOptions{}); cfg.Settings.RateLimits != nil {
		t.Fatal("no block: want nil")
	}
	for src, want := range map[string]string{
		"writes = -1":       "requests per minute",
		"writes = \"fast\"": "requests per minute",
		"reads = 1e9":       "requests per minute",
		"creates = 60":      "Unsupported argument",
	} {
		_, diags := loadSrc(t, "terrarium {\n  rate_limits {\n    "+src+"\n  }\n}\n", LoadOptions{})
		if !diags.HasErrors() || !strings.Contains(diags.Error(), want) || !strings.Contains(diags.Error(), ":3,") {
			t.Errorf("%s: want an error at line 3 saying %q, got %v", src, want, diags)
		}
	}
	_, diags := loadSrc(t, "terrarium {\n  rate_limits {}\n  rate_limits {}\n}\n", LoadOptions{})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "rate_limits") {
		t.Errorf("duplicate block: %v", diags)
	}
}
