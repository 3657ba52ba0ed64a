package state

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"terrarium/internal/origin"
)

// FuzzReader feeds arbitrary bytes to everything that reads a log: the
// backward checkpoint search, the tail scan with its torn-tail rule, the
// record decoder and the verifier. None may panic, and a tail judged torn
// must end after the good records.
func FuzzReader(f *testing.F) {
	f.Add([]byte(`{"format_version":1,"seq":1,"prev":"","time":"2026-03-01T09:00:00Z","kind":"init","init":{"stack":"s","lineage":"l"}}` + "\n"))
	f.Add([]byte(`{"format_version":1,"seq":2,"prev":"x","time":"2026-03-01T09:00:00Z","kind":"checkpoint","checkpoint":{"stack":"s","lineage":"l","serial":1,"resources":{"a":null}}}` + "\n"))
	f.Add([]byte(`{"format_version":9}` + "\n"))
	f.Add([]byte("\n\n{\"kind\":\"checkpoint\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start, buf, cp, err := findTail(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if int(start)+len(buf) != len(data) {
			t.Fatalf("tail at %d of %d bytes, len %d", start, len(data), len(buf))
		}
		ts := scanTail(buf, start, cp)
		if ts.goodEnd > len(buf) {
			t.Fatalf("good end %d beyond %d", ts.goodEnd, len(buf))
		}
		if ts.replay != nil {
			s := ts.replay.Snapshot()
			_ = s.Clone()
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			Decode(line, 1)
			if h, ok := fastHeader(line); ok {
				fastLight(line, h)
			}
		}
		var chain Chain
		rep := &VerifyReport{}
		ScanLines(context.Background(), bytes.NewReader(data), func(n int64, line []byte, complete bool) error {
			return verifyLine(&chain, rep, n, line)
		})
	})
}

// TestFastLightAgreesWithDecode checks the stack history's shortcut against
// a full decode on every record of the fixture, and on escaped strings.
func TestFastLightAgreesWithDecode(t *testing.T) {
	var chain Chain
	recs := []Record{
		{Kind: KindIntent, Intent: &Intent{ID: `i"1\`, Op: OpUpdate, Address: `environment.x["a\"b"]`}},
		{Kind: KindResult, Result: &Result{IntentID: `i"1\`, Op: OpUpdate, Address: `environment.x["a\"b"]`, OK: true}},
		{Kind: KindResult, Result: &Result{IntentID: "i2", OK: false, Error: &ErrorInfo{Message: "no"}}},
		{Kind: KindIntent, Intent: &Intent{ID: "i3", Op: OpMove, Address: "b", From: "a"}},
		// A record's origin comes last: the fast path still reads it.
		{Kind: KindIntent, Intent: &Intent{ID: "i4", Op: OpCreate, Address: "c"}, Origin: &origin.Origin{APIURL: "https://api.example", OrganizationID: "o"}},
		{Kind: KindResult, Result: &Result{IntentID: "i4", Op: OpCreate, Address: "c", OK: true}, Origin: &origin.Origin{APIURL: "https://api.example"}},
	}
	for _, rec := range recs {
		line, err := chain.Seal(&rec, time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		h, _ := fastHeader(line)
		fast, ok := fastLight(line, h)
		var slow lightRecord
		json.Unmarshal(line, &slow)
		// The stack history reads a run's origin from its apply_start
		// record; the fast path, for intents and results, leaves it out.
		slow.Origin = nil
		if !ok {
			if rec.Kind == KindIntent && rec.Intent.Op != OpMove || rec.Kind == KindResult && rec.Result.OK {
				t.Errorf("no fast path for %s", line)
			}
			continue
		}
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(slow)
		if !bytes.Equal(a, b) {
			t.Errorf("fast %s\nslow %s", a, b)
		}
	}
}

func FuzzFinder(f *testing.F) {
	f.Add([]byte(`{"a":"environment.x","kind":"apply_start"}`), []byte(`"environment.x"`))
	f.Fuzz(func(t *testing.T, data, needle []byte) {
		if len(needle) == 0 {
			return
		}
		if got, want := newFinder(needle).index(data, 0), bytes.Index(data, needle); got != want {
			t.Fatalf("index = %d, bytes.Index = %d", got, want)
		}
	})
}
