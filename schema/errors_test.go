package schema

import (
	"strings"
	"testing"
)

// TestLoadErrors pins the diagnostics (file:line:col and summary) for each
// kind of user mistake, and a fragment of the detail text.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		opts   LoadOptions
		want   []string
		detail string
	}{
		{
			name:   "unknown block",
			src:    "enviroment \"a\" {}\n",
			want:   []string{"main.hcl:1:1: Unsupported block type"},
			detail: `Did you mean "environment"?`,
		},
		{
			name:   "unknown attribute",
			src:    "environment \"a\" {\n  nme = \"x\"\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:2:3: Unsupported argument"},
			detail: `Did you mean "name"?`,
		},
		{
			name:   "unknown nested attribute",
			src:    "environment \"a\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type = \"limited\"\n      allowed_host = []\n    }\n  }\n}\n",
			want:   []string{"main.hcl:6:7: Unsupported argument"},
			detail: `Did you mean "allowed_hosts"?`,
		},
		{
			name:   "wrong type",
			src:    "environment \"a\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type = \"limited\"\n      allowed_hosts = \"https://x\"\n    }\n  }\n}\n",
			want:   []string{"main.hcl:6:23: Incorrect value type"},
			detail: "must be a list of strings, not string",
		},
		{
			name:   "wrong bool",
			src:    "environment \"a\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type = \"limited\"\n      allow_mcp_servers = \"maybe\"\n    }\n  }\n}\n",
			want:   []string{"main.hcl:6:27: Incorrect value type"},
			detail: "must be a bool",
		},
		{
			name:   "bad enum",
			src:    "environment \"a\" {\n  config {\n    type = \"cloud\"\n    networking { type = \"limitd\" }\n  }\n}\n",
			want:   []string{`main.hcl:4:25: Invalid value for "type"`},
			detail: `must be "unrestricted" or "limited". Did you mean "limited"?`,
		},
		{
			name:   "bad scope",
			src:    "environment \"a\" {\n  scope = \"org\"\n  config { type = \"cloud\" }\n}\n",
			want:   []string{`main.hcl:2:11: Invalid value for "scope"`},
			detail: `"organization" or "account"`,
		},
		{
			name: "duplicate labels",
			src:  cloudEnv + cloudEnv,
			want: []string{`main.hcl:8:1: Duplicate environment block "a"`},
		},
		{
			name:   "duplicate names after for_each",
			src:    "environment \"a\" {\n  for_each = toset([\"x\", \"y\"])\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:1:13: Duplicate environment name"},
			detail: `environment.a["x"] and environment.a["y"]`,
		},
		{
			name:   "no duplicate name from a name that failed to evaluate",
			src:    "variable \"team\" { type = string }\nenvironment \"a\" {\n  for_each = toset([\"x\", \"y\"])\n  name = \"a-${each.key}-${var.team}\"\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:1:1: No value for required variable"},
			detail: `no value was given`,
		},
		{
			name:   "validation of one variable refers to another",
			src:    "variable \"a\" {\n  default = \"x\"\n  validation {\n    condition     = var.b == \"y\"\n    error_message = \"bad\"\n  }\n}\nvariable \"b\" { default = \"y\" }\n",
			want:   []string{"main.hcl:4:21: Invalid reference in variable validation"},
			detail: `can only refer to the variable itself, using var.a`,
		},
		{
			name:   "undeclared variable",
			src:    "variable \"team\" { default = \"x\" }\nenvironment \"a\" {\n  name = var.teem\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:3:10: Reference to undeclared input variable"},
			detail: "Did you mean var.team?",
		},
		{
			name: "undeclared local",
			src:  "environment \"a\" {\n  name = local.x\n  config { type = \"cloud\" }\n}\n",
			want: []string{"main.hcl:2:10: Reference to undeclared local value"},
		},
		{
			name:   "local cycle",
			src:    "locals {\n  a = local.b\n  b = local.c\n}\nlocals {\n  c = local.a\n}\n",
			want:   []string{"main.hcl:2:3: Cycle in local values"},
			detail: "local.a -> local.b -> local.c -> local.a",
		},
		{
			name: "duplicate local",
			src:  "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n",
			want: []string{"main.hcl:5:3: Duplicate local value definition"},
		},
		{
			name: "missing config",
			src:  "environment \"a\" {\n  name = \"x\"\n}\n",
			want: []string{"main.hcl:1:1: Missing config block"},
		},
		{
			name: "missing config type",
			src:  "environment \"a\" {\n  config {}\n}\n",
			want: []string{"main.hcl:2:10: Missing required argument"},
		},
		{
			name: "two terrarium blocks",
			src:  "terrarium {}\nterrarium {}\n",
			want: []string{"main.hcl:2:1: Duplicate terrarium block"},
		},
		{
			name:   "non-string metadata",
			src:    "environment \"a\" {\n  metadata = { a = [\"x\"], b = null }\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:2:20: Invalid metadata value", "main.hcl:2:31: Invalid metadata value"},
			detail: "must be a string, not tuple",
		},
		{
			name: "reserved metadata key",
			src:  "environment \"a\" {\n  metadata = { \"terrarium.stack\" = \"x\" }\n  config { type = \"cloud\" }\n}\n",
			want: []string{"main.hcl:2:16: Reserved metadata key"},
		},
		{
			name: "required variable",
			src:  "variable \"x\" {\n  type = string\n}\n",
			want: []string{"main.hcl:1:1: No value for required variable"},
		},
		{
			name:   "variable validation",
			src:    "variable \"x\" {\n  default = \"b\"\n  validation {\n    condition     = var.x == \"a\"\n    error_message = \"x must be a.\"\n  }\n}\n",
			want:   []string{"main.hcl:2:13: Invalid value for variable"},
			detail: "x must be a.",
		},
		{
			name: "variable wrong type",
			src:  "variable \"x\" {\n  type    = number\n  default = \"abc\"\n}\n",
			want: []string{"main.hcl:3:13: Invalid value for variable"},
		},
		{
			name: "undeclared -var",
			src:  "variable \"team\" { default = \"x\" }\n",
			opts: LoadOptions{Vars: []string{"tema=y", "novalue"}},
			want: []string{"Invalid -var option", "Value for undeclared variable"},
		},
		{
			name:   "for_each over a list",
			src:    "environment \"a\" {\n  for_each = [\"x\"]\n  config { type = \"cloud\" }\n}\n",
			want:   []string{"main.hcl:2:14: Invalid for_each argument"},
			detail: "toset()",
		},
		{
			name: "each without for_each",
			src:  "environment \"a\" {\n  name = each.key\n  config { type = \"cloud\" }\n}\n",
			want: []string{`main.hcl:2:10: Reference to "each" outside for_each`},
		},
		{
			name: "sensitive for_each",
			src:  "variable \"s\" {\n  sensitive = true\n  default = { a = 1 }\n}\nenvironment \"a\" {\n  for_each = var.s\n  name = each.key\n  config { type = \"cloud\" }\n}\n",
			want: []string{"main.hcl:6:14: Invalid for_each argument"},
		},
		{
			name: "unknown function",
			src:  "environment \"a\" {\n  name = uppr(\"x\")\n  config { type = \"cloud\" }\n}\n",
			want: []string{"main.hcl:2:10: Call to unknown function"},
		},
		{
			name: "moved errors",
			src:  cloudEnv + "moved {\n  from = environment.a\n  to   = environment.b\n}\nmoved {\n  from = foo.bar\n  to = environment.a\n}\n",
			want: []string{"main.hcl:12:10: Invalid address", "main.hcl:8:10: Environment still declared", "main.hcl:9:10: Reference to undeclared environment"},
		},
		{
			name: "duplicate import",
			src:  cloudEnv + "import {\n  to = environment.a\n  id = \"env_1\"\n}\nimport {\n  to = environment.a\n  id = \"env_2\"\n}\n",
			want: []string{"main.hcl:12:8: Duplicate import target"},
		},
		{
			name: "removed still declared",
			src:  cloudEnv + "removed {\n  from = environment.a\n}\n",
			want: []string{"main.hcl:8:10: Environment still declared"},
		},
		{
			name: "bad ignore_changes",
			src:  "environment \"a\" {\n  config { type = \"cloud\" }\n  lifecycle { ignore_changes = [descripton] }\n}\n",
			want: []string{"main.hcl:3:33: Invalid ignore_changes path"},
		},
		{
			name: "invalid label",
			src:  "environment \"my env\" {\n  config { type = \"cloud\" }\n}\n",
			want: []string{"main.hcl:1:13: Invalid environment label"},
		},
		{
			name: "syntax error",
			src:  "environment \"a\" {\n  name = \n}\n",
			want: []string{"main.hcl:2:10: Invalid expression"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadSrc(t, tt.src, tt.opts)
			got := diagLines(diags)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
			if tt.detail != "" && !strings.Contains(diags.Error()+fullDetails(diags), tt.detail) {
				t.Errorf("no detail %q in %s", tt.detail, fullDetails(diags))
			}
		})
	}
}

func fullDetails(diags interface{ Errs() []error }) string {
	var b strings.Builder
	for _, e := range diags.Errs() {
		b.WriteString(e.Error())
		b.WriteString("\n")
	}
	return b.String()
}
