package jsonschema

import (
	"strings"
	"testing"
)

// Every schema compiles with the others, and a document that breaks one
// is refused with the violation named.
func TestValidate(t *testing.T) {
	entries, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		err := Validate(e.Name(), []byte(`{"format_version": "no such version"}`))
		if err == nil || strings.Contains(err.Error(), "compile") || !strings.Contains(err.Error(), e.Name()) {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
	ok := `{"format_version": 1, "valid": true, "error_count": 0, "warning_count": 0, "diagnostics": []}`
	if err := Validate("validate.schema.json", []byte(ok)); err != nil {
		t.Error(err)
	}
	bad := strings.Replace(ok, `"diagnostics": []`, `"diagnostics": [{"severity": "fatal", "summary": "x"}]`, 1)
	if err := Validate("validate.schema.json", []byte(bad)); err == nil || !strings.Contains(err.Error(), "severity") {
		t.Errorf("bad severity: %v", err)
	}
	// format_version is a number in every document; the string "1" of
	// earlier lint and validate output is refused.
	for _, name := range []string{"validate.schema.json", "lint.schema.json"} {
		doc := strings.Replace(ok, `"format_version": 1`, `"format_version": "1"`, 1)
		if err := Validate(name, []byte(doc)); err == nil || !strings.Contains(err.Error(), "format_version") {
			t.Errorf("%s accepts a string format_version: %v", name, err)
		}
	}
	if err := Validate("nope.schema.json", []byte(ok)); err == nil {
		t.Error("an unknown schema validated")
	}
}
