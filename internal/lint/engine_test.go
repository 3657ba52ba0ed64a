package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/schema"
)

func rng(line int) hcl.Range {
	return hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: line, Column: 1, Byte: line * 10}, End: hcl.Pos{Line: line, Column: 5, Byte: line*10 + 4}}
}

func selfHosted(addr, name string, line int) *schema.Environment {
	return &schema.Environment{
		Address: addr, DeclRange: rng(line), Name: schema.String{Value: name, Range: rng(line + 1)},
		Config: &schema.EnvConfigBlock{Type: schema.String{Value: schema.ConfigSelfHosted}},
	}
}

func rulesOf(res Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func TestNameDuplicateAndReservedKey(t *testing.T) {
	a := selfHosted("environment.a", "dev", 1)
	b := selfHosted("environment.b", "dev", 10)
	b.Metadata = []schema.MetadataEntry{{Key: schema.String{Value: schema.MetaStack, Range: rng(12)}, Value: schema.String{Value: "x"}}}
	res, diags := Run(&schema.Config{Environments: []*schema.Environment{a, b}}, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := strings.Join(rulesOf(res), " "); got != "name-duplicate metadata-reserved-key" {
		t.Fatalf("rules = %q", got)
	}
	if res.Findings[0].Subject.Start.Line != 11 || res.Findings[0].Address != "environment.b" {
		t.Errorf("name-duplicate finding = %+v", res.Findings[0])
	}
}

func writeFile(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func loadSrc(t *testing.T, src string) (*schema.Config, hcl.Diagnostics) {
	t.Helper()
	return schema.LoadSources([]string{"main.hcl"}, map[string][]byte{"main.hcl": []byte(src)}, ".", schema.LoadOptions{Extensions: Blocks()})
}

const unrestricted = `
environment "e" {
  config {
    type = "cloud"
    networking {
      type = "unrestricted"
    }
  }
}
`

func TestLintBlock(t *testing.T) {
	cfg, diags := loadSrc(t, `lint {
  fail_on = "warning"
  rule "networking-unrestricted" {
    severity  = "warning"
    ignorable = false
  }
  rule "networking-implicit" {
    enabled = false
  }
}
environment "f" {
  config { type = "cloud" }
}
`+strings.Replace(unrestricted, "type = \"unrestricted\"", "type = \"unrestricted\" # terrarium:ignore networking-unrestricted reason=\"x\"", 1))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := Run(cfg, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if res.FailOn != SeverityWarning || !res.Failed() {
		t.Errorf("FailOn = %v, failed = %v", res.FailOn, res.Failed())
	}
	got := dump(res)
	if !strings.Contains(got, "networking-unrestricted") || strings.Contains(got, "networking-implicit") {
		t.Errorf("findings:\n%s", got)
	}
	if res.Findings[0].Severity != SeverityWarning {
		t.Errorf("severity = %v", res.Findings[0].Severity)
	}
	// The ignore comment cannot hide a rule that is not ignorable: it is
	// reported as having no effect, not as suppressing nothing.
	if !strings.Contains(got, `Ignore comment for "networking-unrestricted" has no effect`) || strings.Contains(got, "suppresses nothing") {
		t.Errorf("findings:\n%s", got)
	}
	res, _ = Run(cfg, Options{FailOn: SeverityError})
	if res.Failed() {
		t.Error("--fail-on error should not fail on warnings")
	}
}

func TestUnknownRuleNames(t *testing.T) {
	_, diags := loadSrc(t, `lint {
  rule "host-wildcards" { enabled = false }
}`)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), `Did you mean "host-wildcard"?`) {
		t.Errorf("diags = %v", diags)
	}
	cfg, _ := loadSrc(t, "# terrarium:ignore networking-unrestrictd reason=\"x\"\n"+unrestricted)
	res, diags := Run(cfg, Options{})
	if diags.HasErrors() || len(res.Findings) == 0 || res.Findings[0].Rule != "ignore-malformed" ||
		!strings.Contains(res.Findings[0].Detail, `Did you mean "networking-unrestricted"?`) {
		t.Errorf("diags = %v, findings:\n%s", diags, dump(res))
	}
}

func TestPolicyFilesStrictestWins(t *testing.T) {
	dir := t.TempDir()
	loose := writeFile(t, dir, "loose.hcl", "policy {\n  allow_mcp_servers = true\n  max_allowed_hosts = 5\n}\n")
	strict := writeFile(t, dir, "strict.hcl", "policy {\n  allow_mcp_servers = false\n  max_allowed_hosts = 1\n  approved_hosts = [\"https://*.corp.example\"]\n}\n")
	var pols []*Policy
	for _, p := range []string{loose, strict} {
		pol, _, diags := LoadPolicyFile(p)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		pols = append(pols, pol)
	}
	cfg, diags := loadSrc(t, `
environment "e" {
  config {
    type = "cloud"
    networking {
      type              = "limited"
      allowed_hosts     = ["https://a.corp.example", "https://evil.example"]
      allow_mcp_servers = true
    }
  }
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := Run(cfg, Options{Policies: pols})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	byRule := map[string]Finding{}
	for _, f := range res.Findings {
		byRule[f.Rule] = f
	}
	for _, r := range []string{"policy-mcp-servers", "policy-max-allowed-hosts", "host-not-approved"} {
		f, ok := byRule[r]
		if !ok {
			t.Errorf("no %s finding:\n%s", r, dump(res))
			continue
		}
		if f.PolicyRange == nil || f.PolicyRange.Filename != strict || !strings.Contains(f.Detail, strict+":") {
			t.Errorf("%s does not name the strict policy: %+v", r, f)
		}
	}
}

func TestPolicyFileErrors(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"two.hcl":     "policy {}\npolicy {}\n",
		"none.hcl":    "\n",
		"bad.hcl":     "policy {\n  approved_hosts = [\"https://pypi.org/simple\"]\n}\n",
		"unknown.hcl": "policy {\n  allow_everything = true\n}\n",
		"manager.hcl": "policy {\n  approved_package_managers = [\"brew\"]\n}\n",
	} {
		if _, _, diags := LoadPolicyFile(writeFile(t, dir, name, src)); !diags.HasErrors() {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, diags := LoadPolicyFile(filepath.Join(dir, "missing.hcl")); !diags.HasErrors() {
		t.Error("missing file: no error")
	}
}

func TestBaselineSurvivesLineMoves(t *testing.T) {
	cfg, _ := loadSrc(t, unrestricted)
	res, _ := Run(cfg, Options{})
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, NewBaseline(res)); err != nil {
		t.Fatal(err)
	}
	// SaveBaseline writes through a link only to a file IsBaselineFile knows
	if !IsBaselineFile(buf.Bytes()) || IsBaselineFile([]byte("[core]\n")) {
		t.Error("IsBaselineFile does not tell a baseline")
	}
	b, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	moved, _ := loadSrc(t, "\n\n# a comment\n"+unrestricted+`
environment "g" {
  config {
    type = "cloud"
  }
}
`)
	res2, _ := Run(moved, Options{Baseline: b})
	if res2.Baselined != len(res.Findings) || len(res2.Findings) != 1 || res2.Findings[0].Address != "environment.g" {
		t.Errorf("baselined %d, remaining:\n%s", res2.Baselined, dump(res2))
	}
	if _, err := ReadBaseline(strings.NewReader(`{"format_version": 99, "findings": []}`)); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("future version: %v", err)
	}
}

func TestIgnoreAboveBlockAndEndOfLine(t *testing.T) {
	cfg, _ := loadSrc(t, `
# terrarium:ignore host-wildcard,host-not-https reason="legacy mirror" expires=2099-01-01
environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://*.example.com",
        "http://mirror.example.com",
        "https://a.example.com:8443", # terrarium:ignore host-nonstandard-port reason="admin api"
      ]
    }
  }
}
`)
	res, diags := Run(cfg, Options{Now: testNow})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(res.Findings) != 0 || res.Suppressed != 3 {
		t.Errorf("suppressed %d, findings:\n%s", res.Suppressed, dump(res))
	}
}

func TestFindingJSONRoundTrip(t *testing.T) {
	cfg, _ := loadSrc(t, unrestricted)
	res, _ := Run(cfg, Options{})
	b, err := json.Marshal(res.Findings)
	if err != nil {
		t.Fatal(err)
	}
	var back []Finding
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, res.Findings) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, res.Findings)
	}
}

// A host added at the top of a list shifts every index after it; the
// accepted findings for the other hosts must stay hidden.
func TestBaselineSurvivesListInsertions(t *testing.T) {
	src := func(hosts string) string {
		return `environment "a" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [` + hosts + `"https://a.example:8443", "https://b.example:8443"]
    }
  }
}
`
	}
	cfg, _ := loadSrc(t, src(""))
	res, _ := Run(cfg, Options{})
	if len(res.Findings) != 2 {
		t.Fatalf("want 2 findings:\n%s", dump(res))
	}
	b := NewBaseline(res)
	cfg2, _ := loadSrc(t, src(`"https://new.example:9443", `))
	res2, _ := Run(cfg2, Options{Baseline: b})
	if res2.Baselined != 2 || len(res2.Findings) != 1 || res2.Findings[0].Value != "https://new.example:9443" {
		t.Errorf("baselined %d, remaining:\n%s", res2.Baselined, dump(res2))
	}
}

func TestStripIndices(t *testing.T) {
	for in, want := range map[string]string{
		"config.networking.allowed_hosts[12]": "config.networking.allowed_hosts",
		"config.packages.pip[0]":              "config.packages.pip",
		"metadata.team":                       "metadata.team",
		"a[x]":                                "a[x]",
		"a[":                                  "a[",
	} {
		if got := stripIndices(in); got != want {
			t.Errorf("stripIndices(%q) = %q, want %q", in, got, want)
		}
	}
}

// A value quoted into a message keeps control characters escaped, so that
// a configuration cannot send escape sequences to a reviewer's terminal.
func TestMessagesEscapeControlCharacters(t *testing.T) {
	cfg, diags := loadSrc(t, `policy {
  required_metadata = ["x\u001b[31m"]
}
environment "a" {
  config {
    type = "self_hosted"
  }
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, _ := Run(cfg, Options{})
	got := dump(res)
	if strings.Contains(got, "\x1b") || !strings.Contains(got, `"x\x1b[31m"`) {
		t.Errorf("findings:\n%q", got)
	}
	for _, f := range res.Findings {
		if f.Path != `metadata["x\x1b[31m"]` {
			t.Errorf("path = %q", f.Path)
		}
	}
	if got := metadataPath("team"); got != "metadata.team" {
		t.Errorf("metadataPath(team) = %q", got)
	}
}

