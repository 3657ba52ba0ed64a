package plan

import (
	"bytes"
	"encoding/json"
	"fmt"

	"terrarium/internal/atomicfile"
	"terrarium/internal/safefile"
)

// Save writes p to path as indented JSON, readable only by its owner
// (0600, whatever the file it replaces had: a plan holds the live objects
// it was computed from). It goes through atomicfile, so a reader never sees
// half a plan and a crash never leaves one; a symbolic link at path keeps
// pointing at the file it resolves to, which is the one written.
func Save(path string, p *Plan) error {
	b, err := Marshal(p)
	if err != nil {
		return err
	}
	target, err := atomicfile.Resolve(path)
	if err == nil {
		err = atomicfile.Write(target, b)
	}
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// Marshal returns the plan's JSON form, the same as the plan file.
func Marshal(p *Plan) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(b, '\n'), nil
}

// maxPlanFileSize bounds a plan file read, in bytes (1 GiB).
const maxPlanFileSize = 1 << 30

// Load reads a plan file, refusing one written by a newer format.
func Load(path string) (*Plan, error) {
	// A plan file is terrarium's own output, and may be larger than a
	// configuration file; it must still be a regular file (a FIFO would
	// hang the read).
	b, err := safefile.ReadNamed(path, safefile.Limits{MaxFileSize: maxPlanFileSize})
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	p, err := Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// Unmarshal decodes a plan, dispatching on its format_version.
func Unmarshal(b []byte) (*Plan, error) {
	var head struct {
		FormatVersion *int `json:"format_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not a terrarium plan file: %v", err)
	}
	switch {
	case head.FormatVersion == nil:
		return nil, fmt.Errorf("not a terrarium plan file: no format_version")
	case *head.FormatVersion > FormatVersion:
		return nil, fmt.Errorf("plan format_version %d is newer than this terrarium understands (%d); upgrade terrarium", *head.FormatVersion, FormatVersion)
	case *head.FormatVersion < 1:
		return nil, fmt.Errorf("plan format_version %d is not valid", *head.FormatVersion)
	}
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %v", err)
	}
	return &p, nil
}
