package state

import (
	"errors"
	"testing"
	"time"
)

// A draft sealed onto and dropped (a refused push) leaves the core as it
// was; adopted, it moves the core on, and the lines it sealed fold into a
// fresh core to the same head.
func TestLogCoreDraftAndFold(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	var c LogCore
	c.Reset(0)
	init := Record{Kind: KindInit, Init: &Init{Stack: "s", Lineage: "l"}}
	lines := [][]byte{c.Seal(&init, now)}

	d := c.Draft()
	rec := Record{Kind: KindApplyStart, Apply: &Apply{}}
	line := d.Seal(&rec, now)
	if c.Head().Seq != 1 || c.Snapshot().Serial != 0 {
		t.Fatalf("sealing a draft moved the core: head %d, serial %d", c.Head().Seq, c.Snapshot().Serial)
	}
	c.Adopt(d)
	lines = append(lines, line)
	if c.Head().Seq != 2 || c.Snapshot().Serial != 1 {
		t.Fatalf("adopting a draft: head %d, serial %d", c.Head().Seq, c.Snapshot().Serial)
	}

	var r LogCore
	r.Reset(0)
	for _, l := range lines {
		if _, err := r.Fold(l, r.Chain.Seq+1, nil); err != nil {
			t.Fatal(err)
		}
	}
	if r.Head() != c.Head() || r.Snapshot().Serial != 1 {
		t.Fatalf("folded head %+v, sealed %+v", r.Head(), c.Head())
	}

	// A refused record is linked but not folded, and the refusal is returned.
	var f LogCore
	f.Reset(0)
	refuse := errors.New("not this one")
	if _, err := f.Fold(lines[0], 1, func(*Record) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("Fold = %v, want the check's error", err)
	}
	if f.Snapshot().Stack != "" {
		t.Fatal("a refused record was folded into the state")
	}
	// A line out of order is the chain's error.
	var g LogCore
	g.Reset(0)
	var re *RecordError
	if _, err := g.Fold(lines[1], 1, nil); !errors.As(err, &re) {
		t.Fatalf("Fold of record 2 first = %v, want a *RecordError", err)
	}
}
