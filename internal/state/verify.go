package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// VerifyReport is the outcome of checking a whole log.
type VerifyReport struct {
	Path        string `json:"path"`
	Stack       string `json:"stack,omitempty"`
	Lineage     string `json:"lineage,omitempty"`
	Records     int64  `json:"records"` // good records before the first bad one
	Checkpoints int    `json:"checkpoints"`
	Head        string `json:"head,omitempty"` // hash of the last record, when all are good
	// Bad is the first bad record; nil when the whole chain holds.
	Bad *RecordError `json:"bad,omitempty"`
}

// MarshalJSON encodes a RecordError as {"seq", "reason"}.
func (e *RecordError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Seq    int64  `json:"seq"`
		Reason string `json:"reason"`
	}{e.Seq, e.Reason})
}

// Verify checks the whole chain of the log at path: every line is valid
// JSON of a known format version, numbered in order, and holds the hash of
// the line before it. It reports the first bad record in the report, and
// returns an error only when the file cannot be read. A change inside the
// last record cannot be seen: no record holds its hash yet.
func Verify(ctx context.Context, path string) (*VerifyReport, error) {
	f, err := openLog(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep := &VerifyReport{Path: path}
	var chain Chain
	var prev []byte
	err = ScanLines(ctx, f, func(n int64, line []byte, complete bool) error {
		if !complete {
			return &RecordError{Seq: n, Reason: "incomplete last line (no newline): a torn write, recovered on the next open"}
		}
		if err := verifyLine(&chain, rep, n, line); err != nil {
			return blame(err, prev, n)
		}
		rep.Records = n
		rep.Head = chain.Hash
		prev = append(prev[:0], line...)
		return nil
	})
	if err == nil && len(prev) > 0 {
		// No record holds the last one's hash: decode it whole instead.
		if _, derr := Decode(prev, rep.Records); derr != nil {
			err = derr
			rep.Records--
		}
	}
	if err := rep.Classify(err); err != nil {
		return nil, err
	}
	if rep.Bad != nil {
		rep.Records = min(rep.Records, rep.Bad.Seq-1)
		rep.Head = ""
	}
	if rep.Records == 0 && rep.Bad == nil {
		rep.Bad = &RecordError{Seq: 1, Reason: "the log is empty"}
	}
	return rep, nil
}

// Classify records a verification failure: a *RecordError or
// *FutureVersionError in err becomes rep.Bad and Classify returns nil; any
// other error (the log could not be read) is returned as it is. Every
// backend's verify reports through it.
func (rep *VerifyReport) Classify(err error) error {
	var re *RecordError
	var fe *FutureVersionError
	switch {
	case errors.As(err, &re):
		rep.Bad = re
	case errors.As(err, &fe):
		rep.Bad = &RecordError{Seq: fe.Seq, Reason: fe.Error()}
	default:
		return err
	}
	return nil
}

// blame turns a broken link at record n into the better report when the
// record before it does not even decode: that record is the damaged one.
func blame(err error, prev []byte, n int64) error {
	var re *RecordError
	if n < 2 || !errors.As(err, &re) || re.Seq != n {
		return err
	}
	if _, derr := Decode(prev, n-1); derr != nil {
		return derr
	}
	return err
}

// verifyLine checks one line. The first record is decoded whole; the rest
// only as far as the chain needs: the next record's hash vouches for every
// byte of a line, and the writer only writes valid records.
func verifyLine(chain *Chain, rep *VerifyReport, n int64, line []byte) error {
	if n == 1 {
		rec, err := Decode(line, 1)
		if err != nil {
			return err
		}
		if rec.Kind != KindInit {
			return &RecordError{Seq: 1, Reason: fmt.Sprintf("the first record is %s, not init", rec.Kind)}
		}
		rep.Stack, rep.Lineage = rec.Init.Stack, rec.Init.Lineage
		return chain.Link(line, &rec)
	}
	h, ok := fastHeader(line)
	if !ok || !knownKind(h.Kind) {
		rec, err := Decode(line, n)
		if err != nil {
			return err
		}
		h = header{FormatVersion: rec.FormatVersion, Seq: rec.Seq, Prev: rec.Prev, Kind: rec.Kind}
	}
	if h.FormatVersion > FormatVersion {
		return &FutureVersionError{Seq: n, Version: h.FormatVersion}
	}
	if h.Kind == KindCheckpoint {
		rep.Checkpoints++
	}
	return chain.Link(line, &Record{Seq: h.Seq, Prev: h.Prev})
}

var (
	hdrVersion = []byte(`{"format_version":`)
	hdrSeq     = []byte(`,"seq":`)
	hdrPrev    = []byte(`,"prev":"`)
	hdrKind    = []byte(`","time":"`)
	hdrKindKey = []byte(`","kind":"`)
)

// fastHeader reads the fields Seal writes first, in Seal's order, without
// a full decode. ok is false for any other layout.
func fastHeader(line []byte) (h header, ok bool) {
	rest, ok := bytes.CutPrefix(line, hdrVersion)
	if !ok {
		return h, false
	}
	var num []byte
	num, rest, ok = bytes.Cut(rest, hdrSeq)
	if !ok {
		return h, false
	}
	v, err := strconv.Atoi(string(num))
	if err != nil {
		return h, false
	}
	num, rest, ok = bytes.Cut(rest, hdrPrev)
	if !ok {
		return h, false
	}
	seq, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		return h, false
	}
	prev, rest, ok := bytes.Cut(rest, hdrKind)
	if !ok || bytes.IndexByte(prev, '"') >= 0 {
		return h, false
	}
	_, rest, ok = bytes.Cut(rest, hdrKindKey)
	if !ok {
		return h, false
	}
	kind, _, ok := bytes.Cut(rest, []byte(`"`))
	if !ok {
		return h, false
	}
	return header{FormatVersion: v, Seq: seq, Prev: string(prev), Kind: Kind(kind)}, true
}

func knownKind(k Kind) bool {
	switch k {
	case KindApplyStart, KindApplyEnd, KindIntent, KindResult, KindRefresh,
		KindImport, KindForget, KindMove, KindCheckpoint:
		return true
	}
	return false
}
