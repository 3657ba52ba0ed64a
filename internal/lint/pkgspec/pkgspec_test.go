package pkgspec

import "testing"

func TestParse(t *testing.T) {
	cases := []struct {
		manager, spec string
		key           string
		pinned        bool
	}{
		{"pip", "pandas==2.2.0", "pandas", true},
		{"pip", "Foo_Bar.baz[extra1,extra2]==1.0", "foo-bar-baz", true},
		{"pip", "pandas", "pandas", false},
		{"pip", "pandas>=2", "pandas", false},
		{"pip", "pandas==2.*", "pandas", false},
		{"pip", "pandas==latest", "pandas", false},
		{"pip", "pandas>=2,<3", "pandas", false},
		{"npm", "express@4.18.0", "express", true},
		{"npm", "@types/node@20.1.0", "@types/node", true},
		{"npm", "@types/node", "@types/node", false},
		{"npm", "express@^4.18.0", "express", false},
		{"npm", "express@latest", "express", false},
		{"npm", "express@4", "express", false},
		{"cargo", "ripgrep@14.0.0", "ripgrep", true},
		{"cargo", "cargo_edit", "cargo-edit", false},
		{"cargo", "ripgrep@^14", "ripgrep", false},
		{"gem", "rails:7.1.0", "rails", true},
		{"gem", "rails", "rails", false},
		{"gem", "rails:latest", "rails", false},
		{"go", "golang.org/x/tools/cmd/goimports@v0.20.0", "golang.org/x/tools/cmd/goimports", true},
		{"go", "golang.org/x/tools/cmd/goimports@latest", "golang.org/x/tools/cmd/goimports", false},
		{"go", "golang.org/x/tools/cmd/goimports@master", "golang.org/x/tools/cmd/goimports", false},
		{"go", "golang.org/x/tools/cmd/goimports@v0.20", "golang.org/x/tools/cmd/goimports", false},
		{"go", "example.com/m@v0.0.0-20240101000000-abcdefabcdef", "example.com/m", true},
		{"apt", "curl=7.88.1-10", "curl", true},
		{"apt", "curl", "curl", false},
		{"apt", "libc6:amd64=2.36-9", "libc6:amd64", true},
		{"apt", "curl/bookworm-backports", "curl", false},
	}
	for _, c := range cases {
		s, err := Parse(c.manager, c.spec)
		if err != nil {
			t.Errorf("Parse(%s, %q): %v", c.manager, c.spec, err)
			continue
		}
		if s.Key != c.key || s.Pinned != c.pinned {
			t.Errorf("Parse(%s, %q) = key %q pinned %v (%s), want %q %v", c.manager, c.spec, s.Key, s.Pinned, s.Unpinned, c.key, c.pinned)
		}
		if !s.Pinned && s.Unpinned == "" {
			t.Errorf("Parse(%s, %q): unpinned without a reason", c.manager, c.spec)
		}
	}
}

func TestMalformed(t *testing.T) {
	for _, c := range [][2]string{
		{"pip", ""}, {"pip", "pandas; rm -rf /"}, {"pip", "-e ."}, {"pip", "--index-url=x"}, {"pip", "pan das"},
		{"pip", "pandas=2"}, {"pip", "$(curl x)"}, {"pip", "pandas[x"}, {"npm", "Express@"}, {"npm", "@scope"},
		{"npm", "git+https://x/y.git"}, {"cargo", "rip grep"}, {"cargo", "ripgrep@"}, {"gem", "rails:"},
		{"go", "goimports"}, {"go", "golang.org/x/tools@"}, {"apt", "Curl"}, {"apt", "curl="}, {"apt", "c"},
		{"pip", "pandas`id`"}, {"npm", "a|b"}, {"pip", "pändas"},
	} {
		if _, err := Parse(c[0], c[1]); err == nil {
			t.Errorf("Parse(%s, %q) = nil error, want malformed", c[0], c[1])
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range [][2]string{
		{"pip", "pandas==2.2.0"}, {"pip", "a[b,c]>=1,<2"}, {"npm", "@types/node@20.1.0"}, {"cargo", "ripgrep@14.0.0"},
		{"gem", "rails:7.1.0"}, {"go", "golang.org/x/tools/cmd/goimports@latest"}, {"apt", "curl=7.88.1-10"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, manager, spec string) {
		s, err := Parse(manager, spec)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty reason")
			}
			return
		}
		if s.Key == "" || s.Name == "" {
			t.Fatalf("Parse(%q, %q): empty name", manager, spec)
		}
		if s.Pinned == (s.Unpinned != "") {
			t.Fatalf("Parse(%q, %q): pinned %v with reason %q", manager, spec, s.Pinned, s.Unpinned)
		}
	})
}
