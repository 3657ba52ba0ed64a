package rollback_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/golden"
	"terrarium/internal/render"
	"terrarium/internal/rollback"
	"terrarium/schema"
)

func load(t *testing.T, in string) *schema.Config {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", in))
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": src}, ".", schema.LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("%s: %s", in, diags.Error())
	}
	return cfg
}

// version returns the current spec of address, changed by fn, with the
// ownership keys and scope a live object carries.
func version(cfg *schema.Config, address string, fn func(*schema.EnvSpec)) schema.EnvSpec {
	s := cfg.Environment(address).Spec()
	s.Metadata[schema.MetaStack] = "platform"
	s.Metadata[schema.MetaAddress] = address
	s.Scope = schema.ScopeOrganization
	fn(&s)
	return s
}

func str(s string) *string { return &s }

func TestRewriteGolden(t *testing.T) {
	cases := map[string]struct {
		in, address string
		change      func(*schema.EnvSpec)
	}{
		"basic": {"basic.in.hcl", "environment.web", func(s *schema.EnvSpec) {
			s.Description = str("Web frontend, v2")
			s.Config.Packages.Pip = []string{"pandas==2.1.0"}
			s.Config.Networking.AllowedHosts = []string{"https://registry.npmjs.org"}
			s.Config.Networking.AllowMCPServers = false
		}},
		"added": {"added.in.hcl", "environment.worker", func(s *schema.EnvSpec) {
			s.Name = "worker-old"
			s.Description = str("Background jobs")
			s.Metadata["owner"] = "ops"
			s.Config.Packages.Apt = []string{"ffmpeg"}
			s.Config.Networking = &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{"https://pypi.org"}, AllowPackageManagers: true}
		}},
		"to_self_hosted": {"basic.in.hcl", "environment.web", func(s *schema.EnvSpec) {
			s.Config = schema.EnvConfig{Type: schema.ConfigSelfHosted}
		}},
		"to_cloud": {"basic.in.hcl", "environment.api", func(s *schema.EnvSpec) {
			s.Config = schema.EnvConfig{Type: schema.ConfigCloud, Packages: &schema.Packages{Pip: []string{"x==1"}},
				Networking: &schema.Networking{Type: schema.NetworkingUnrestricted}}
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := load(t, tc.in)
			target := version(cfg, tc.address, tc.change)
			res, err := rollback.Rewrite(rollback.Request{Config: cfg, Address: tc.address, Target: target})
			if err != nil {
				t.Fatal(err)
			}
			var diff bytes.Buffer
			if err := render.UnifiedDiff(&diff, "a/main.hcl", "b/main.hcl", res.Before, res.After); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", name+".out.hcl"), res.After)
			golden.Check(t, filepath.Join("testdata", name+".diff"), diff.Bytes())
			// The rewritten file plans exactly the version.
			after, diags := schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": res.After}, ".", schema.LoadOptions{})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			spec := after.Environment(tc.address).Spec()
			target.Scope = "" // the block leaves the scope to the API
			if d := change.Specs(&spec, &target); len(d) > 0 {
				t.Errorf("after the rollback the block still differs: %+v", d)
			}
		})
	}
}

func TestRewriteNothingToDo(t *testing.T) {
	cfg := load(t, "basic.in.hcl")
	res, err := rollback.Rewrite(rollback.Request{Config: cfg, Address: "environment.web", Target: version(cfg, "environment.web", func(*schema.EnvSpec) {})})
	if res != nil || err != nil {
		t.Fatalf("Rewrite = %v, %v; want nothing to do", res, err)
	}
}

func TestRewriteRefused(t *testing.T) {
	cases := map[string]struct {
		in, address string
		change      func(*schema.EnvSpec)
		want        string
	}{
		"for_each":     {"refused_foreach.in.hcl", `environment.team["a"]`, func(s *schema.EnvSpec) { s.Description = str("Old") }, "for_each"},
		"local":        {"refused_var.in.hcl", "environment.web", func(s *schema.EnvSpec) { s.Config.Networking.AllowedHosts = []string{"https://pypi.org"} }, "built from local.hosts"},
		"metadata var": {"basic.in.hcl", "environment.web", func(s *schema.EnvSpec) { s.Metadata["team"] = "web" }, "built from var.team"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := load(t, tc.in)
			_, err := rollback.Rewrite(rollback.Request{Config: cfg, Address: tc.address, Target: version(cfg, tc.address, tc.change)})
			var ref *rollback.RefusedError
			if !errors.As(err, &ref) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
			for _, d := range ref.Diagnostics() {
				if d.Subject == nil || d.Subject.Filename != "main.hcl" || !strings.HasPrefix(diag.Address(d), tc.address) {
					t.Errorf("diagnostic without its range or address: %v (%q)", d, diag.Address(d))
				}
			}
			switch {
			case name == "for_each":
				// one piece of advice: the fields to bring back, no block
				if ref.Paste != nil || len(ref.Fields) != 1 || ref.Fields[0].Path != "description" {
					t.Errorf("for_each instance: paste %q, fields %+v; want only the description to bring back", ref.Paste, ref.Fields)
				}
			case !bytes.Contains(ref.Paste, []byte("environment \"")):
				t.Errorf("no block to paste:\n%s", ref.Paste)
			}
		})
	}
	// A field built from an expression that does not change is no reason to refuse.
	cfg := load(t, "refused_var.in.hcl")
	if _, err := rollback.Rewrite(rollback.Request{Config: cfg, Address: "environment.web", Target: version(cfg, "environment.web", func(s *schema.EnvSpec) { s.Description = str("Old") })}); err != nil {
		t.Errorf("unchanged computed field: %v", err)
	}
}
