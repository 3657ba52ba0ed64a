package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"terrarium/internal/atomicfile"
	"terrarium/internal/render/escape"
	"terrarium/internal/safefile"
)

// Save writes p to path as indented JSON, readable only by its owner
// (0600, whatever the file it replaces had: a plan holds the live objects
// it was computed from). It goes through atomicfile, so a reader never sees
// half a plan and a crash never leaves one. A symbolic link at path is
// followed only to a plan file in path's directory (atomicfile.ReplaceOwn):
// a link a pull request placed at the -out path cannot make plan
// overwrite another file.
func Save(path string, p *Plan) error {
	b, err := Marshal(p)
	if err != nil {
		return err
	}
	if err := atomicfile.ReplaceOwn(path, b, 0o600, IsPlanFile); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// planHead is how every plan file Marshal writes begins.
var planHead = regexp.MustCompile(`^\{\s*"format_version":\s*[0-9]+,\s*"tool_version":`)

// IsPlanFile reports whether head, the start of a file, is the start of
// a plan file.
func IsPlanFile(head []byte) bool { return planHead.Match(head) }

// Marshal returns the plan's JSON form, the same as the plan file, with
// its digest filled in (p itself is not changed).
func Marshal(p *Plan) ([]byte, error) {
	q := *p
	q.Digest = ""
	sum, err := contentDigest(&q)
	if err != nil {
		return nil, err
	}
	q.Digest = sum
	b, err := json.MarshalIndent(&q, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(b, '\n'), nil
}

// contentDigest is "sha256:" and the hex SHA-256 of p's indented JSON,
// which is what a plan file holds when its digest is empty.
func contentDigest(p *Plan) (string, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode plan: %w", err)
	}
	sum := sha256.Sum256(append(b, '\n'))
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// ErrChanged is the error of a plan file whose content does not match the
// digest it was written with.
var ErrChanged = errors.New("the plan file was changed after it was written (its content no longer matches its digest): do not apply it; run terrarium plan --out FILE again")

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
		// The name is the user's (or a pull request's): one line.
		return nil, fmt.Errorf("%s: %w", escape.Line(path), err)
	}
	return p, nil
}

// Unmarshal decodes a plan, dispatching on its format_version, and checks
// its digest: a plan whose content does not match it is refused with
// ErrChanged. A version-1 plan, which has no digest and cannot be
// verified, is refused with a message to plan again.
func Unmarshal(b []byte) (*Plan, error) {
	var head struct {
		FormatVersion *int `json:"format_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not a terrarium plan file, or one damaged after it was written (%v): run terrarium plan --out FILE again", err)
	}
	switch {
	case head.FormatVersion == nil:
		return nil, fmt.Errorf("not a terrarium plan file: no format_version")
	case *head.FormatVersion > FormatVersion:
		return nil, fmt.Errorf("plan format_version %d is newer than this terrarium understands (%d); upgrade terrarium", *head.FormatVersion, FormatVersion)
	case *head.FormatVersion == 1:
		return nil, fmt.Errorf("plan format_version 1 was written by an older terrarium and carries nothing apply can verify it with: run terrarium plan --out FILE again with this terrarium")
	case *head.FormatVersion < 1:
		return nil, fmt.Errorf("plan format_version %d is not valid", *head.FormatVersion)
	}
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %v", err)
	}
	want := p.Digest
	p.Digest = ""
	got, err := contentDigest(&p)
	if err != nil {
		return nil, err
	}
	if want == "" || want != got {
		return nil, ErrChanged
	}
	p.Digest = want
	return &p, nil
}
