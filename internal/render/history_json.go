package render

import (
	"io"

	"terrarium/internal/render/escape"
	"terrarium/internal/state"
)

// HistoryJSONFormatVersion versions the JSON of every history view. Version
// 2 gave changes and egress the shape of a plan's fields and egress items
// (schema/jsonschema/history.schema.json).
const HistoryJSONFormatVersion = 2

// StackHistoryJSON is the JSON of history.
type StackHistoryJSON struct {
	FormatVersion int           `json:"format_version"`
	Stack         string        `json:"stack"`
	Lineage       string        `json:"lineage"`
	Entries       []state.Entry `json:"entries"`
}

// StackHistoryAsJSON writes history as JSON.
func StackHistoryAsJSON(w io.Writer, s *state.Snapshot, entries []state.Entry) error {
	if entries == nil {
		entries = []state.Entry{}
	}
	return writeStateJSON(w, StackHistoryJSON{FormatVersion: HistoryJSONFormatVersion, Stack: s.Stack, Lineage: s.Lineage, Entries: entries})
}

// AddressHistoryJSON is the JSON of history ADDRESS.
type AddressHistoryJSON struct {
	FormatVersion int `json:"format_version"`
	*state.AddressHistory
}

// AddressHistoryAsJSON writes history ADDRESS as JSON, oldest first.
func AddressHistoryAsJSON(w io.Writer, h *state.AddressHistory) error {
	return writeStateJSON(w, AddressHistoryJSON{FormatVersion: HistoryJSONFormatVersion, AddressHistory: redactHistory(h)})
}

// VersionJSON is the JSON of history ADDRESS --version N.
type VersionJSON struct {
	FormatVersion int            `json:"format_version"`
	Address       string         `json:"address"`
	Version       *state.Version `json:"version"`
}

// VersionAsJSON writes one version whole as JSON.
func VersionAsJSON(w io.Writer, address string, v *state.Version) error {
	rv := redactVersion(*v)
	return writeStateJSON(w, VersionJSON{FormatVersion: HistoryJSONFormatVersion, Address: address, Version: &rv})
}

// VersionText writes one version whole: a header and the object as HCL.
func VersionText(w io.Writer, address string, v *state.Version, colorOn bool) error {
	c := newStateColors(colorOn)
	rv := redactVersion(*v)
	v = &rv
	writeVersionHeader(w, c, *v, address)
	escape.Fterm(w, "ID:     %s\n\n", v.Live.ID)
	return writeHCL(w, v.Address, v.Live.EnvSpec)
}

// VersionHCL writes one version as an HCL block ready to paste.
func VersionHCL(w io.Writer, v *state.Version) error {
	rv := redactVersion(*v)
	v = &rv
	return writeHCL(w, v.Address, v.Live.EnvSpec)
}

// VersionDiffJSON is the JSON of history ADDRESS --diff A..B.
type VersionDiffJSON struct {
	FormatVersion int `json:"format_version"`
	*state.VersionDiff
}

// VersionDiffAsJSON writes a diff between two versions as JSON.
func VersionDiffAsJSON(w io.Writer, d *state.VersionDiff) error {
	return writeStateJSON(w, VersionDiffJSON{FormatVersion: HistoryJSONFormatVersion, VersionDiff: redactDiff(d)})
}
