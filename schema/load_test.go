package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// loadSrc loads one file named main.hcl.
func loadSrc(t *testing.T, src string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	t.Helper()
	return LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": []byte(src)}, ".", opts)
}

// diagLines renders diagnostics as "file:line:col: summary" (or "summary"
// without a subject), sorted.
func diagLines(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Subject == nil {
			out = append(out, d.Summary)
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	sort.Strings(out)
	return out
}

func mustLoad(t *testing.T, src string, opts LoadOptions) *Config {
	t.Helper()
	cfg, diags := loadSrc(t, src, opts)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diagLines(diags), "\n"))
	}
	return cfg
}

func pos(r hcl.Range) string { return fmt.Sprintf("%d:%d", r.Start.Line, r.Start.Column) }

const cloudEnv = `
environment "a" {
  config {
    type = "cloud"
  }
}
`

func TestLoadDefaults(t *testing.T) {
	cfg := mustLoad(t, cloudEnv, LoadOptions{})
	if cfg.Settings.Stack.Value != DefaultStack || cfg.Settings.OnDestroy.Value != OnDestroyArchive {
		t.Errorf("settings = %+v", cfg.Settings)
	}
	e := cfg.Environment("environment.a")
	if e == nil {
		t.Fatal("environment.a missing")
	}
	if e.Name.Value != "a" || pos(e.Name.Range) != "2:13" {
		t.Errorf("name = %q at %s, want the label at 2:13", e.Name.Value, pos(e.Name.Range))
	}
	if e.Config.Type.Value != ConfigCloud || e.Description != nil || e.Scope != nil {
		t.Errorf("env = %+v", e)
	}
}

func TestLoadRanges(t *testing.T) {
	src := `locals {
  extra = ["https://c.example"]
}
environment "a" {
  metadata = {
    team = "data"
  }
  config {
    type = "cloud"
    packages {
      pip = ["pandas==2.2.0",
             "numpy"]
      npm = local.extra
    }
    networking {
      type = "limited"
      allowed_hosts = ["https://a.example", "https://b.example", "http://c.example"]
    }
  }
}
`
	cfg := mustLoad(t, src, LoadOptions{})
	e := cfg.Environment("environment.a")
	hosts := e.Config.Networking.AllowedHosts
	if len(hosts) != 3 || hosts[2].Value != "http://c.example" || pos(hosts[2].Range) != "17:66" {
		t.Fatalf("hosts = %+v", hosts)
	}
	pip := e.Config.Packages.Lists["pip"]
	if len(pip) != 2 || pos(pip[1].Range) != "12:14" {
		t.Errorf("pip = %+v", pip)
	}
	npm := e.Config.Packages.Lists["npm"]
	if len(npm) != 1 || pos(npm[0].Range) != "13:13" {
		t.Errorf("computed npm list should carry the expression range: %+v", npm)
	}
	if pos(e.Config.Packages.AttrRanges["pip"]) != "11:7" {
		t.Errorf("pip attr range = %s", pos(e.Config.Packages.AttrRanges["pip"]))
	}
	if m := e.Metadata; len(m) != 1 || pos(m[0].Key.Range) != "6:5" || pos(m[0].Value.Range) != "6:12" {
		t.Errorf("metadata = %+v", m)
	}
}

