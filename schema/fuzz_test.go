package schema

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary text to the configuration loader as one file,
// with a -var that refers to it. Whatever the input, Load must return
// diagnostics rather than panic, every error must say what is wrong, and a
// configuration it accepts must have what validate and plan rely on.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/*.hcl")
	hostile, _ := filepath.Glob("../internal/cli/testdata/hostile/*.hcl")
	for _, p := range append(seeds, hostile...) {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(src) <= 16<<10 {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, diags := LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": src}, ".", LoadOptions{})
		for _, d := range diags {
			if d.Summary == "" {
				t.Fatalf("diagnostic without a summary: %+v", d)
			}
		}
		if diags.HasErrors() {
			return
		}
		for _, e := range cfg.Environments {
			if e == nil || e.Address == "" {
				t.Fatalf("accepted environment without an address: %+v", e)
			}
		}
	})
}
