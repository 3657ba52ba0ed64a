package lint

import (
	"os"
	"path/filepath"
	"testing"

	"terrarium/schema"
)

// FuzzRun loads arbitrary configuration text and lints it: whatever the
// input, lint must not panic. The rule fixtures are the seed corpus.
func FuzzRun(f *testing.F) {
	files, _ := filepath.Glob("testdata/rules/*.hcl")
	custom, _ := filepath.Glob("testdata/rules/custom/*.hcl")
	files = append(files, custom...)
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, diags := schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": src}, ".", schema.LoadOptions{Extensions: Blocks()})
		if diags.HasErrors() {
			return
		}
		res, _ := Run(cfg, Options{Now: testNow})
		for _, f := range res.Findings {
			if f.Rule == "" || f.Severity == SeverityUnset || f.Summary == "" {
				t.Fatalf("incomplete finding %+v", f)
			}
		}
	})
}