func TestLoadForEach(t *testing.T) {
	src := `variable "teams" {
  type = map(object({ hosts = list(string) }))
  default = {
    web = { hosts = ["https://w.example"] }
    ml  = { hosts = ["https://m.example"] }
  }
}
environment "team" {
  for_each = var.teams
  name     = "team-${each.key}"
  metadata = { team = each.key }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = each.value.hosts
    }
  }
}
environment "svc" {
  for_each = toset(["x", "y"])
  name     = "svc-${each.key}"
  config { type = each.value == "x" ? "cloud" : "self_hosted" }
}
`
	cfg := mustLoad(t, src, LoadOptions{})
	var addrs []string
	for _, e := range cfg.Environments {
		addrs = append(addrs, e.Address+"="+e.Name.Value+"/"+e.Config.Type.Value)
	}
	want := `environment.svc["x"]=svc-x/cloud environment.svc["y"]=svc-y/self_hosted environment.team["ml"]=team-ml/cloud environment.team["web"]=team-web/cloud`
	if got := strings.Join(addrs, " "); got != want {
		t.Errorf("instances:\n got %s\nwant %s", got, want)
	}
	ml := cfg.Environment(`environment.team["ml"]`)
	if ml.Key == nil || *ml.Key != "ml" || ml.Config.Networking.AllowedHosts[0].Value != "https://m.example" {
		t.Errorf("ml = %+v", ml)
	}
}

func TestVariablePrecedence(t *testing.T) {
	dir := t.TempDir()
	f1 := filepath.Join(dir, "a.vars.hcl")
	f2 := filepath.Join(dir, "b.vars.hcl")
	os.WriteFile(f1, []byte("a = \"file1\"\nb = \"file1\"\nc = \"file1\"\n"), 0o600)
	os.WriteFile(f2, []byte("b = \"file2\"\nc = \"file2\"\n"), 0o600)
	src := `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "hosts" { type = list(string) }
locals {
  all = join(",", [var.a, var.b, var.c, var.d, var.e])
}
environment "x" {
  description = local.all
  config {
    type = "cloud"
    networking {
      type = "limited"
      allowed_hosts = var.hosts
    }
  }
}
`
	cfg := mustLoad(t, src, LoadOptions{
		Environ:  []string{"TERRARIUM_VAR_a=env", "TERRARIUM_VAR_d=env", "TERRARIUM_VAR_nope=ignored", "PATH=/bin"},
		VarFiles: []string{f1, f2},
		Vars:     []string{"c=cli1", "c=cli2", `hosts=["https://h.example"]`},
	})
	e := cfg.Environment("environment.x")
	if got := e.Description.Value; got != "file1,file2,cli2,env,default" {
		t.Errorf("precedence: got %q", got)
	}
	if h := e.Config.Networking.AllowedHosts; len(h) != 1 || h[0].Value != "https://h.example" {
		t.Errorf("hosts = %+v", h)
	}
}

func TestSensitiveVariable(t *testing.T) {
	src := `variable "token" {
  sensitive = true
  default   = "s3cret"
}
environment "x" {
  metadata = { token = var.token }
  config { type = "cloud" }
}
`
	cfg := mustLoad(t, src, LoadOptions{})
	if v := cfg.Variables[0]; !v.Sensitive || !v.Value.HasMark(SensitiveMark) {
		t.Errorf("variable not marked sensitive: %#v", v.Value)
	}
	if m := cfg.Environment("environment.x").Metadata; len(m) != 1 || m[0].Value.Value != "s3cret" {
		t.Errorf("metadata = %+v", m)
	}
}

