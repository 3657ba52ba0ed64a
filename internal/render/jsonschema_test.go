package render

import (
	"path/filepath"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// validateJSON checks doc against schema/jsonschema/SCHEMA, reporting every
// violation.
func validateJSON(t *testing.T, schema string, doc []byte) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", "..", "schema", "jsonschema", schema))
	if err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewReferenceLoader("file://"+filepath.ToSlash(abs)), gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("%s: %s\n%s", schema, e, doc)
	}
}
