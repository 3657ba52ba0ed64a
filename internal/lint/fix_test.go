package lint

import (
	"strings"
	"testing"
)

// hostsSrc is a cloud environment whose allowed_hosts list is body.
func hostsSrc(body string) string {
	return "environment \"e\" {\n  config {\n    type = \"cloud\"\n    networking {\n      type = \"limited\"\n      allowed_hosts = [" + body + "]\n    }\n  }\n}\n"
}

// pipSrc is a cloud environment whose pip list is body.
func pipSrc(body string) string {
	return "environment \"e\" {\n  config {\n    type = \"cloud\"\n    packages {\n      pip = [" + body + "]\n    }\n    networking {\n      type = \"limited\"\n      allow_package_managers = true\n    }\n  }\n}\n"
}

// TestFixes lints each source, applies the safe fixes and compares the
// result; the fixed source must load and have no finding of the rule.
// A want equal to the source means no safe fix may be applied.
func TestFixes(t *testing.T) {
	for name, tc := range map[string]struct{ rule, src, want string }{
		"http to https":                {"host-not-https", hostsSrc(`"http://pypi.org"`), hostsSrc(`"https://pypi.org"`)},
		"upper-case scheme":            {"host-not-https", hostsSrc(`"HTTP://pypi.org/"`), hostsSrc(`"https://pypi.org/"`)},
		"bare host is left as written": {"host-not-https", hostsSrc(`"pypi.org"`), hostsSrc(`"pypi.org"`)},
		"port 443 kept":                {"host-not-https", hostsSrc(`"http://pypi.org:443"`), hostsSrc(`"https://pypi.org:443"`)},
		"port 80 needs a person":       {"host-not-https", hostsSrc(`"http://pypi.org:80"`), hostsSrc(`"http://pypi.org:80"`)},
		"ftp needs a person":           {"host-not-https", hostsSrc(`"ftp://pypi.org"`), hostsSrc(`"ftp://pypi.org"`)},
		"escaped literal untouched":    {"host-not-https", hostsSrc(`"pypi\u002eorg"`), hostsSrc(`"pypi\u002eorg"`)},
		"duplicate on one line": {"host-duplicate",
			hostsSrc(`"https://a.example", "https://A.example", "https://b.example"`),
			hostsSrc(`"https://a.example", "https://b.example"`)},
		"duplicates on their own lines": {"host-duplicate",
			hostsSrc("\n        \"https://a.example\",\n        \"https://a.example\",\n        \"https://a.example:443\"\n      "),
			hostsSrc("\n        \"https://a.example\",\n      ")},
		"comment above keeps the duplicate": {"host-duplicate",
			hostsSrc("\n        \"https://*.a.example\",\n        # terrarium:ignore host-wildcard reason=\"x\"\n        \"https://*.a.example\",\n        \"https://*.b.example\",\n      "),
			hostsSrc("\n        \"https://*.a.example\",\n        # terrarium:ignore host-wildcard reason=\"x\"\n        \"https://*.a.example\",\n        \"https://*.b.example\",\n      ")},
		"comment between keeps the duplicate": {"host-duplicate",
			hostsSrc("\"https://a.example\", # first\n \"https://a.example\""),
			hostsSrc("\"https://a.example\", # first\n \"https://a.example\"")},
		"identical package": {"package-duplicate", pipSrc(`"requests==2.32.3", "requests==2.32.3"`), pipSrc(`"requests==2.32.3"`)},
		"package versions differ": {"package-duplicate",
			pipSrc(`"requests==2.32.3", "requests==2.31.0"`), pipSrc(`"requests==2.32.3", "requests==2.31.0"`)},
		"unused ignore on its own line": {"ignore-unused",
			hostsSrc("\n        # terrarium:ignore host-wildcard reason=\"x\"\n        \"https://a.example\",\n      "),
			hostsSrc("\n        \"https://a.example\",\n      ")},
		"unused ignore after code": {"ignore-unused",
			hostsSrc("\n        \"https://a.example\", # terrarium:ignore host-wildcard reason=\"x\"\n      "),
			hostsSrc("\n        \"https://a.example\",\n      ")},
		"one unused rule of two": {"ignore-unused",
			hostsSrc("\n        # terrarium:ignore host-ip-literal, host-wildcard reason=\"x\" # note\n        \"https://*.a.example\",\n      "),
			hostsSrc("\n        # terrarium:ignore host-wildcard reason=\"x\" # note\n        \"https://*.a.example\",\n      ")},
		"bidi in a string": {"bidi-control",
			"environment \"e\" {\n  description = \"prod\u202e only\"\n  config {\n    type = \"self_hosted\"\n  }\n}\n",
			"environment \"e\" {\n  description = \"prod\\u202E only\"\n  config {\n    type = \"self_hosted\"\n  }\n}\n"},
		"bidi in an ignore comment needs a person": {"bidi-control",
			"# terrarium:ignore networking-implicit\u200b reason=\"x\"\nenvironment \"e\" {\n  config {\n    type = \"cloud\"\n  }\n}\n",
			"# terrarium:ignore networking-implicit\u200b reason=\"x\"\nenvironment \"e\" {\n  config {\n    type = \"cloud\"\n  }\n}\n"},
		"bidi in a comment": {"bidi-control",
			"# note \u2066\u2069 here\nenvironment \"e\" {\n  config {\n    type = \"self_hosted\" # x\u200b\n  }\n}\n",
			"# note  here\nenvironment \"e\" {\n  config {\n    type = \"self_hosted\" # x\n  }\n}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			got := applyAll(t, tc.src)
			if got != tc.want {
				t.Fatalf("fixed source:\n%s\nwant:\n%s", got, tc.want)
			}
			if got == tc.src {
				return
			}
			res, diags := Run(mustLoad(t, got), Options{Now: testNow})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			for _, f := range res.Findings {
				if f.Rule == tc.rule {
					t.Errorf("still %s after the fix: %s", tc.rule, f.Summary)
				}
			}
		})
	}
}

