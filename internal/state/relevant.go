package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
)

// The history of one address is a needle search: the file is read in large
// chunks, searched for the quoted address with bytes.Index (a vector scan),
// and only the lines that hold it are decoded. A second cursor finds the
// apply_start and apply_end records, so that each version knows its apply.

// applyMarker is how apply_start and apply_end records encode their kind.
var applyMarker = []byte(`"kind":"apply_`)

// chunkSize is the read size of the scanners; a longer line grows it.
const chunkSize = 4 << 20

// scanRelevant calls fn, in order, for each record of the log file at path
// that mentions one of names (checkpoints and applies aside), with the
// apply it belongs to.
func scanRelevant(ctx context.Context, path string, names []string, fn func(*Record, *Apply)) error {
	f, err := openLog(path, os.O_RDONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	s := &relevantScan{fn: fn, marker: newFinder(applyMarker)}
	for _, n := range names {
		q, _ := json.Marshal(n)
		s.needles = append(s.needles, newFinder(q))
	}
	return readChunks(f, func(chunk []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return s.chunk(chunk)
	})
}

// relevantScan carries the open apply from one chunk to the next.
type relevantScan struct {
	needles   []finder
	marker    finder
	fn        func(*Record, *Apply)
	applyLine []byte // the open apply's start record, decoded on demand
	apply     *Apply
}

// chunk handles a run of complete lines.
func (s *relevantScan) chunk(data []byte) error {
	next := make([]int, len(s.needles)) // next match per needle, -1: none
	for i, n := range s.needles {
		next[i] = n.index(data, 0)
	}
	marker := s.marker.index(data, 0)
	pos := 0
	for {
		m := -1
		for i, n := range s.needles {
			if next[i] >= 0 && next[i] < pos {
				next[i] = n.index(data, pos)
			}
			if next[i] >= 0 && (m < 0 || next[i] < m) {
				m = next[i]
			}
		}
		if m < 0 {
			marker = s.applies(data, marker, len(data))
			return nil
		}
		start := bytes.LastIndexByte(data[:m], '\n') + 1
		end := m + bytes.IndexByte(data[m:], '\n')
		pos = end + 1
		marker = s.applies(data, marker, start)
		if err := s.line(data[start:end]); err != nil {
			return err
		}
	}
}

// applies follows the apply markers before limit and returns the next one.
func (s *relevantScan) applies(data []byte, marker, limit int) int {
	for marker >= 0 && marker < limit {
		start := bytes.LastIndexByte(data[:marker], '\n') + 1
		end := marker + bytes.IndexByte(data[marker:], '\n')
		if h, ok := fastHeader(data[start:end]); ok {
			switch h.Kind {
			case KindApplyStart:
				s.applyLine, s.apply = append(s.applyLine[:0], data[start:end]...), nil
			case KindApplyEnd:
				s.applyLine, s.apply = s.applyLine[:0], nil
			}
		}
		marker = s.marker.index(data, end+1)
	}
	return marker
}

// line decodes one line that mentions a name and passes it on.
func (s *relevantScan) line(line []byte) error {
	h, ok := fastHeader(line)
	if ok && (h.Kind == KindCheckpoint || h.Kind == KindApplyStart || h.Kind == KindApplyEnd) {
		return nil
	}
	rec, err := Decode(line, h.Seq)
	if err != nil {
		return err
	}
	if s.apply == nil && len(s.applyLine) > 0 {
		if ar, err := Decode(s.applyLine, 0); err == nil {
			s.apply = ar.Apply
		}
	}
	s.fn(&rec, s.apply)
	return nil
}

// readChunks reads r in large chunks and calls fn with each run of complete
// lines. A last line without a newline (a torn write) is left out.
func readChunks(r io.Reader, fn func(lines []byte) error) error {
	buf := make([]byte, chunkSize)
	n := 0
	for {
		m, err := io.ReadFull(r, buf[n:])
		n += m
		if end := bytes.LastIndexByte(buf[:n], '\n') + 1; end > 0 {
			if ferr := fn(buf[:end]); ferr != nil {
				return ferr
			}
			n = copy(buf, buf[end:n])
		} else if n == len(buf) {
			buf = append(buf, make([]byte, len(buf))...)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