func TestSettingsAndBlocks(t *testing.T) {
	src := `terrarium {
  stack        = "platform"
  workspace_id = "wrkspc_1"
  on_destroy   = "delete"
  backend "postgres" {
    dsn = "postgres://x"
  }
}
environment "a" {
  config {
    type = "self_hosted"
    networking { type = "unrestricted" }
    packages { pip = ["x"] }
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [description, metadata.team, "config.packages.pip"]
    on_destroy      = "archive"
  }
}
moved {
  from = environment.old
  to   = environment.a
}
import {
  to = environment.a
  id = "env_123"
}
removed {
  from = environment.gone["k"]
  lifecycle { destroy = false }
}
`
	cfg := mustLoad(t, src, LoadOptions{})
	s := cfg.Settings
	if s.Stack.Value != "platform" || s.WorkspaceID.Value != "wrkspc_1" || s.OnDestroy.Value != "delete" {
		t.Errorf("settings = %+v", s)
	}
	if s.Backend == nil || s.Backend.Type != "postgres" || s.Backend.Body == nil {
		t.Errorf("backend = %+v", s.Backend)
	}
	e := cfg.Environment("environment.a")
	if e.Config.Networking == nil || e.Config.Packages == nil {
		t.Error("self_hosted config must keep networking and packages for lint")
	}
	var paths []string
	for _, p := range e.Lifecycle.IgnoreChanges {
		paths = append(paths, p.Value)
	}
	if got := strings.Join(paths, ","); got != "description,metadata.team,config.packages.pip" || !e.Lifecycle.PreventDestroy || e.Lifecycle.OnDestroy.Value != "archive" {
		t.Errorf("lifecycle = %+v (%s)", e.Lifecycle, got)
	}
	if len(cfg.Moved) != 1 || cfg.Moved[0].From.Value != "environment.old" || cfg.Moved[0].To.Value != "environment.a" {
		t.Errorf("moved = %+v", cfg.Moved)
	}
	if len(cfg.Imports) != 1 || cfg.Imports[0].ID.Value != "env_123" {
		t.Errorf("imports = %+v", cfg.Imports)
	}
	if len(cfg.Removed) != 1 || cfg.Removed[0].From.Value != `environment.gone["k"]` || cfg.Removed[0].Destroy {
		t.Errorf("removed = %+v", cfg.Removed)
	}
}

func TestExtensions(t *testing.T) {
	type policy struct{ hosts cty.Value }
	ext := BlockType{Type: "policy", Unique: true, Decode: func(b *hcl.Block, ctx *hcl.EvalContext) (any, hcl.Diagnostics) {
		attrs, diags := b.Body.JustAttributes()
		v, d := attrs["approved_hosts"].Expr.Value(ctx)
		return &policy{hosts: v}, append(diags, d...)
	}}
	src := cloudEnv + `
locals { h = ["https://x"] }
policy { approved_hosts = local.h }
`
	cfg := mustLoad(t, src, LoadOptions{Extensions: []BlockType{ext}})
	ps := cfg.Extensions["policy"]
	if len(ps) != 1 || ps[0].(*policy).hosts.LengthInt() != 1 {
		t.Errorf("extensions = %+v", cfg.Extensions)
	}
	_, diags := loadSrc(t, src+"policy {\n  approved_hosts = []\n}\n", LoadOptions{Extensions: []BlockType{ext}})
	if got := diagLines(diags); len(got) != 1 || got[0] != "main.hcl:10:1: Duplicate policy block" {
		t.Errorf("unique extension: %v", got)
	}
}

func TestAddress(t *testing.T) {
	k := "a\"b${x}"
	addr := Address("team", &k)
	label, key, err := ParseAddress(addr)
	if err != nil || label != "team" || key == nil || *key != k {
		t.Errorf("round trip of %s: %q %v %v", addr, label, key, err)
	}
	for _, bad := range []string{"environment", "foo.bar", `environment.a["x"].b`, "environment.a[1]", "environment[0]"} {
		if _, _, err := ParseAddress(bad); err == nil {
			t.Errorf("ParseAddress(%q) accepted", bad)
		}
	}
}

