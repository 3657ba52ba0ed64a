package render

import (
	"io"

	"terrarium/schema"
)

// ImportJSONFormatVersion versions the JSON of terrarium import --json.
const ImportJSONFormatVersion = 1

// ImportJSON is the JSON form of an import, described by
// schema/jsonschema/import.schema.json.
type ImportJSON struct {
	FormatVersion int    `json:"format_version"`
	Stack         string `json:"stack"`
	Address       string `json:"address"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	// Version is the version of address the state log recorded.
	Version int `json:"version"`
}

// ImportAsJSON writes the import of live, now managed as address by stack
// and recorded as version.
func ImportAsJSON(w io.Writer, stack, address string, version int, live *schema.LiveEnv) error {
	return writeJSONDoc(w, ImportJSON{FormatVersion: ImportJSONFormatVersion, Stack: stack, Address: address, ID: live.ID, Name: live.Name, Version: version})
}
