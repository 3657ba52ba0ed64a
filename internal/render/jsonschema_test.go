package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// validateJSON checks doc against schema/jsonschema/SCHEMA, reporting every
// violation. The other schemas are registered first under their $id
// (https://terrarium.dev/schema/...), so that references between them
// resolve to the files here rather than to the network.
func validateJSON(t *testing.T, schema string, doc []byte) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "schema", "jsonschema"))
	if err != nil {
		t.Fatal(err)
	}
	sl := gojsonschema.NewSchemaLoader()
	names, _ := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(name) != schema {
			if err := sl.AddSchemas(gojsonschema.NewBytesLoader(b)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, schema))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sl.Compile(gojsonschema.NewBytesLoader(b))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("%s: %s\n%s", schema, e, doc)
	}
}
