package schema

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and a
// configuration without errors must be complete. The seed corpus (the
// examples, the table tests' sources and testdata/fuzz/FuzzLoad) runs with
// every `go test`.
func FuzzLoad(f *testing.F) {
	examples, _ := filepath.Glob("../examples/*/*.hcl")
	for _, p := range examples {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, "")
		}
	}
	hostile, _ := filepath.Glob("../internal/cli/testdata/hostile/*.hcl")
	for _, p := range hostile {
		if src, err := os.ReadFile(p); err == nil && len(src) <= 16<<10 {
			f.Add(src, "")
		}
	}
	f.Add([]byte(cloudEnv), `x=["a"]`)
	f.Add([]byte("variable \"x\" {\n  type = list(string)\n}\nenvironment \"a\" {\n  for_each = toset(var.x)\n  config { type = \"cloud\" }\n}\n"), `x=["a", "b"]`)
	ext := BlockType{Type: "policy", Unique: true, Decode: func(b *hcl.Block, ctx *hcl.EvalContext) (any, hcl.Diagnostics) {
		attrs, diags := b.Body.JustAttributes()
		for _, a := range attrs {
			_, d := a.Expr.Value(ctx)
			diags = append(diags, d...)
		}
		return attrs, diags
	}}
	f.Fuzz(func(t *testing.T, src []byte, varArg string) {
		opts := LoadOptions{Vars: []string{varArg}, Extensions: []BlockType{ext}}
		if varArg == "" {
			opts.Vars = nil
		}
		cfg, diags := LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": src}, ".", opts)
		w := hcl.NewDiagnosticTextWriter(io.Discard, cfg.Files, 78, true)
		if err := w.WriteDiagnostics(diags); err != nil {
			t.Fatal(err)
		}
		if diags.HasErrors() {
			return
		}
		for _, e := range cfg.Environments {
			if e.Config == nil {
				t.Fatalf("%s has no config and no error", e.Address)
			}
			_ = e.Spec()
		}
	})
}
