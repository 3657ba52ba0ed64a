package antfiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/safefile"
)

func TestKindOf(t *testing.T) {
	cases := []struct{ rel, typ, want string }{
		{"environments/web.yaml", "", "environment"},
		{"infra/environment_staging.md", "", "environment"},
		{"environment-prod.json", "", "environment"},
		{"environment.dev.yml", "", "environment"},
		{"environments/x.yaml", "agent", "agent"}, // the top-level type comes first
		{"agents/helper.md", "environment", "environment"},
		{"agents/helper.md", "", "agent"},
		{"memory_stores/notes.yaml", "", "memory_store"},
		{"memory_store_notes.yaml", "", "memory_store"},
		{"skills/pdf/SKILL.md", "", "skill"},
		{"environmental.yaml", "", ""}, // a prefix needs _, - or . after it
		{"README.md", "", ""},
	}
	for _, c := range cases {
		if got := KindOf(c.rel, c.typ); got != c.want {
			t.Errorf("KindOf(%q, %q) = %q, want %q", c.rel, c.typ, got, c.want)
		}
	}
}

func TestMarkdownFrontmatterAndProse(t *testing.T) {
	src := "---\nname: web\nconfig:\n  type: cloud\n  networking:\n    type: limited\n    allowed_hosts: [api.example.com]\n---\n\nRuns the web tests.\n"
	doc, err := Parse("environment_web.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := doc.Spec("environment_web.md")
	if diags.HasErrors() || len(diags) != 0 {
		t.Fatalf("diags: %v", diags)
	}
	if spec.Name != "web" || spec.Description == nil || *spec.Description != "Runs the web tests." {
		t.Fatalf("spec = %+v", spec)
	}
	if spec.Config.Networking == nil || spec.Config.Networking.AllowedHosts[0] != "api.example.com" {
		t.Fatalf("networking = %+v", spec.Config.Networking)
	}
}

func TestUnexpressibleFieldsAreReported(t *testing.T) {
	src := `{"name":"w","frobnicate":true,"metadata":{"terrarium.stack":"x","n":3},"config":{"type":"cloud","gpu":{}}}`
	doc, err := Parse("w.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	spec, diags := doc.Spec("w.json")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary+": "+d.Detail)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"frobnicate has no attribute", "config.gpu has no attribute", "metadata.terrarium.stack is one of terrarium's", "metadata.n is 3"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	if spec.Metadata["n"] != "3" || spec.Metadata["terrarium.stack"] != "" {
		t.Errorf("metadata = %v", spec.Metadata)
	}
}

func TestWrongTypesAreErrorsWithLines(t *testing.T) {
	doc, err := Parse("e.yaml", []byte("name: w\nconfig:\n  type: cloud\n  networking:\n    allow_mcp_servers: maybe\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, diags := doc.Spec("e.yaml")
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Start.Line != 5 {
		t.Fatalf("want an error on line 5, got %v", diags)
	}
}

func TestParseRefusesMoreThanOneDocument(t *testing.T) {
	if _, err := Parse("e.yaml", []byte("name: a\n---\nname: b\n")); err == nil {
		t.Fatal("two documents accepted")
	}
	if _, err := Parse("e.md", []byte("---\nname: a\n")); err == nil {
		t.Fatal("unclosed frontmatter accepted")
	}
}

func TestFindLockWalksUpToTheGitRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "repo", "infra", "envs")
	must(t, os.MkdirAll(filepath.Join(root, "repo", ".git"), 0o700))
	must(t, os.MkdirAll(deep, 0o700))
	// Above the git root: never found.
	must(t, os.WriteFile(filepath.Join(root, LockName), []byte(`{"version":1}`), 0o600))
	if p, err := FindLock(deep); err != nil || p != "" {
		t.Fatalf("FindLock = %q, %v; want none (the lock above the git root is not ant's)", p, err)
	}
	lock := filepath.Join(root, "repo", LockName)
	must(t, os.WriteFile(lock, []byte(`{"version":1,"origin":{"workspace_id":"wrkspc_a"},"resources":{"./environments/web.yaml":{"kind":"environment","id":"env_1"},"./agents/a.yaml":{"kind":"agent","id":"agent_1"}}}`), 0o600))
	p, err := FindLock(deep)
	if err != nil || p != lock {
		t.Fatalf("FindLock = %q, %v; want %q", p, err, lock)
	}
	o, diags := Load(Request{Dir: deep})
	if diags.HasErrors() || len(o.IDs) != 1 || o.IDs["env_1"] != "./environments/web.yaml" {
		t.Fatalf("Load = %+v, %v", o, diags)
	}
	if o.Lock.IDFor("environments/web.yaml") != "env_1" || o.Lock.IDFor("./agents/a.yaml") != "" {
		t.Fatal("IDFor")
	}
	o, diags = Load(Request{Dir: deep, WorkspaceID: "wrkspc_b"})
	if len(diags) != 1 || diags[0].Severity != hcl.DiagWarning || len(o.IDs) != 0 {
		t.Fatalf("another origin: %+v, %v", o, diags)
	}
}

func TestReadLockRefusesADirectory(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, LockName)
	must(t, os.Mkdir(p, 0o700))
	if _, err := ReadLock(p, "", safefile.Limits{}); err == nil {
		t.Fatal("a directory was read as a lock")
	}
	_, diags := Load(Request{LockPath: p})
	if !diags.HasErrors() || !strings.Contains(diags[0].Detail, "--ant-lock") {
		t.Fatalf("diags = %v", diags)
	}
}

func TestFoundLockLinkMustStayInItsDirectory(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	must(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o700))
	outside := filepath.Join(root, "elsewhere.json")
	must(t, os.WriteFile(outside, []byte(`{"version":1}`), 0o600))
	must(t, os.Symlink(outside, filepath.Join(repo, LockName)))
	_, diags := Load(Request{Dir: repo})
	if !diags.HasErrors() || !strings.Contains(diags[0].Detail, "lies outside") {
		t.Fatalf("a found lock linking out was read: %v", diags)
	}
	// Named with --ant-lock, the user chose it: read.
	if _, diags := Load(Request{LockPath: filepath.Join(repo, LockName)}); diags.HasErrors() {
		t.Fatalf("named lock: %v", diags)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
