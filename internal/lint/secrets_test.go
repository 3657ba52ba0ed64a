package lint

import (
	"fmt"
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

// nextField splits as strings.FieldsFunc does at the same characters,
// whatever the text: multibyte characters and invalid UTF-8 included.
func TestNextFieldSplitsLikeFieldsFunc(t *testing.T) {
	for _, v := range []string{
		"", " ", "a", " a  b ", "https://u:p@h.example/x?y=1#z", "k=v;k2=v2,(x)<y>",
		"caf\u00e9 \u00fcber\tna\u00efve", "\xff\xfe a\x80b", "\xe2\x80 \xe2\x80\xa8", "'q' \"d\"\r\n",
	} {
		for _, set := range []struct {
			delims *asciiSet
			chars  string
		}{{&tokenDelimiters, " \t\n\r,;\"'()<>"}, {&urlDelimiters, "/?&#@:=."}} {
			want := strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(set.chars, r) })
			var got []string
			for f, rest := nextField(v, set.delims); f != ""; f, rest = nextField(rest, set.delims) {
				got = append(got, f)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
				t.Errorf("fields of %q at %q: %q, want %q", v, set.chars, got, want)
			}
		}
	}
}

// BenchmarkFindSecretFile is findSecret over one file of 200 clean
// environments, as secret-in-config's literal check first looks at each
// file whole.
func BenchmarkFindSecretFile(b *testing.B) {
	var sb strings.Builder
	for i := range 200 {
		fmt.Fprintf(&sb, cleanEnv, i, i, i, i%7)
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if m := findSecret(text, ""); m != nil {
			b.Fatalf("found %s", m.kind)
		}
	}
}
