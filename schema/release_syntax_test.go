package schema

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

const releaseSrcA = `terrarium {
  stack = "demo"
}

variable "team" {
  type    = string
  default = "data"
}

locals {
  hosts = ["https://pypi.org"]
}

environment "web" {
  description = "web of ${var.team}"
  metadata    = { team = var.team }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = concat(local.hosts, ["https://api.github.com"])
    }
  }
}
`

const releaseSrcB = `environment "team" {
  for_each = toset(["a", "b"])
  name     = "team-${each.key}"
  config {
    type = "cloud"
    packages {
      pip = ["requests==2.32.3"]
    }
  }
  lifecycle {
    ignore_changes = [description]
  }
}

# keep: this file's tree stays

environment "db" {
  config {
    type = "self_hosted"
  }
}
`

func loadRelease(t *testing.T, release func([]byte) bool) *Config {
	t.Helper()
	names := []string{"a.hcl", "b.hcl"}
	srcs := map[string][]byte{"a.hcl": []byte(releaseSrcA), "b.hcl": []byte(releaseSrcB)}
	cfg, diags := LoadSources(names, srcs, ".", LoadOptions{ReleaseSyntax: release})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

// Releasing the syntax trees changes nothing that was decoded: the same
// environments, variables and settings, with the same ranges.
func TestReleaseSyntaxKeepsTheDecodedConfiguration(t *testing.T) {
	kept := loadRelease(t, nil)
	released := loadRelease(t, func([]byte) bool { return true })
	if len(kept.Environments) != 4 {
		t.Fatalf("%d environments, want 4", len(kept.Environments))
	}
	if !reflect.DeepEqual(kept.Environments, released.Environments) {
		t.Fatal("the environments differ when the syntax trees are released")
	}
	if !reflect.DeepEqual(kept.Settings, released.Settings) || len(kept.Variables) != len(released.Variables) {
		t.Fatal("the settings or variables differ when the syntax trees are released")
	}
	for name, f := range kept.Files {
		if string(released.Files[name].Bytes) != string(f.Bytes) {
			t.Fatalf("%s: bytes differ", name)
		}
	}
}

// A released file still names the block an offset is in, for every offset,
// as hclsyntax's navigation does, and still lists its top-level blocks
// with their ranges; its bodies are empty.
func TestReleasedFileKeepsContextAndOutline(t *testing.T) {
	kept := loadRelease(t, nil)
	released := loadRelease(t, func([]byte) bool { return true })
	type contexter interface{ ContextString(int) string }
	for name, f := range kept.Files {
		r := released.Files[name]
		if r == f {
			t.Fatalf("%s was not released", name)
		}
		for off := 0; off <= len(f.Bytes); off++ {
			want := f.Nav.(contexter).ContextString(off)
			if got := r.Nav.(contexter).ContextString(off); got != want {
				t.Fatalf("%s offset %d: context %q, want %q", name, off, got, want)
			}
		}
		schema := &hcl.BodySchema{Blocks: coreBlocks}
		wc, _ := f.Body.Content(schema)
		gc, _ := r.Body.Content(schema)
		if len(wc.Blocks) != len(gc.Blocks) {
			t.Fatalf("%s: %d top-level blocks, want %d", name, len(gc.Blocks), len(wc.Blocks))
		}
		for i, b := range wc.Blocks {
			g := gc.Blocks[i]
			if g.Type != b.Type || !reflect.DeepEqual(g.Labels, b.Labels) || g.DefRange != b.DefRange || !reflect.DeepEqual(g.LabelRanges, b.LabelRanges) {
				t.Fatalf("%s block %d: %s %v at %s, want %s %v at %s", name, i, g.Type, g.Labels, g.DefRange, b.Type, b.Labels, b.DefRange)
			}
			if attrs, _ := g.Body.JustAttributes(); len(attrs) != 0 {
				t.Fatalf("%s block %d: the released body still has attributes", name, i)
			}
		}
	}
}

// Only the files ReleaseSyntax selects are released; the others keep their
// whole tree.
func TestReleaseSyntaxOnlyTheSelectedFiles(t *testing.T) {
	cfg := loadRelease(t, func(src []byte) bool { return !strings.Contains(string(src), "# keep") })
	if _, ok := cfg.Files["a.hcl"].Nav.(skeletonNav); !ok {
		t.Fatal("a.hcl was not released")
	}
	if _, ok := cfg.Files["b.hcl"].Nav.(skeletonNav); ok {
		t.Fatal("b.hcl was released though ReleaseSyntax kept it")
	}
	body := cfg.Files["b.hcl"].Body.(*hclsyntax.Body)
	if len(body.Blocks) != 2 || len(body.Blocks[0].Body.Attributes) != 2 || len(body.Blocks[1].Body.Blocks) != 1 {
		t.Fatal("b.hcl's tree lost its attributes or blocks")
	}
}

// Environment blocks in files without the variables and locals are decoded
// as their files are parsed; the result is the same as decoding after
// parsing everything: file order, duplicates reported at the later block,
// and any file's syntax error stops before decoding.
func TestLoadDecodesEnvironmentFilesAsTheyAreParsed(t *testing.T) {
	srcs := map[string][]byte{
		// Sorts first, refers to the variables and locals of z.hcl.
		"a.hcl": []byte(`environment "web" {
  description = "${var.team} ${local.tier}"
  config {
    type = "cloud"
  }
}

environment "db" {
  config {
    type = "cloud"
  }
}
`),
		"z.hcl": []byte(`variable "team" {
  default = "data"
}

locals {
  tier = "gold"
}

environment "db" {
  config {
    type = "cloud"
  }
}
`),
	}
	names := []string{"a.hcl", "z.hcl"}
	for _, release := range []func([]byte) bool{nil, func([]byte) bool { return true }} {
		cfg, diags := LoadSources(names, srcs, ".", LoadOptions{ReleaseSyntax: release})
		got := diagLines(diags)
		if len(got) != 1 || got[0] != "z.hcl:9:1: Duplicate environment block \"db\"" {
			t.Fatalf("diagnostics %v, want the duplicate at z.hcl:9", got)
		}
		if len(cfg.Environments) != 2 || cfg.Environments[1].Address != "environment.web" ||
			cfg.Environments[1].Description == nil || cfg.Environments[1].Description.Value != "data gold" ||
			cfg.Environments[0].DeclRange.Filename != "a.hcl" {
			t.Fatalf("environments %+v", cfg.Environments)
		}
	}
	srcs["b.hcl"] = []byte("environment \"x\" {\n  config {\n")
	names = []string{"a.hcl", "b.hcl", "z.hcl"}
	cfg, diags := LoadSources(names, srcs, ".", LoadOptions{ReleaseSyntax: func([]byte) bool { return true }})
	if !diags.HasErrors() || len(cfg.Environments) != 0 || len(cfg.Variables) != 0 {
		t.Fatalf("a syntax error in b.hcl: %d environments, %d variables, diagnostics %v", len(cfg.Environments), len(cfg.Variables), diagLines(diags))
	}
	for _, d := range diags {
		if d.Subject == nil || d.Subject.Filename != "b.hcl" {
			t.Fatalf("diagnostic outside b.hcl: %v", d)
		}
	}
}

// A second Load of the same Sources parses the released files again and
// decodes the same configuration; the files it kept are not parsed again.
func TestLoadAgainAfterReleasing(t *testing.T) {
	names := []string{"a.hcl", "b.hcl"}
	srcs := map[string][]byte{"a.hcl": []byte(releaseSrcA), "b.hcl": []byte(releaseSrcB)}
	s := newSources(".", names, srcs)
	release := func(src []byte) bool { return !strings.Contains(string(src), "# keep") }
	first, diags := s.Load(LoadOptions{ReleaseSyntax: release})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	kept := s.parsed[1]
	second, diags := s.Load(LoadOptions{ReleaseSyntax: release})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(first.Environments) != 4 || !reflect.DeepEqual(first.Environments, second.Environments) {
		t.Fatalf("the second Load decoded %d environments, the first %d, or different ones", len(second.Environments), len(first.Environments))
	}
	if s.parsed[1] != kept || kept == nil {
		t.Fatal("the kept file was parsed again")
	}
}
