package pgstate

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"terrarium/internal/state"
)

// localLines builds a log the way the local backend writes it.
func localLines(t *testing.T, stack, lineage string, applies int) [][]byte {
	t.Helper()
	var chain state.Chain
	recs := []state.Record{{Kind: state.KindInit, Init: &state.Init{Stack: stack, Lineage: lineage}}}
	for s := 1; s <= applies; s++ {
		recs = append(recs, applyRecords(int64(s), "e")...)
	}
	var lines [][]byte
	for i := range recs {
		line, err := chain.Seal(&recs[i], time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
	}
	return lines
}

func TestImportPullRoundTrip(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	lines := localLines(t, "prod", "lin-1", 3)

	// A partial earlier migration is completed; a repeat copies nothing.
	res, err := Import(ctx, cfg, lines[:5])
	if err != nil || res.Copied != 5 {
		t.Fatalf("%+v %v", res, err)
	}
	res, err = Import(ctx, cfg, lines)
	if err != nil || res.Copied != int64(len(lines)-5) || res.Stack != "prod" || res.Lineage != "lin-1" {
		t.Fatalf("%+v %v", res, err)
	}
	if res, err = Import(ctx, cfg, lines); err != nil || res.Copied != 0 {
		t.Fatalf("%+v %v", res, err)
	}

	l := openLog(t, cfg, "prod")
	if s := l.Snapshot(); s.Lineage != "lin-1" || s.Serial != 3 {
		t.Fatalf("%+v", s)
	}
	var buf bytes.Buffer
	if _, err := l.WriteJSONL(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	want := append(bytes.Join(lines, []byte("\n")), '\n')
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("pull is not byte-identical:\n%s\nwant\n%s", buf.Bytes(), want)
	}

	// The log continues in the database on the same chain.
	if err := l.Append(ctx, applyRecords(4, "e")...); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestImportRefuses(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()
	lines := localLines(t, "prod", "lin-1", 2)
	if _, err := Import(ctx, cfg, lines); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		lines [][]byte
		want  string
	}{
		"lineage": {localLines(t, "prod", "lin-2", 2), "lineage mismatch"},
		"shorter": {lines[:5], "ahead of the local one"},
		"broken":  {append(append([][]byte{}, lines[:3]...), lines[4]), "does not verify"},
		"empty":   {nil, "empty"},
	}
	for name, c := range cases {
		_, err := Import(ctx, cfg, c.lines)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
	}
	// A different record at the same position.
	other := localLines(t, "prod", "lin-1", 2)
	var chain state.Chain
	for i := range other[:6] {
		rec, _ := state.Decode(other[i], int64(i+1))
		if i == 5 {
			rec.Apply.Actor = "someone-else"
			rec.Seq, rec.Prev = 0, ""
			other[i], _ = chain.Seal(&rec, rec.Time)
			continue
		}
		_ = chain.Link(other[i], &rec)
	}
	if _, err := Import(ctx, cfg, other[:6]); err == nil || !strings.Contains(err.Error(), "record 6 differs") {
		t.Errorf("diverged: %v", err)
	}

	// A locked stack is not imported into.
	l := openLog(t, cfg, "prod")
	u, err := l.Lock(ctx, state.LockInfo{Who: "runner"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Unlock()
	var le *state.LockedError
	if _, err := Import(ctx, cfg, localLines(t, "prod", "lin-1", 3)); !errors.As(err, &le) || le.Info.Who != "runner" {
		t.Errorf("locked: %v", err)
	}
}
