package lint

import (
	"strings"
	"testing"
)

func TestFindSecret(t *testing.T) {
	secrets := []struct{ value, key string }{
		{"sk-ant-api03-abcdefghijklmnopqrstuvwxyz", ""},
		{"use ghp_abcdefghijklmnopqrstuvwxyz0123456789 here", ""},
		{"AKIAIOSFODNN7EXAMPLE", ""},
		{"xoxb-1234567890-abcdefghij", ""},
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk", ""},
		{"db password=correcthorse", ""},
		{"DB_PASSWORD=correcthorse", ""},
		{"https://bot:hunter22@example.com", ""},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", ""},
		{"Zq8vN3xK0pL7mR2tY5wB9cF4", "client_secret"},
	}
	for _, s := range secrets {
		m := findSecret(s.value, s.key)
		if m == nil {
			t.Errorf("findSecret(%q, %q) = nil", s.value, s.key)
			continue
		}
		if red := redact(s.value, m); strings.Contains(red, m.secret) || !strings.Contains(red, "REDACTED") {
			t.Errorf("redact(%q) = %q", s.value, red)
		}
	}
	clean := []struct{ value, key string }{
		{"Data analysis with pandas", ""},
		{"author:someone tokenizer=bpe", ""},
		{"scikit-learn and sk-learn", ""},
		{"password=${DB_PASSWORD}", ""},
		{"deploy", "token_name"},
		{"platform-team-2024", "owner"},
		{"aaaaaaaaaaaaaaaaaaaaaaaa", "secret"},
		{"https://api.example.com", ""},
	}
	for _, c := range clean {
		if m := findSecret(c.value, c.key); m != nil {
			t.Errorf("findSecret(%q, %q) = %s", c.value, c.key, m.kind)
		}
	}
}

func TestNoFindingEchoesASecret(t *testing.T) {
	cfg, diags := loadSrc(t, `
environment "e" {
  config {
    type = "cloud"
    packages {
      pip = ["https://bot:hunter22hunter@pypi.example/simple"]
    }
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.example.com/ghp_abcdefghijklmnopqrstuvwxyz0123456789", "https://AKIAIOSFODNN7EXAMPLE.example.com"]
      allow_package_managers = true
    }
  }
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, _ := Run(cfg, Options{})
	if len(res.Findings) < 4 {
		t.Fatalf("findings:\n%s", dump(res))
	}
	for _, f := range res.Findings {
		for _, secret := range []string{"hunter22hunter", "ghp_abcdefghijklmnop", "AKIAIOSFODNN7EXAMPLE"} {
			if strings.Contains(f.Summary+f.Detail+f.Value, secret) {
				t.Errorf("%s echoes a secret: %+v", f.Rule, f)
			}
		}
	}
}