func TestLoadSettings(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _, diags := LoadSettings(dir)
	if diags.HasErrors() || s.Stack.Value != DefaultStack {
		t.Fatalf("empty dir: stack %q, %v", s.Stack.Value, diags)
	}
	// A required variable without a value does not stop LoadSettings.
	write("a.hcl", `variable "team" { type = string }
environment "x" {
  name = var.team
  config { type = "self_hosted" }
}`)
	write("b.hcl", `terrarium {
  stack = "platform"
  backend "postgres" { schema_name = "tr" }
}`)
	s, _, diags = LoadSettings(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if s.Stack.Value != "platform" || s.Backend == nil || s.Backend.Type != "postgres" {
		t.Fatalf("got stack %q backend %+v", s.Stack.Value, s.Backend)
	}
	if s.Stack.Range.Filename != filepath.Join(dir, "b.hcl") || s.Stack.Range.Start.Line != 2 {
		t.Fatalf("stack range %v", s.Stack.Range)
	}
	write("c.hcl", `terrarium { stack = "" }`)
	if _, _, diags = LoadSettings(dir); !diags.HasErrors() {
		t.Fatal("two terrarium blocks and an empty stack must be errors")
	}
}

func TestSensitivePaths(t *testing.T) {
	cfg := mustLoad(t, `
variable "token" {
  type      = string
  sensitive = true
  default   = "s3cret"
}
locals {
  common = { team = "data", token = var.token }
}
environment "a" {
  description = "plain ${var.token}"
  metadata = {
    owner = "me"
    token = var.token
  }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://a.example", "https://${var.token}.example"]
    }
  }
}
environment "b" {
  metadata = local.common
  config { type = "self_hosted" }
}
environment "c" {
  metadata = { for k, v in local.common : k => v if v != "" }
  config { type = "self_hosted" }
}
environment "d" {
  metadata = merge({ plain = "p" }, local.common)
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = distinct(concat(["https://a.example"], ["https://${var.token}.example"]))
    }
  }
}`, LoadOptions{})
	got := map[string][]string{}
	for _, e := range cfg.Environments {
		got[e.Address] = e.SensitivePaths()
	}
	want := map[string][]string{
		"environment.a": {"description", "metadata.token", "config.networking.allowed_hosts"},
		"environment.b": {"metadata.token"},
		// which keys it has depends on a secret: the keys are the secret's
		"environment.c": {"metadata"},
		// Computed through functions: the marks survive their calls.
		"environment.d": {"metadata.token", "config.networking.allowed_hosts"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sensitive paths\n got %v\nwant %v", got, want)
	}
	if v := cfg.Environments[0].Spec().Metadata["token"]; v != "s3cret" {
		t.Fatalf("the model keeps the value for the API: got %q", v)
	}
}

// ignore_changes takes Terraform's bare keyword all as well as [all].
func TestIgnoreChangesAll(t *testing.T) {
	for _, expr := range []string{"all", "[all]", `["all"]`} {
		cfg := mustLoad(t, "environment \"a\" {\n  config { type = \"cloud\" }\n  lifecycle { ignore_changes = "+expr+" }\n}\n", LoadOptions{})
		ic := cfg.Environment("environment.a").Lifecycle.IgnoreChanges
		if len(ic) != 1 || ic[0].Value != "all" {
			t.Errorf("ignore_changes = %s: got %+v", expr, ic)
		}
	}
}

// Input nested deep enough to exhaust the parser's stack (a fatal error,
// not a panic) is refused with a diagnostic before parsing; ordinary deep
// nesting is still accepted.
func TestDeepNestingIsADiagnostic(t *testing.T) {
	deep := func(n int) string {
		return "locals {\n  a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n}\n"
	}
	_, diags := loadSrc(t, deep(200000), LoadOptions{})
	if got := diagLines(diags); len(got) != 1 || !strings.HasSuffix(got[0], ": Configuration nested too deeply") {
		t.Errorf("diagnostics = %q", got)
	}
	if _, diags := loadSrc(t, deep(MaxNesting-10), LoadOptions{}); diags.HasErrors() {
		t.Errorf("nesting below the limit: %s", diags.Error())
	}
	interp := "locals {\n  a = " + strings.Repeat(`"${`, 100000) + "1" + strings.Repeat(`}"`, 100000) + "\n}\n"
	if _, diags := loadSrc(t, interp, LoadOptions{}); !strings.Contains(diags.Error(), "nested too deeply") {
		t.Errorf("nested templates: %s", diags.Error())
	}
}
