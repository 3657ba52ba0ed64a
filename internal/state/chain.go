package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// This file holds the record encoding and the hash chain. It does no I/O so
// that every backend (the local files here, PostgreSQL later) seals and
// checks records the same way and produces byte-identical lines.

// Chain links records into a hash chain: it numbers them and puts the hash
// of each encoded record into the next record's Prev. The zero Chain is the
// position before the first record.
type Chain struct {
	// Seq is the sequence number of the last record (0 before the first).
	Seq int64
	// Hash is HashLine of the last record's line ("" before the first).
	Hash string
}

// HashLine returns the hex SHA-256 of one encoded record, without its
// trailing newline.
func HashLine(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:])
}

// Seal fills rec's FormatVersion, Seq, Prev and (when zero) Time, encodes it
// as one line without the trailing newline, and advances the chain.
func (c *Chain) Seal(rec *Record, now time.Time) ([]byte, error) {
	if err := c.prepare(rec, now); err != nil {
		return nil, err
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encoding %s record: %w", rec.Kind, err)
	}
	c.advance(line)
	return line, nil
}

// prepare checks rec and fills the fields Seal fills, without advancing
// the chain: rec is to be the record after c.
func (c *Chain) prepare(rec *Record, now time.Time) error {
	if err := rec.validate(); err != nil {
		return err
	}
	rec.FormatVersion = FormatVersion
	rec.Seq = c.Seq + 1
	rec.Prev = c.Hash
	if rec.Time.IsZero() {
		rec.Time = now
	}
	rec.Time = rec.Time.UTC()
	return nil
}

// advance moves the chain onto line, the encoding of the record prepare
// filled in.
func (c *Chain) advance(line []byte) {
	c.Seq++
	c.Hash = HashLine(line)
}

// Start positions the chain just after rec, decoded from line: loading
// from a checkpoint trusts the checkpoint's own place in the chain.
func (c *Chain) Start(line []byte, rec *Record) {
	c.Seq = rec.Seq
	c.Hash = HashLine(line)
}

// Link checks that rec, decoded from line, is the next record of the chain
// and advances the chain.
func (c *Chain) Link(line []byte, rec *Record) error {
	switch {
	case rec.Seq != c.Seq+1:
		return &RecordError{Seq: c.Seq + 1, Reason: fmt.Sprintf("sequence number is %d, want %d (a record was deleted, reordered or duplicated)", rec.Seq, c.Seq+1)}
	case rec.Prev != c.Hash:
		return &RecordError{Seq: rec.Seq, Reason: fmt.Sprintf("prev hash does not match record %d (record %d was altered, or records were deleted or reordered)", c.Seq, c.Seq)}
	}
	c.Seq = rec.Seq
	c.Hash = HashLine(line)
	return nil
}

// RecordError reports a bad record by its sequence number (the line number
// in the local file).
type RecordError struct {
	Seq    int64
	Reason string
}

// Error says which record is bad and why.
func (e *RecordError) Error() string {
	return fmt.Sprintf("record %d: %s", e.Seq, e.Reason)
}

// FutureVersionError is returned for a record written by a newer terrarium.
type FutureVersionError struct {
	Seq     int64
	Version int
}

// Error names the version that wrote the record.
func (e *FutureVersionError) Error() string {
	return fmt.Sprintf("record %d was written with state format_version %d, but this terrarium reads up to format_version %d: upgrade terrarium", e.Seq, e.Version, FormatVersion)
}

// header is the part of a record that Verify and the scanners need.
type header struct {
	FormatVersion int    `json:"format_version"`
	Seq           int64  `json:"seq"`
	Prev          string `json:"prev"`
	Kind          Kind   `json:"kind"`
}

// Decode parses one line (without its newline) into a record, dispatching
// on format_version. seq is the expected sequence number, used in messages.
func Decode(line []byte, seq int64) (Record, error) {
	var rec Record
	err := json.Unmarshal(line, &rec)
	if err != nil {
		var h struct {
			FormatVersion int `json:"format_version"`
		}
		if json.Unmarshal(line, &h) == nil && h.FormatVersion > FormatVersion {
			return rec, &FutureVersionError{Seq: seq, Version: h.FormatVersion}
		}
		return rec, &RecordError{Seq: seq, Reason: "not a valid record: " + jsonReason(err)}
	}
	switch {
	case rec.FormatVersion > FormatVersion:
		return rec, &FutureVersionError{Seq: seq, Version: rec.FormatVersion}
	case rec.FormatVersion < 1:
		return rec, &RecordError{Seq: seq, Reason: "missing format_version"}
	}
	if err := rec.validate(); err != nil {
		return rec, &RecordError{Seq: seq, Reason: err.Error()}
	}
	return rec, nil
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("bad JSON at byte %d: %v", se.Offset, se)
	}
	return err.Error()
}

// isFuture reports whether err says a record comes from a newer terrarium.
func isFuture(err error) bool {
	var fe *FutureVersionError
	return errors.As(err, &fe)
}

// validate checks that the payload matches the kind.
func (r *Record) validate() error {
	var ok bool
	switch r.Kind {
	case KindInit:
		ok = r.Init != nil && r.Init.Stack != "" && r.Init.Lineage != ""
	case KindApplyStart, KindApplyEnd:
		ok = r.Apply != nil
	case KindIntent:
		ok = r.Intent != nil && r.Intent.ID != "" && r.Intent.Address != ""
	case KindResult:
		ok = r.Result != nil && r.Result.IntentID != ""
	case KindRefresh, KindImport, KindForget:
		ok = r.Env != nil && r.Env.Address != ""
	case KindMove:
		ok = r.Env != nil && r.Env.Address != "" && r.Env.From != ""
	case KindCheckpoint:
		ok = r.Checkpoint != nil
	default:
		return fmt.Errorf("unknown record kind %q", r.Kind)
	}
	if !ok {
		return fmt.Errorf("%s record is missing its payload", r.Kind)
	}
	return nil
}

// splitLines calls fn for every complete line of buf (without the newline)
// with its offset in buf, and returns the offset just after the last
// newline.
func splitLines(buf []byte, fn func(off int, line []byte) error) (int, error) {
	off := 0
	for off < len(buf) {
		i := bytes.IndexByte(buf[off:], '\n')
		if i < 0 {
			break
		}
		if err := fn(off, buf[off:off+i]); err != nil {
			return off, err
		}
		off += i + 1
	}
	return off, nil
}
