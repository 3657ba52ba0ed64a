package state

import (
	"bytes"
	"context"
	"testing"
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
		start, buf, err := findTail(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if int(start)+len(buf) != len(data) {
			t.Fatalf("tail at %d of %d bytes, len %d", start, len(data), len(buf))
		}
		ts := scanTail(buf, start)
		if ts.goodEnd > len(buf) {
			t.Fatalf("good end %d beyond %d", ts.goodEnd, len(buf))
		}
		if ts.replay != nil {
			s := ts.replay.Snapshot()
			_ = s.Clone()
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			Decode(line, 1)
			fastHeader(line)
		}
		var chain Chain
		rep := &VerifyReport{}
		ScanLines(context.Background(), bytes.NewReader(data), func(n int64, line []byte, complete bool) error {
			return verifyLine(&chain, rep, n, line)
		})
	})
}
