package pgstate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// TestSameBytesAsTheLocalLog appends the local fixture's records to the
// postgres backend with the same clock and ids: the stored lines, and so the
// hash chain, are byte-identical, and so is the state.
func TestSameBytesAsTheLocalLog(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := statetest.Fixture(dir); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(dir, state.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	local, err := state.Open(dir, state.Options{Stack: "platform"})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()

	l, err := Open(ctx, cfg, statetest.Options("platform", 0))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	lines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	for i, line := range lines[1:] {
		rec, err := state.Decode(line, int64(i+2))
		if err != nil {
			t.Fatal(err)
		}
		rec.FormatVersion, rec.Seq, rec.Prev = 0, 0, ""
		if err := l.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	var got bytes.Buffer
	if _, err := l.WriteJSONL(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("postgres lines differ from the local log:\n%s\nwant\n%s", got.Bytes(), want)
	}
	if !reflect.DeepEqual(l.Snapshot(), local.Snapshot()) {
		t.Fatalf("state differs:\n got %+v\nwant %+v", l.Snapshot(), local.Snapshot())
	}
	if l.Head() != local.Head() {
		t.Fatalf("head %+v, local %+v", l.Head(), local.Head())
	}
}
