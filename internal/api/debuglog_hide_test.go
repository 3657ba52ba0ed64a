package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// A hidden value is found as it stands and as JSON writes it: escaped
// quotes and backslashes, HTML characters, control characters.
func TestHideValuesFindsJSONEscapedForms(t *testing.T) {
	for _, v := range []string{`sek"ret`, "sek<ret>&", "sek\tret", `sek\ret`} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"x " + v + " y", `{"d":"x ` + string(b[1:len(b)-1]) + ` y"}`} {
			got := hideValues(s, []string{v, "ab"})
			if strings.Contains(got, "sek") || !strings.Contains(got, "x (sensitive value) y") {
				t.Errorf("hideValues(%q) = %q", s, got)
			}
		}
	}
	if got := hideValues("ab abc", []string{"ab"}); got != "ab abc" {
		t.Errorf("a value shorter than 3 bytes was hidden: %q", got)
	}
}
