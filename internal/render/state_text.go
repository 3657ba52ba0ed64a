package render

import (
	"fmt"
	"io"
	"slices"
	"time"

	"terrarium/internal/render/escape"
	"terrarium/internal/state"
	"terrarium/schema"
)

// StateJSONFormatVersion versions the JSON of state list, show and verify.
const StateJSONFormatVersion = 1

// StateList writes the managed addresses, one a line, sorted.
func StateList(w io.Writer, s *state.Snapshot) error {
	for _, addr := range stateSortedKeys(s.Resources) {
		if _, err := escape.Fterm(w, "%s\n", addr); err != nil {
			return err
		}
	}
	return nil
}

// StateListJSON is the JSON of state list.
type StateListJSON struct {
	FormatVersion int              `json:"format_version"`
	Stack         string           `json:"stack"`
	Lineage       string           `json:"lineage"`
	Serial        int64            `json:"serial"`
	Resources     []StateListEntry `json:"resources"`
	Pending       []state.Intent   `json:"pending"`
}

// StateListEntry is one managed environment in state list --json.
type StateListEntry struct {
	Address string `json:"address"`
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// StateListAsJSON writes state list as JSON.
func StateListAsJSON(w io.Writer, s *state.Snapshot) error {
	out := StateListJSON{FormatVersion: StateJSONFormatVersion, Stack: s.Stack, Lineage: s.Lineage, Serial: s.Serial,
		Resources: []StateListEntry{}, Pending: redactIntents(s.Pending)}
	if out.Pending == nil {
		out.Pending = []state.Intent{}
	}
	for _, addr := range stateSortedKeys(s.Resources) {
		r := s.Resources[addr]
		out.Resources = append(out.Resources, StateListEntry{Address: addr, ID: r.ID, Version: r.Version})
	}
	return writeStateJSON(w, out)
}

// StateShow writes one managed environment: a header comment and its
// recorded object as an HCL block.
func StateShow(w io.Writer, r *state.Resource, colorOn bool) error {
	r = redactResource(r)
	c := newStateColors(colorOn)
	fmt.Fprintln(w, c.paint(c.header, escape.Term("# %s (v%d)", r.Address, r.Version)))
	escape.Fterm(w, "# id:         %s\n", r.ID)
	fmt.Fprintf(w, "# created_at: %s\n", stateTime(r.Live.CreatedAt))
	fmt.Fprintf(w, "# updated_at: %s\n", stateTime(r.Live.UpdatedAt))
	if r.Live.ArchivedAt != nil {
		fmt.Fprintf(w, "# archived_at: %s\n", stateTime(*r.Live.ArchivedAt))
	}
	if r.PreventDestroy {
		fmt.Fprintln(w, "# prevent_destroy: true")
	}
	if r.Origin != nil {
		fmt.Fprintf(w, "# origin:     %s\n", r.Origin)
	}
	return writeHCL(w, r.Address, r.Live.EnvSpec)
}

// writeHCL writes an environment as an HCL block. hclwrite quotes every
// string; escaping the result as terminal text keeps any character it
// leaves raw (a hidden formatting character) visible.
func writeHCL(w io.Writer, address string, spec schema.EnvSpec) error {
	_, err := io.WriteString(w, escape.Block(string(schema.EnvironmentHCL(address, spec))))
	return err
}

// StateShowJSON is the JSON of state show.
type StateShowJSON struct {
	FormatVersion int             `json:"format_version"`
	Address       string          `json:"address"`
	Resource      *state.Resource `json:"resource"`
}

// StateShowAsJSON writes state show as JSON.
func StateShowAsJSON(w io.Writer, r *state.Resource) error {
	return writeStateJSON(w, StateShowJSON{FormatVersion: StateJSONFormatVersion, Address: r.Address, Resource: redactResource(r)})
}

// StateVerify writes the outcome of state verify.
func StateVerify(w io.Writer, rep *state.VerifyReport, colorOn bool) error {
	c := newStateColors(colorOn)
	if rep.Bad == nil {
		_, err := escape.Fterm(w, "%s: %d records, %d checkpoints, hash chain %s (stack %s, lineage %s)\n",
			rep.Path, rep.Records, rep.Checkpoints, c.paint(c.add, "intact"), rep.Stack, rep.Lineage)
		return err
	}
	_, err := escape.Fterm(w, "%s: %s at record %d: %s\n%d records before it are intact.\n",
		rep.Path, c.paint(c.bad, "hash chain broken"), rep.Bad.Seq, rep.Bad.Reason, rep.Records)
	return err
}

// StateVerifyJSON is the JSON of state verify.
type StateVerifyJSON struct {
	FormatVersion int  `json:"format_version"`
	OK            bool `json:"ok"`
	*state.VerifyReport
}

// StateVerifyAsJSON writes state verify as JSON.
func StateVerifyAsJSON(w io.Writer, rep *state.VerifyReport) error {
	return writeStateJSON(w, StateVerifyJSON{FormatVersion: StateJSONFormatVersion, OK: rep.Bad == nil, VerifyReport: rep})
}

func writeStateJSON(w io.Writer, v any) error {
	enc := newJSONEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func stateTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// stateSortedKeys returns the keys of m in order.
func stateSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