// Malformed ignore comments are findings at their own line that say how
// to write them; the rest of the run goes on.
func TestIgnoreCommentSyntaxErrors(t *testing.T) {
	for opts, want := range map[string]string{
		`reason = "spaced"`:     `no spaces around "="`,
		`reason= "spaced"`:      `no spaces around "="`,
		`reason="a" reason="b"`: `"reason" is given twice`,
		`reason="a" expires=2026-01-01 expires=2027-01-01`: `"expires" is given twice`,
		`reason="a" until=2026-01-01`:                      `Unknown option "until"`,
		`reason="a`:                                        `not closed`,
		`,,networking-unrestricted reason="a"`:             `missing between commas`,
		`networking-unrestricted reason="a"`:               `Separate rule names with commas`,
		`reason="a" expires=tomorrow`:                      `YYYY-MM-DD`,
	} {
		res, diags := Run(mustLoad(t, `environment "a" {
  config {
    type = "cloud" # terrarium:ignore networking-implicit `+opts+`
  }
}
`), Options{})
		var bad []Finding
		for _, f := range res.Findings {
			if f.Rule == "ignore-malformed" {
				bad = append(bad, f)
			}
		}
		if diags.HasErrors() || len(bad) != 1 || bad[0].Subject.Start.Line != 3 || !strings.Contains(bad[0].Detail, want) {
			t.Errorf("%s: diags = %v, findings:\n%s\nwant one ignore-malformed at line 3 saying %q", opts, diags, dump(res), want)
			continue
		}
		// The environment is still linted: the malformed comment hides nothing.
		if !strings.Contains(dump(res), "networking-implicit No networking block") {
			t.Errorf("%s: the rest of the run did not go on:\n%s", opts, dump(res))
		}
	}
}

func mustLoad(t *testing.T, src string) *schema.Config {
	t.Helper()
	cfg, diags := loadSrc(t, src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

// Every key terrarium writes on a live environment is reserved, the
// prevent_destroy key included.
func TestReservedKeyCoversEveryTerrariumKey(t *testing.T) {
	for _, key := range []string{schema.MetaStack, schema.MetaAddress, schema.MetaPreventDestroy} {
		e := selfHosted("environment.a", "dev", 1)
		e.Metadata = []schema.MetadataEntry{{Key: schema.String{Value: key, Range: rng(3)}, Value: schema.String{Value: "true"}}}
		res, diags := Run(&schema.Config{Environments: []*schema.Environment{e}}, Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if got := strings.Join(rulesOf(res), " "); got != "metadata-reserved-key" {
			t.Errorf("%s: rules = %q", key, got)
		}
	}
}
