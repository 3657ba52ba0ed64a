package state_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terrarium/internal/state"
)

// verifyBytes writes data as a log and verifies it.
func verifyBytes(t *testing.T, data []byte) *state.VerifyReport {
	t.Helper()
	path := filepath.Join(t.TempDir(), state.LogFile)
	os.WriteFile(path, data, 0o600)
	rep, err := state.Verify(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func fixtureLines(t *testing.T) [][]byte {
	data, _ := logBytes(t)
	return bytes.Split(data[:len(data)-1], []byte("\n"))
}

func TestVerifyGood(t *testing.T) {
	data, _ := logBytes(t)
	rep := verifyBytes(t, data)
	if rep.Bad != nil || rep.Records != int64(bytes.Count(data, []byte("\n"))) || rep.Stack != "platform" {
		t.Fatalf("%+v", rep)
	}
}

func TestVerifyDetectsDamage(t *testing.T) {
	lines := fixtureLines(t)
	join := func(ls [][]byte) []byte { return append(bytes.Join(ls, []byte("\n")), '\n') }
	cases := map[string]struct {
		data    func() []byte
		wantSeq int64
		want    string
	}{
		"flipped bit in a string": {func() []byte {
			ls := cloneLines(lines)
			i := bytes.Index(ls[4], []byte("environment."))
			ls[4][i] ^= 0x20 // 'e' -> 'E': still valid JSON
			return join(ls)
		}, 6, "prev hash does not match record 5"},
		"flipped bit breaking JSON": {func() []byte {
			ls := cloneLines(lines)
			ls[2][0] ^= 1
			return join(ls)
		}, 3, "not a valid record"},
		"flipped bit in the body breaking JSON": {func() []byte {
			ls := cloneLines(lines)
			i := bytes.LastIndex(ls[4], []byte(`":`))
			ls[4][i+1] = ';'
			return join(ls)
		}, 5, "not a valid record"},
		"last record broken": {func() []byte {
			ls := cloneLines(lines)
			last := ls[len(ls)-1]
			last[len(last)-1] = ' '
			return join(ls)
		}, int64(len(lines)), "not a valid record"},
		"reordered": {func() []byte {
			ls := cloneLines(lines)
			ls[3], ls[4] = ls[4], ls[3]
			return join(ls)
		}, 4, "sequence number is 5, want 4"},
		"deleted": {func() []byte {
			ls := cloneLines(lines)
			return join(append(ls[:5], ls[6:]...))
		}, 6, "sequence number is 7, want 6"},
		"deleted first": {func() []byte { return join(cloneLines(lines)[1:]) }, 1, "not init"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			rep := verifyBytes(t, c.data())
			if rep.Bad == nil || rep.Bad.Seq != c.wantSeq || !strings.Contains(rep.Bad.Reason, c.want) {
				t.Fatalf("bad = %+v, want record %d %q", rep.Bad, c.wantSeq, c.want)
			}
			if rep.Records != c.wantSeq-1 {
				t.Errorf("records = %d", rep.Records)
			}
		})
	}
}

func cloneLines(ls [][]byte) [][]byte {
	out := make([][]byte, len(ls))
	for i, l := range ls {
		out[i] = bytes.Clone(l)
	}
	return out
}