// applyAll lints src and returns it with the safe fixes applied.
func applyAll(t *testing.T, src string) string {
	t.Helper()
	res, diags := Run(mustLoad(t, src), Options{Now: testNow})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	changed, _ := ApplyFixes(map[string][]byte{"main.hcl": []byte(src)}, res.Findings)
	if out, ok := changed["main.hcl"]; ok {
		return string(out)
	}
	return src
}

// Overlapping fixes: the later-starting one is applied, the other skipped;
// the same fix reported twice is applied once; a stale Before refuses.
func TestApplyFixesOverlapAndStale(t *testing.T) {
	src := []byte("0123456789")
	fix := func(start, end int, before, text string) Finding {
		f := Finding{Rule: "r", Fix: &Fix{Before: before, Text: text, Safe: true}}
		f.Fix.Range.Filename, f.Fix.Range.Start.Byte, f.Fix.Range.End.Byte = "f", start, end
		return f
	}
	out, applied := ApplyFixes(map[string][]byte{"f": src}, []Finding{
		fix(1, 3, "12", "a"), fix(2, 4, "23", "b"), fix(6, 7, "6", "c"), fix(6, 7, "6", "c"), fix(8, 9, "x", "d"),
		{Rule: "r", Fix: &Fix{Safe: false}},
	})
	if got := string(out["f"]); got != "01b45c789" || len(applied) != 2 {
		t.Errorf("got %q with %d applied", got, len(applied))
	}
	if strings.Contains(string(src), "b") {
		t.Error("the input was modified")
	}
}

// A finding about a secret carries no fix: its text would echo the secret.
func TestSensitiveFindingHasNoFix(t *testing.T) {
	res, _ := Run(mustLoad(t, hostsSrc(`"http://user:hunter2hunter2@pypi.org"`)), Options{Now: testNow})
	for _, f := range res.Findings {
		if f.Fix != nil && strings.Contains(f.Fix.Before+f.Fix.Text+f.Fix.Description, "hunter2") {
			t.Errorf("%s: fix echoes the secret: %+v", f.Rule, f.Fix)
		}
	}
}
