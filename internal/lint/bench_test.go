package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/schema"
)

// writeBenchConfig writes n environments over ten files, plus a policy
// block. Every env is shaped like examples/quickstart (metadata, two pinned
// packages, limited networking with two hosts); when flawed is false only
// every tenth one has problems (an unpinned package, a plain-http host, a
// metadata address, a wildcard under an ignore comment), when true all do.
func writeBenchConfig(b *testing.B, n int, flawed bool) string {
	dir := b.TempDir()
	var files [10]strings.Builder
	files[0].WriteString("policy {\n  approved_hosts = [\"https://*.corp.example\", \"https://pypi.org\"]\n  require_pinned_packages = true\n}\n\n")
	for i := 0; i < n; i++ {
		w := &files[i%10]
		if flawed || i%10 == 0 {
			fmt.Fprintf(w, flawedEnv, i, i, i, i, i%7, i%2 == 0)
		} else {
			fmt.Fprintf(w, cleanEnv, i, i, i, i%7)
		}
	}
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("envs%d.hcl", i)), []byte(files[i].String()), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

const cleanEnv = `environment "env_%d" {
  name        = "env-%d"
  description = "Benchmark environment %d"
  metadata = {
    team  = "team-%d"
    owner = "platform"
  }
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0", "numpy==2.1.0"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://api.corp.example", "https://pypi.org"]
      allow_package_managers = true
      allow_mcp_servers      = false
    }
  }
}

`

const flawedEnv = `# terrarium:ignore host-wildcard reason="bench %d"
environment "env_%d" {
  name        = "env-%d"
  description = "Benchmark environment %d"
  metadata = {
    team  = "team-%d"
    owner = "platform"
  }
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0", "numpy", "requests[socks]==2.32.3"]
      npm = ["express@4.18.0"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://api.corp.example", "https://pypi.org", "http://files.example.com", "https://0xA9FEA9FE", "https://*.corp.example"]
      allow_package_managers = true
      allow_mcp_servers      = %v
    }
  }
}

`

func benchLint(b *testing.B, flawed bool) {
	dir := writeBenchConfig(b, 1000, flawed)
	b.ReportAllocs()
	for b.Loop() {
		cfg, diags := schema.Load(dir, schema.LoadOptions{Extensions: Blocks()})
		if diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		res, diags := Run(cfg, Options{Now: testNow})
		if diags.HasErrors() || len(res.Findings) == 0 {
			b.Fatalf("diags %v, %d findings", diags, len(res.Findings))
		}
	}
}

// BenchmarkLint1000 loads (reads, parses, evaluates) and lints 1,000
// environments, one in ten with problems. Target: at most 100 ms per op.
func BenchmarkLint1000(b *testing.B) { benchLint(b, false) }

// BenchmarkLint1000Flawed is the worst case: every environment has seven
// findings and an ignore comment.
func BenchmarkLint1000Flawed(b *testing.B) { benchLint(b, true) }

// BenchmarkRun1000 is the lint pass alone over the flawed configuration.
func BenchmarkRun1000(b *testing.B) {
	cfg, diags := schema.Load(writeBenchConfig(b, 1000, true), schema.LoadOptions{Extensions: Blocks()})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	b.ReportAllocs()
	for b.Loop() {
		Run(cfg, Options{Now: testNow})
	}
}
