// Package jsonschema holds the JSON Schemas of terrarium's machine-readable
// outputs (the *.schema.json files beside this one) and checks documents
// against them. Every schema has an $id under https://terrarium.dev/schema/;
// references between them resolve to these files, never to the network.
package jsonschema

import (
	"embed"
	"fmt"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed *.schema.json
var files embed.FS

// Validate checks doc against the schema in the file name (such as
// "plan.schema.json"). The error lists every violation; it also reports a
// schema that does not exist or does not compile.
func Validate(name string, doc []byte) error {
	entries, err := files.ReadDir(".")
	if err != nil {
		return err
	}
	sl := gojsonschema.NewSchemaLoader()
	var root []byte
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return err
		}
		if e.Name() == name {
			root = b
			continue
		}
		if err := sl.AddSchemas(gojsonschema.NewBytesLoader(b)); err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	if root == nil {
		return fmt.Errorf("no schema %s", name)
	}
	s, err := sl.Compile(gojsonschema.NewBytesLoader(root))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res, err := s.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		return fmt.Errorf("%s: the document is not JSON: %w", name, err)
	}
	if res.Valid() {
		return nil
	}
	var msgs []string
	for _, e := range res.Errors() {
		msgs = append(msgs, e.String())
	}
	return fmt.Errorf("%s: %s", name, strings.Join(msgs, "; "))
}
