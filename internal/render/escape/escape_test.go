package escape

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestTerminal(t *testing.T) {
	for _, c := range []struct{ in, line, block string }{
		{"plain text, ünïcode", "plain text, ünïcode", "plain text, ünïcode"},
		{"line two\x1b]0;title\x07\x1b[2K", `line two\u001b]0;title\u0007\u001b[2K`, `line two\u001b]0;title\u0007\u001b[2K`},
		{"a\nb\tc\r\n", `a\nb\tc\r\n`, "a\nb\tc\\r\n"},
		{"\u009b31m del\x7f", `\u009b31m del\u007f`, `\u009b31m del\u007f`},
		{"\u202eevil\u202c \u2066x\u2069 \u200b\ufeff", `\u202eevil\u202c \u2066x\u2069 \u200b\ufeff`, `\u202eevil\u202c \u2066x\u2069 \u200b\ufeff`},
		{"bad \xff\xfe", `bad \xff\xfe`, `bad \xff\xfe`},
	} {
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := Block(c.in); got != c.block {
			t.Errorf("Block(%q) = %q, want %q", c.in, got, c.block)
		}
	}
}

func TestMarkdown(t *testing.T) {
	for _, c := range []struct{ in, text, code string }{
		{"environment.web", "environment.web", "`environment.web`"},
		{"a|b", "a&#124;b", "<code>a&#124;b</code>"},
		{"`x`", "&#96;x&#96;", "<code>&#96;x&#96;</code>"},
		{"<details>", "&#60;details&#62;", "`<details>`"},
		{"[a](https://e.example)", "&#91;a&#93;&#40;https&#58;//e.example&#41;", "`[a](https://e.example)`"},
		{"a\n| row |", "a&#92;n&#124; row &#124;", "<code>a&#92;n&#124; row &#124;</code>"},
		{"# heading", "&#35; heading", "`# heading`"},
		{"- item", "&#45; item", "`- item`"},
		{"12. item", "12&#46; item", "`12. item`"},
		{"www.evil.com", "www&#46;evil.com", "`www.evil.com`"},
		{"@user :warning:", "&#64;user &#58;warning:", "`@user :warning:`"},
		{"snake_case _em_", "snake_case &#95;em&#95;", "`snake_case _em_`"},
		{"main.hcl:40:3", "main.hcl:40:3", "`main.hcl:40:3`"},
	} {
		if got := MDText(c.in); got != c.text {
			t.Errorf("MDText(%q) = %q, want %q", c.in, got, c.text)
		}
		if got := MDCode(c.in); got != c.code {
			t.Errorf("MDCode(%q) = %q, want %q", c.in, got, c.code)
		}
	}
}

func TestFormat(t *testing.T) {
	if got := Term("%-6s|%q|%d|%s", "a\x1b", "b\x1b", 3, Safe("\x1b[1mbold\x1b[0m")); got != "a\\u001b|\"b\\x1b\"|3|\x1b[1mbold\x1b[0m" {
		t.Errorf("Term = %q", got)
	}
	if got := Term("%-*s|", 4, "ab"); got != "ab  |" {
		t.Errorf("Term with a * width = %q", got)
	}
	if got := MD("| %s | %s | %s |", Code("a|b"), "x*y", Safe("**bold**")); got != "| <code>a&#124;b</code> | x&#42;y | **bold** |" {
		t.Errorf("MD = %q", got)
	}
}

func TestJSON(t *testing.T) {
	b, _ := json.Marshal(map[string]string{"k\u202e": "v\u0085\x7f\x1b"})
	got := JSON(string(b))
	if got != `{"k\u202e":"v\u0085\u007f\u001b"}` {
		t.Errorf("JSON = %s", got)
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(got), &back); err != nil || back["k\u202e"] != "v\u0085\x7f\x1b" {
		t.Errorf("JSON changed the document: %v %q", err, back)
	}
}

func TestGitHub(t *testing.T) {
	if got := GitHubData("50% done\r\nnext::x"); got != "50%25 done%0D%0Anext::x" {
		t.Errorf("GitHubData = %q", got)
	}
	if got := GitHubProperty("a:b,c\n\x1b"); got != `a%3Ab%2Cc%0A\u001b` {
		t.Errorf("GitHubProperty = %q", got)
	}
}

// TestTermCleanStringsAsIs pins the fast path of Term: a string Line leaves
// as it is is formatted directly, with the same result as formatting it and
// then escaping (the general path), whatever the verb, flags and width; a
// string Line changes still takes the general path.
func TestTermCleanStringsAsIs(t *testing.T) {
	strs := []string{"", "plain", "ünïcode ✓", `quo"te \back`, "\u00ad soft", "a\nb", "\x1b[2Kx", "\u202eevil", "bad \xff"}
	formats := []string{"%s", "%v", "%q", "%+q", "%#q", "%x", "%X", "%10s", "%-10s|", "%.3s", "%8.2q", "%d", "[%s]"}
	for _, s := range strs {
		for _, f := range formats {
			want := fmt.Sprintf(f, escaped{s, Line})
			if got := string(Term(f, s)); got != want {
				t.Errorf("Term(%q, %q) = %q, want %q", f, s, got, want)
			}
			if got := string(Term(f, s)); !clean(got, false) {
				t.Errorf("Term(%q, %q) = %q, which is not clean", f, s, got)
			}
		}
	}
}
