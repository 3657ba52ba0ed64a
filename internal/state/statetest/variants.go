package statetest

import (
	"bytes"
	"os"
	"path/filepath"

	"terrarium/internal/state"
)

// FixtureVariants returns the committed fixture logs by the name of the
// txtar section that carries them: the fixture itself, the fixture with a
// torn last write (a line cut short), and the fixture with one flipped bit in record 5.
func FixtureVariants(tmp string) (map[string][]byte, error) {
	dir := filepath.Join(tmp, "fixture")
	if err := Fixture(dir); err != nil {
		return nil, err
	}
	good, err := os.ReadFile(filepath.Join(dir, state.LogFile))
	if err != nil {
		return nil, err
	}
	lines := bytes.SplitAfter(good, []byte("\n"))
	// txtar ends every file with a newline, so the torn write is a last
	// line cut short: bad JSON rather than a missing newline.
	torn := append(append(bytes.Clone(good), lines[len(lines)-2][:40]...), '\n')
	tampered := bytes.Clone(good)
	off := 0
	for _, l := range lines[:4] {
		off += len(l)
	}
	i := off + bytes.Index(tampered[off:], []byte("environment."))
	tampered[i] ^= 0x20 // 'e' -> 'E': still valid JSON, but the chain breaks
	return map[string][]byte{
		".terrarium/state.jsonl": good,
		"torn/state.jsonl":       torn,
		"tampered/state.jsonl":   tampered,
	}, nil
}
