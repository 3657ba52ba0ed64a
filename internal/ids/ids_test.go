package ids

import (
	"regexp"
	"testing"
)

func TestNewIsPrefixAnd16HexDigitsAndUnique(t *testing.T) {
	shape := regexp.MustCompile(`^plan_[0-9a-f]{16}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := New("plan_")
		if !shape.MatchString(id) {
			t.Fatalf("New(%q) = %q", "plan_", id)
		}
		if seen[id] {
			t.Fatalf("%s made twice in 1000 calls", id)
		}
		seen[id] = true
	}
}
