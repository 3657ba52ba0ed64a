package hostspec

import (
	"strings"
	"testing"
)

func TestInternalSpellings(t *testing.T) {
	internal := []string{
		"https://169.254.169.254",
		"https://2852039166",
		"https://0xA9FEA9FE",
		"https://0xa9.0xfe.0xa9.0xfe",
		"https://0251.0376.0251.0376",
		"https://169.254.43518",
		"https://127.1",
		"https://127.0.0.1.",
		"https://[::1]",
		"https://[::ffff:169.254.169.254]",
		"https://[::ffff:a9fe:a9fe]",
		"https://[64:ff9b::a9fe:a9fe]",
		"https://[::a9fe:a9fe]",
		"https://[2002:a9fe:a9fe::1]",
		"https://[fec0::1]",
		"https://[fd00:ec2::254]",
		"https://[FD00:EC2::254]:443",
		"https://[fe80::1%25eth0]",
		"https://10.0.0.1",
		"https://192.168.1.1:8443",
		"https://172.16.5.4",
		"https://100.64.0.1",
		"https://0.0.0.0",
		"https://0",
		"https://LOCALHOST",
		"https://localhost.",
		"https://api.localhost",
		"https://Metadata.Google.Internal.",
		"https://metadata.google.internal",
		"https://ｌｏｃａｌｈｏｓｔ",
		"https://１２７.０.０.１",
		"localhost:8080",
		"https://app.localtest.me",
		"https://169.254.169.254.nip.io",
		"https://myapp.10.0.0.1.nip.io",
		"https://app-127-0-0-1.sslip.io",
		"https://a9fea9fe.nip.io",
		"https://db.internal",
		"https://printer.local",
		"https://router.home.arpa",
	}
	for _, raw := range internal {
		h, err := Parse(raw)
		if err != nil {
			t.Errorf("Parse(%q): %v", raw, err)
			continue
		}
		if h.Internal() == "" {
			t.Errorf("Parse(%q).Internal() = \"\", want a reason (ascii %q)", raw, h.ASCII)
		}
	}
	for _, raw := range []string{"https://pypi.org", "https://8.8.8.8", "https://[2606:4700::1111]", "https://metadata.example.com", "https://notlocalhost", "https://8.8.8.8.nip.io", "https://internal.example.com", "https://nip.io"} {
		h, err := Parse(raw)
		if err != nil {
			t.Fatalf("Parse(%q): %v", raw, err)
		}
		if r := h.Internal(); r != "" {
			t.Errorf("Parse(%q).Internal() = %q, want none", raw, r)
		}
	}
}

func TestMalformed(t *testing.T) {
	for _, raw := range []string{
		"", " ", "https://pypi.org/simple", "https://pypi.org?x=1", "https://pypi.org#frag",
		"https://user:pass@pypi.org", "https://pypi .org", "https://", "https://py_pi.org",
		"https://pypi.org:0", "https://pypi.org:99999", "https://pypi.org:", "https://foo*.org",
		"https://a..b", "https://[1.2.3.4]", "mailto:x@y.z", "https://pypi.org\n", "https://*",
	} {
		if _, err := Parse(raw); err == nil {
			t.Errorf("Parse(%q) = nil error, want malformed", raw)
		}
	}
}

func TestCanonical(t *testing.T) {
	groups := [][]string{
		{"https://PyPI.org", "https://pypi.org.", "https://pypi.org:443", "https://pypi.org/"},
		{"https://bücher.example", "https://xn--bcher-kva.example", "https://BÜCHER.example."},
		{"https://127.0.0.1", "https://127.1", "https://2130706433", "https://[::ffff:127.0.0.1]"},
	}
	for _, g := range groups {
		want := ""
		for _, raw := range g {
			h, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse(%q): %v", raw, err)
			}
			if want == "" {
				want = h.Canonical()
			} else if got := h.Canonical(); got != want {
				t.Errorf("Canonical(%q) = %q, want %q", raw, got, want)
			}
		}
	}
}

func TestMatches(t *testing.T) {
	cases := []struct {
		pattern, host string
		want          bool
	}{
		{"https://*.corp.example", "https://api.corp.example", true},
		{"https://*.corp.example", "https://a.b.corp.example", true},
		{"https://*.corp.example", "https://corp.example", false},
		{"https://*.corp.example", "https://evilcorp.example", false},
		{"https://*.corp.example", "https://*.api.corp.example", true},
		{"https://*.corp.example", "https://*.corp.example", true},
		{"https://api.corp.example", "https://*.corp.example", false},
		{"https://pypi.org", "https://PYPI.org.", true},
		{"https://pypi.org", "https://pypi.org:8443", false},
		{"https://*.corp.example", "http://api.corp.example", false},
	}
	for _, c := range cases {
		p, err := Parse(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Parse(c.host)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Matches(h); got != c.want {
			t.Errorf("%q matches %q = %v, want %v", c.pattern, c.host, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"https://pypi.org", "https://0xA9FEA9FE", "https://[::ffff:169.254.169.254]", "https://*.corp.example",
		"http://x:80", "https://bücher.example.", "https://user@h", "localhost", "https://127.1", "https://[fe80::1%25eth0]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		h, err := Parse(raw)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty reason")
			}
			return
		}
		c := h.Canonical()
		if strings.ContainsAny(c, " \t\n") {
			t.Fatalf("canonical %q has whitespace", c)
		}
		h2, err := Parse(c)
		if err != nil {
			t.Fatalf("canonical %q of %q does not reparse: %v", c, raw, err)
		}
		if h2.Canonical() != c {
			t.Fatalf("canonical not stable: %q -> %q", c, h2.Canonical())
		}
		if (h.Internal() == "") != (h2.Internal() == "") {
			t.Fatalf("Internal differs between %q and %q", raw, c)
		}
		_ = h.Matches(h2)
	})
}
