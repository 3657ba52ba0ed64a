package render

import (
	"testing"

	"terrarium/schema/jsonschema"
)

// validateJSON checks doc against schema/jsonschema/SCHEMA, reporting every
// violation.
func validateJSON(t *testing.T, schema string, doc []byte) {
	t.Helper()
	if err := jsonschema.Validate(schema, doc); err != nil {
		t.Errorf("%v\n%s", err, doc)
	}
}
