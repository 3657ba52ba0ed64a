package lint

import (
	"math"
	"net/url"
	"strings"
)

// secretPrefix is a credential format recognised by its fixed prefix.
type secretPrefix struct {
	prefix string
	kind   string
	minLen int // of the whole token
	// charset, when set, restricts the characters after the prefix.
	charset string
	exact   int // exact token length when non-zero
}

const (
	alnumChars  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

var secretPrefixes = []secretPrefix{
	{prefix: "sk-ant-", kind: "an Anthropic API key", minLen: 24},
	{prefix: "sk-proj-", kind: "an OpenAI API key", minLen: 32},
	{prefix: "sk-", kind: "an API secret key", minLen: 35, charset: alnumChars + "-_"},
	{prefix: "ghp_", kind: "a GitHub token", minLen: 30, charset: alnumChars},
	{prefix: "gho_", kind: "a GitHub token", minLen: 30, charset: alnumChars},
	{prefix: "ghu_", kind: "a GitHub token", minLen: 30, charset: alnumChars},
	{prefix: "ghs_", kind: "a GitHub token", minLen: 30, charset: alnumChars},
	{prefix: "ghr_", kind: "a GitHub token", minLen: 30, charset: alnumChars},
	{prefix: "github_pat_", kind: "a GitHub token", minLen: 40},
	{prefix: "glpat-", kind: "a GitLab token", minLen: 26},
	{prefix: "AKIA", kind: "an AWS access key ID", exact: 20, charset: upperDigits},
	{prefix: "ASIA", kind: "an AWS access key ID", exact: 20, charset: upperDigits},
	{prefix: "xoxb-", kind: "a Slack token", minLen: 20},
	{prefix: "xoxp-", kind: "a Slack token", minLen: 20},
	{prefix: "xoxa-", kind: "a Slack token", minLen: 20},
	{prefix: "xoxr-", kind: "a Slack token", minLen: 20},
	{prefix: "xoxs-", kind: "a Slack token", minLen: 20},
	{prefix: "xapp-", kind: "a Slack token", minLen: 20},
	{prefix: "AIza", kind: "a Google API key", exact: 39},
	{prefix: "sk_live_", kind: "a Stripe secret key", minLen: 24},
	{prefix: "rk_live_", kind: "a Stripe secret key", minLen: 24},
	{prefix: "npm_", kind: "an npm token", exact: 40, charset: alnumChars},
	{prefix: "pypi-", kind: "a PyPI token", minLen: 50},
}

// secretWords are key names (or parts of them) that announce a secret.
var secretWords = []string{"password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "private_key", "auth"}

// secretMatch is a secret found in a value.
type secretMatch struct {
	kind   string
	secret string // the secret text, never shown
}

// findSecret looks for a credential in value. keyName is the metadata key
// the value belongs to ("" elsewhere): a long high-entropy value under a
// key named like a secret counts as one.
func findSecret(value, keyName string) *secretMatch {
	if i := strings.Index(value, "-----BEGIN "); i >= 0 && strings.Contains(value[i:], "PRIVATE KEY") {
		return &secretMatch{kind: "a private key", secret: value[i:]}
	}
	for tok, rest := nextField(value, &tokenDelimiters); tok != ""; tok, rest = nextField(rest, &tokenDelimiters) {
		for part, more := nextField(tok, &urlDelimiters); part != ""; part, more = nextField(more, &urlDelimiters) {
			if m := prefixSecret(part); m != nil {
				return m
			}
		}
		if m := assignedSecret(tok); m != nil {
			return m
		}
		if m := urlPassword(tok); m != nil {
			return m
		}
		if strings.HasPrefix(tok, "eyJ") && strings.Count(tok, ".") == 2 && len(tok) > 30 {
			return &secretMatch{kind: "a JSON Web Token", secret: tok}
		}
	}
	if secretName(keyName) && looksRandom(value) {
		return &secretMatch{kind: "a secret (a random-looking value under key " + quote(keyName) + ")", secret: value}
	}
	return nil
}

// asciiSet is a set of bytes below 0x80: in UTF-8 such a byte is always a
// character of its own, so splitting text at them byte by byte is
// splitting it at those characters.
type asciiSet [256]bool

func makeASCIISet(chars string) asciiSet {
	var s asciiSet
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return s
}

var (
	// tokenDelimiters separate the tokens of a value that findSecret
	// checks one by one.
	tokenDelimiters = makeASCIISet(" \t\n\r,;\"'()<>")
	// urlDelimiters split URLs and assignments into the parts a key
	// could be.
	urlDelimiters = makeASCIISet("/?&#@:=.")
	// prefixesByStart are secretPrefixes by their first byte, in order.
	prefixesByStart = func() (by [256][]secretPrefix) {
		for _, p := range secretPrefixes {
			by[p.prefix[0]] = append(by[p.prefix[0]], p)
		}
		return by
	}()
)

// nextField returns the first field of s (a run of bytes not in delims)
// and what follows it, or "" when s holds no field. The fields are
// iterated without a slice or a call per character: lint checks every
// literal of a configuration, and every file whole first.
func nextField(s string, delims *asciiSet) (field, rest string) {
	i := 0
	for i < len(s) && delims[s[i]] {
		i++
	}
	j := i
	for j < len(s) && !delims[s[j]] {
		j++
	}
	return s[i:j], s[j:]
}

func prefixSecret(tok string) *secretMatch {
	if tok == "" {
		return nil
	}
	for _, p := range prefixesByStart[tok[0]] {
		if !strings.HasPrefix(tok, p.prefix) {
			continue
		}
		if p.exact != 0 && len(tok) != p.exact || p.exact == 0 && len(tok) < p.minLen {
			continue
		}
		if p.charset != "" && strings.Trim(tok[len(p.prefix):], p.charset) != "" {
			continue
		}
		return &secretMatch{kind: p.kind, secret: tok}
	}
	return nil
}

// assignedSecret finds "password=..." and "token: ..." written in one token.
func assignedSecret(tok string) *secretMatch {
	i := indexAssign(tok)
	if i <= 0 || i == len(tok)-1 {
		return nil
	}
	key, val := tok[:i], strings.Trim(tok[i+1:], "=:")
	if !assignmentKey(key) || len(val) < 6 || strings.HasPrefix(val, "//") || placeholder(val) {
		return nil
	}
	return &secretMatch{kind: "a " + strings.ToLower(key) + " assignment", secret: val}
}

// indexAssign is strings.IndexAny(tok, "=:") without building a set per
// call.
func indexAssign(tok string) int {
	for i := 0; i < len(tok); i++ {
		if tok[i] == '=' || tok[i] == ':' {
			return i
		}
	}
	return -1
}

func urlPassword(tok string) *secretMatch {
	if !strings.Contains(tok, "://") || !strings.Contains(tok, "@") {
		return nil
	}
	u, err := url.Parse(tok)
	if err != nil || u.User == nil {
		return nil
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		return &secretMatch{kind: "a password in a URL", secret: pw}
	}
	return nil
}

func secretName(key string) bool {
	k := strings.ToLower(key)
	if k == "" {
		return false
	}
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// assignmentKeys end the key of a "key=value" that holds a secret; a
// suffix match keeps "author=..." or "tokenizer=..." out.
var assignmentKeys = []string{"password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "access_key", "private_key", "credentials"}

func assignmentKey(key string) bool {
	k := strings.ReplaceAll(strings.ToLower(strings.TrimLeft(key, "-")), "-", "_")
	for _, w := range assignmentKeys {
		if strings.HasSuffix(k, w) {
			return true
		}
	}
	return false
}

func placeholder(v string) bool {
	l := strings.ToLower(v)
	// "[REDACTED" is redact's own marker: scrub must not redact it again.
	return strings.HasPrefix(l, "${") || strings.HasPrefix(l, "<") || strings.HasPrefix(l, "[redacted") || strings.Contains(l, "xxxx") || l == "changeme" || l == "redacted"
}

// looksRandom reports a long value without spaces whose characters are
// spread like a generated secret (Shannon entropy of at least 3.5 bits per
// character over at least 16 characters).
func looksRandom(v string) bool {
	if len(v) < 16 || strings.ContainsAny(v, " \t\n") || placeholder(v) {
		return false
	}
	counts := map[rune]float64{}
	n := 0.0
	for _, r := range v {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := c / n
		h -= p * math.Log2(p)
	}
	return h >= 3.5
}

// redact replaces the secret in value with a marker that keeps only a
// recognisable prefix and the length.
func redact(value string, m *secretMatch) string {
	keep := ""
	for _, p := range secretPrefixes {
		if strings.HasPrefix(m.secret, p.prefix) {
			keep = p.prefix
			break
		}
	}
	marker := keep + "[REDACTED " + itoa(len(m.secret)) + " chars]"
	return strings.Replace(value, m.secret, marker, 1)
}
