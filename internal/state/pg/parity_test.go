package pgstate

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"terrarium/internal/state/statetest"
)

// TestSameBytesAsTheLocalLog appends the local fixture's records to the
// postgres backend with the same clock and ids: the stored lines, and so the
// hash chain, are byte-identical, and so is the state.
func TestSameBytesAsTheLocalLog(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	want, local, recs, err := statetest.FixtureCopy(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()

	l, err := Open(ctx, cfg, statetest.Options("platform", 0))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, rec := range recs {
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
