package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/cli"
	"terrarium/internal/iostreams"
)

// sensitiveMark is the value of the sensitive variable; every command's
// output is searched for it (and for its upper and lower case, which the
// configuration's functions make of it).
const sensitiveMark = "SensitiveMarkQ7z"

// sensitiveConfig takes a sensitive token through validation (functions on
// it), interpolation into a description and metadata, a function call,
// hosts and a package; lint warns about the package (not pinned) and a
// host (a wildcard) without quoting them.
const sensitiveConfig = `terrarium {
  stack = "sens"
}

variable "token" {
  type      = string
  sensitive = true
  %DEFAULT%
  validation {
    condition     = length(var.token) > 3 && upper(var.token) != "X" && length(regexall("[0-9]", var.token)) > 0
    error_message = "The token ${var.token} is too short."
  }
}

locals {
  tag = format("t-%s", lower(var.token))
}

environment "app" {
  description = "built with ${upper(var.token)}"
  metadata    = { build = var.token, tag = local.tag }
  config {
    type = "cloud"
    packages {
      pip = ["pandas-${lower(var.token)}"]
    }
    networking {
      type                   = "limited"
      allowed_hosts          = ["https://${lower(var.token)}.example.com", "https://*.${lower(var.token)}.org"]
      allow_package_managers = true
    }
  }
}
`

// TestSensitiveValueNeverShown sets the sensitive variable by --var, by a
// var file and by its default, runs every command that reads the
// configuration in every format, applies, and reads the state log back;
// the value appears in no output.
func TestSensitiveValueNeverShown(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	// The in-process --chdir runs below change the test binary's working
	// directory; t.Chdir puts it back when the test ends, for the tests
	// that find testdata relative to it.
	t.Chdir(".")
	for _, source := range []string{"var", "var-file", "default"} {
		t.Run(source, func(t *testing.T) {
			dir := t.TempDir()
			def := ""
			var set []string
			switch source {
			case "var":
				set = []string{"--var", "token=" + sensitiveMark}
			case "var-file":
				writeFile(t, filepath.Join(dir, "secret.vars.hcl"), `token = "`+sensitiveMark+`"`)
				set = []string{"--var-file", filepath.Join(dir, "secret.vars.hcl")}
			case "default":
				def = `default = "` + sensitiveMark + `"`
			}
			writeFile(t, filepath.Join(dir, "main.hcl"), strings.Replace(sensitiveConfig, "%DEFAULT%", def, 1))
			plan := filepath.Join(dir, "x.tfplan")
			runs := [][]string{
				{"validate"}, {"validate", "--json"},
				{"lint"}, {"lint", "--format", "json"}, {"lint", "--format", "sarif"}, {"lint", "--format", "junit"}, {"lint", "--format", "github"},
				{"plan", "--emulator"}, {"plan", "--emulator", "--format", "json"}, {"plan", "--emulator", "--format", "markdown"},
				{"plan", "--emulator", "--out", plan},
			}
			for _, args := range runs {
				sensitiveRun(t, 0, append(append(args, set...), dir)...)
			}
			for _, args := range [][]string{{"show", plan}, {"show", "--json", plan}, {"show", "--format", "markdown", plan}} {
				sensitiveRun(t, 0, args...)
			}
			sensitiveRun(t, 0, "apply", "--emulator", plan)
			sensitiveRun(t, 0, append([]string{"apply", "--emulator", "--json", "--auto-approve"}, append(set, dir)...)...)
			for _, args := range [][]string{
				{"history"}, {"history", "--json"}, {"history", "environment.app"}, {"history", "environment.app", "--json"},
				{"history", "environment.app", "--version", "1"}, {"history", "environment.app", "--version", "1", "--json"},
				{"history", "environment.app", "--version", "1", "--hcl"},
				{"state", "show", "environment.app"}, {"state", "show", "environment.app", "--json"}, {"state", "list", "--json"},
			} {
				sensitiveRun(t, 0, append([]string{"--chdir", dir}, args...)...)
			}
			// A plan after the apply compares the live object, which holds
			// the value, with the configuration.
			sensitiveRun(t, 0, append(append([]string{"plan", "--emulator", "--format", "json"}, set...), dir)...)
		})
	}
}

// TestSensitiveValueNotInDiagnostics breaks the configuration in the ways
// whose messages would quote the value: a validation rule whose function
// fails on it, one whose error_message includes it, a function failing on
// it in an environment, and a value not allowed for an enumerated argument.
func TestSensitiveValueNotInDiagnostics(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	for name, c := range map[string]struct{ from, to string }{
		"tonumber in validation":  {`length(var.token) > 3 && upper`, `tonumber(var.token) > 3 && upper`},
		"regex in validation":     {`length(regexall("[0-9]", var.token)) > 0`, `regex("^[a-z]+$", var.token) != ""`},
		"unknown function":        {`length(var.token) > 3 &&`, `nosuchfunction(var.token) &&`},
		"error_message":           {`length(var.token) > 3`, `length(var.token) > 300`},
		"tonumber in environment": {`"built with ${upper(var.token)}"`, `"built with ${tonumber(upper(var.token))}"`},
		"enumerated argument":     {`type                   = "limited"`, `type                   = var.token`},
		"sensitive metadata key":  {`metadata    = { build = var.token`, `metadata    = { (var.token) = "b"`},
		"wrong type":              {`type      = string`, `type      = number`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src := strings.Replace(sensitiveConfig, "%DEFAULT%", "", 1)
			if !strings.Contains(src, c.from) {
				t.Fatalf("the configuration has no %q", c.from)
			}
			writeFile(t, filepath.Join(dir, "main.hcl"), strings.Replace(src, c.from, c.to, 1))
			// A var file's line holding the value is not shown as the
			// diagnostic's source either.
			varFile := filepath.Join(t.TempDir(), "secret.vars.hcl")
			writeFile(t, varFile, `token = "`+sensitiveMark+`"`)
			for _, set := range [][]string{{"--var", "token=" + sensitiveMark}, {"--var-file", varFile}} {
				for _, args := range [][]string{
					{"validate"}, {"validate", "--json"}, {"lint"}, {"lint", "--format", "sarif"}, {"lint", "--format", "github"},
					{"plan", "--emulator"}, {"plan", "--emulator", "--json"},
				} {
					sensitiveRun(t, 1, append(append(args, set...), dir)...)
				}
			}
		})
	}
}

// sensitiveRun runs terrarium in-process and fails when the exit code is
// not want or the output holds the sensitive value in any case.
func sensitiveRun(t *testing.T, want int, args ...string) string {
	t.Helper()
	all, code := runMain(args)
	if code != want {
		t.Errorf("terrarium %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, all)
	}
	if strings.Contains(strings.ToLower(all), strings.ToLower(sensitiveMark)) {
		t.Errorf("terrarium %s shows the sensitive value:\n%s", strings.Join(args, " "), all)
	}
	return all
}

// runMain runs terrarium in-process and returns its stdout and stderr.
func runMain(args []string) (string, int) {
	ios, _, out, errOut := iostreams.Test()
	code := cli.Main(args, ios)
	return out.String() + errOut.String(), code
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
