package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBenchConfig writes files*perFile environment blocks into dir, each
// with metadata, pinned packages, a host list, a lifecycle block and
// references to a variable and locals.
func writeBenchConfig(tb testing.TB, dir string, files, perFile int) {
	tb.Helper()
	head := `terrarium {
  stack = "bench"
}

variable "team" {
  type    = string
  default = "platform"
}

locals {
  corp_hosts = ["https://api.corp.example", "https://git.corp.example"]
  pip        = ["pandas==2.2.0", "numpy==2.1.0", "requests==2.32.3"]
}
`
	for f := 0; f < files; f++ {
		var b strings.Builder
		if f == 0 {
			b.WriteString(head)
		}
		for i := 0; i < perFile; i++ {
			n := f*perFile + i
			fmt.Fprintf(&b, `
environment "env_%[1]d" {
  name        = "env-%[1]d"
  description = "Benchmark environment %[1]d"
  metadata = {
    team  = var.team
    index = "%[1]d"
  }
  config {
    type = "cloud"
    packages {
      pip = local.pip
      npm = ["typescript@5.4.5", "esbuild@0.21.5"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = concat(local.corp_hosts, ["https://svc-%[1]d.example", "https://pypi.org"])
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
  lifecycle {
    ignore_changes = [metadata.index]
  }
}
`, n)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("envs_%02d.hcl", f)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkLoad1000 loads 1,000 environment blocks in 10 files: the work of
// `terrarium validate` on a large configuration.
func BenchmarkLoad1000(b *testing.B) {
	dir := b.TempDir()
	writeBenchConfig(b, dir, 10, 100)
	b.ReportAllocs()
	for b.Loop() {
		cfg, diags := Load(dir, LoadOptions{})
		if diags.HasErrors() || len(cfg.Environments) != 1000 {
			b.Fatalf("%d environments, diagnostics: %v", len(cfg.Environments), diags)
		}
	}
}

// TestWriteBenchConfig writes the benchmark configuration to
// $TERRARIUM_BENCH_DIR, to time the real binary:
// TERRARIUM_BENCH_DIR=/tmp/b go test ./schema -run WriteBench && terrarium validate /tmp/b
func TestWriteBenchConfig(t *testing.T) {
	dir := os.Getenv("TERRARIUM_BENCH_DIR")
	if dir == "" {
		t.Skip("TERRARIUM_BENCH_DIR not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBenchConfig(t, dir, 10, 100)
}

// BenchmarkLoadDir loads the configuration in $TERRARIUM_BENCH_LOAD_DIR
// (for example a workload that go run ./bench -keep left), to profile
// load on it: go test ./schema -bench LoadDir -cpuprofile cpu.out
func BenchmarkLoadDir(b *testing.B) {
	dir := os.Getenv("TERRARIUM_BENCH_LOAD_DIR")
	if dir == "" {
		b.Skip("TERRARIUM_BENCH_LOAD_DIR not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Load(dir, LoadOptions{}); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkEvaluate1000 evaluates the 1,000 environment blocks of
// BenchmarkLoad1000 again and again, parsed once: decoding and evaluation
// alone (allocs/op is the figure to watch; 180 allocations an environment
// on the bench harness's workload, see BenchmarkDecodeDir).
func BenchmarkEvaluate1000(b *testing.B) {
	dir := b.TempDir()
	writeBenchConfig(b, dir, 10, 100)
	s := ReadSources(dir)
	if cfg, diags := s.Load(LoadOptions{}); diags.HasErrors() || len(cfg.Environments) != 1000 {
		b.Fatalf("%d environments, diagnostics: %v", len(cfg.Environments), diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := s.Load(LoadOptions{}); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkDecodeDir evaluates the configuration in
// $TERRARIUM_BENCH_LOAD_DIR again and again, parsed once: the cost of
// decoding and evaluation alone, without parsing.
func BenchmarkDecodeDir(b *testing.B) {
	dir := os.Getenv("TERRARIUM_BENCH_LOAD_DIR")
	if dir == "" {
		b.Skip("TERRARIUM_BENCH_LOAD_DIR not set")
	}
	s := ReadSources(dir)
	if _, diags := s.Load(LoadOptions{}); diags.HasErrors() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := s.Load(LoadOptions{}); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
